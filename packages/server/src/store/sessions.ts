// Sessions live in the database so any server instance (and worker) serves any request.
import type { FoundSession, SessionRecord, SessionStore } from '../relying-party/stores.js';
import type { SessionsTable, UsersTable } from './schema.js';
import {
  SESSION_COLUMNS,
  descriptorsFromColumn,
  placeholders,
  sessionFromRow,
  sessionParameters,
  userFromRow,
} from './rows.js';
import { jsonArray, type Engine, type Sql } from './sql.js';

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

/** The session and its user in one statement (user columns prefixed u_), then `extra` columns. */
const find = (extra = '') =>
  `select s.id, s.user_id, s.created_at, s.expires_at, s.upgrade_eligible, u.username as u_username, u.display_name as u_display_name, u.password_hash as u_password_hash, u.created_at as u_created_at${extra} from sessions s join users u on u.id = s.user_id where s.id = ? and s.expires_at > ?`;
const FIND = find();

/** The same with the user's passkeys, oldest first, as a JSON array of [id, transports] (one round trip). */
function findWithPasskeys(engine: Engine): string {
  const passkeys =
    engine === 'sqlite'
      ? `(select json_group_array(${jsonArray(engine)}(c.id, c.transports)) from (select id, transports from credentials where user_id = s.user_id and kind = 'passkey' order by created_at, id) c)`
      : `(select coalesce(json_agg(${jsonArray(engine)}(c.id, c.transports) order by c.created_at, c.id), '[]') from credentials c where c.user_id = s.user_id and c.kind = 'passkey')`;
  return find(`, ${passkeys} as passkeys`);
}

type FoundRow = SessionsTable & {
  u_username: string;
  u_display_name: string;
  u_password_hash: string | null;
  u_created_at: number;
  passkeys?: unknown;
};

export class SqlSessionStore implements SessionStore {
  /** findWithPasskeys for this engine. */
  private readonly findWithPasskeysText: string;

  constructor(private readonly sql: Sql) {
    this.findWithPasskeysText = findWithPasskeys(sql.engine);
  }

  async insert(session: SessionRecord): Promise<void> {
    await this.sql.query(INSERT_SESSION, sessionParameters(session));
  }

  async find(id: string, now: Date, include?: { passkeys?: boolean }): Promise<FoundSession | undefined> {
    const text = include?.passkeys ? this.findWithPasskeysText : FIND;
    const row = (await this.sql.query<FoundRow>(text, [id, now.getTime()])).rows[0];
    if (!row) return undefined;
    const user: UsersTable = {
      id: row.user_id,
      username: row.u_username,
      display_name: row.u_display_name,
      password_hash: row.u_password_hash,
      created_at: row.u_created_at,
    };
    return {
      session: sessionFromRow(row),
      user: userFromRow(user),
      ...(include?.passkeys ? { passkeys: descriptorsFromColumn(row.passkeys) } : {}),
    };
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
