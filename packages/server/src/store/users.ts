// Accounts: one row per user, keyed by the WebAuthn user handle.
import type { SessionRecord, UserRecord, UserStore } from '../relying-party/stores.js';
import type { UsersTable } from './schema.js';
import { isUniqueViolation } from './errors.js';
import { USER_COLUMNS, placeholders, sessionParameters, userFromRow, userParameters } from './rows.js';
import type { Sql } from './sql.js';
import { INSERT_SESSION_IF_ADDED, insertSessionFrom } from './sessions.js';

/** The user, unless the username (or, never in practice, the random id) is taken: nothing is changed then. */
const INSERT = `insert into users (${USER_COLUMNS}) values (${placeholders(USER_COLUMNS)}) on conflict do nothing`;
/** PostgreSQL: the user and, when it was added, its first session; one statement. */
const INSERT_WITH_SESSION_POSTGRES = `with added as (${INSERT} returning id) ${insertSessionFrom('added')}`;
const BY_ID = `select ${USER_COLUMNS} from users where id = ?`;
const BY_USERNAME = `select ${USER_COLUMNS} from users where username = ?`;

export class SqlUserStore implements UserStore {
  constructor(private readonly sql: Sql) {}

  async insert(user: UserRecord, session?: SessionRecord): Promise<boolean> {
    if (!session) return (await this.sql.query(INSERT, userParameters(user))).changes === 1;
    if (this.sql.engine === 'postgres') {
      const parameters = [...userParameters(user), ...sessionParameters(session)];
      return (await this.sql.query(INSERT_WITH_SESSION_POSTGRES, parameters)).changes === 1;
    }
    // one transaction: the session only when the user was added (changes() counts the statement before)
    const [added] = await this.sql.transaction([
      [INSERT, userParameters(user)],
      [INSERT_SESSION_IF_ADDED, sessionParameters(session)],
    ]);
    return added!.changes === 1;
  }

  findById(id: string): Promise<UserRecord | undefined> {
    return this.one(BY_ID, id);
  }

  findByUsername(username: string): Promise<UserRecord | undefined> {
    return this.one(BY_USERNAME, username);
  }

  async update(
    id: string,
    changes: { username?: string; displayName?: string },
  ): Promise<UserRecord | 'taken' | undefined> {
    const set: string[] = [];
    const parameters: unknown[] = [];
    if (changes.username !== undefined) {
      set.push('username = ?');
      parameters.push(changes.username);
    }
    if (changes.displayName !== undefined) {
      set.push('display_name = ?');
      parameters.push(changes.displayName);
    }
    if (set.length > 0) {
      try {
        await this.sql.query(`update users set ${set.join(', ')} where id = ?`, [...parameters, id]);
      } catch (e) {
        if (isUniqueViolation(e)) return 'taken';
        throw e;
      }
    }
    return this.findById(id);
  }

  private async one(text: string, key: string): Promise<UserRecord | undefined> {
    const row = (await this.sql.query<UsersTable>(text, [key])).rows[0];
    return row && userFromRow(row);
  }
}
