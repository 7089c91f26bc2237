// Sessions live in the database so any server instance (and worker) serves any request.
import type { SessionRecord, SessionStore, UserRecord } from '../relying-party/stores.js';
import type { SessionsTable, UsersTable } from './schema.js';
import { SESSION_COLUMNS, placeholders, sessionFromRow, sessionParameters, userFromRow } from './rows.js';
import type { Sql } from './sql.js';

export const INSERT_SESSION = `insert into sessions (${SESSION_COLUMNS}) values (${placeholders(SESSION_COLUMNS)})`;

/**
 * SQLite: the session, inserted only when the statement just before it (in the same transaction) changed a row:
 * the counter's compare-and-set of a sign-in, the user of a sign-up.
 */
export const INSERT_SESSION_IF_ADDED = `insert into sessions (${SESSION_COLUMNS}) select ?, ?, ?, ?, ? where changes() = 1`;

/**
 * PostgreSQL: the session, inserted once per row of `rows` (a CTE's name in the same statement: one row when the
 * step before it changed one, else none). Its parameters are typed, as a select's are not inferred from the table.
 */
export const insertSessionFrom = (rows: string) =>
  `insert into sessions (${SESSION_COLUMNS}) select ?::text, ?::text, ?::bigint, ?::bigint, ?::integer from ${rows}`;

/** The session and its user in one statement (user columns prefixed u_). */
const FIND = `select s.id, s.user_id, s.created_at, s.expires_at, s.upgrade_eligible, u.username as u_username, u.display_name as u_display_name, u.password_hash as u_password_hash, u.created_at as u_created_at from sessions s join users u on u.id = s.user_id where s.id = ? and s.expires_at > ?`;

type FoundRow = SessionsTable & {
  u_username: string;
  u_display_name: string;
  u_password_hash: string | null;
  u_created_at: number;
};

export class SqlSessionStore implements SessionStore {
  constructor(private readonly sql: Sql) {}

  async insert(session: SessionRecord): Promise<void> {
    await this.sql.query(INSERT_SESSION, sessionParameters(session));
  }

  async find(id: string, now: Date): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
    const row = (await this.sql.query<FoundRow>(FIND, [id, now.getTime()])).rows[0];
    if (!row) return undefined;
    const user: UsersTable = {
      id: row.user_id,
      username: row.u_username,
      display_name: row.u_display_name,
      password_hash: row.u_password_hash,
      created_at: row.u_created_at,
    };
    return { session: sessionFromRow(row), user: userFromRow(user) };
  }

  async delete(id: string): Promise<void> {
    await this.sql.query('delete from sessions where id = ?', [id]);
  }

  async takeUpgradeEligibility(id: string): Promise<boolean> {
    const result = await this.sql.query(
      'update sessions set upgrade_eligible = 0 where id = ? and upgrade_eligible = 1',
      [id],
    );
    return result.changes === 1;
  }

  async deleteExpired(now: Date): Promise<void> {
    await this.sql.query('delete from sessions where expires_at <= ?', [now.getTime()]);
  }
}
