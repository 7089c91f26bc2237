// Accounts: one row per user, keyed by the WebAuthn user handle.
import type { UserRecord, UserStore } from '../relying-party/stores.js';
import type { UsersTable } from './schema.js';
import { isUniqueViolation } from './errors.js';
import { USER_COLUMNS, placeholders, userFromRow, userParameters } from './rows.js';
import type { Sql } from './sql.js';

const INSERT = `insert into users (${USER_COLUMNS}) values (${placeholders(USER_COLUMNS)})`;
const BY_ID = `select ${USER_COLUMNS} from users where id = ?`;
const BY_USERNAME = `select ${USER_COLUMNS} from users where username = ?`;

export class SqlUserStore implements UserStore {
  constructor(private readonly sql: Sql) {}

  async insert(user: UserRecord): Promise<boolean> {
    try {
      await this.sql.query(INSERT, userParameters(user));
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
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
