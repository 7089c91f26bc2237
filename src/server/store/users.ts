// Accounts: one row per user, keyed by the WebAuthn user handle.
import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from './schema.js';
import { isUniqueViolation } from './errors.js';
import { FIND_USER, execute, type Engine } from './statements.js';

export type UserRow = Selectable<UsersTable>;

export class UserRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
  ) {}

  /** Inserts a user; false when the username is taken. */
  async insert(user: UserRow): Promise<boolean> {
    try {
      await this.db.insertInto('users').values(user).execute();
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  async findById(id: string): Promise<UserRow | undefined> {
    return (await execute<UserRow>(this.db, this.engine, FIND_USER, [id])).rows[0];
  }

  findByUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  /** Updates username and/or display name; 'taken' when the new username belongs to someone else. */
  async update(
    id: string,
    changes: { username?: string; display_name?: string },
  ): Promise<UserRow | 'taken' | undefined> {
    if (Object.keys(changes).length > 0) {
      try {
        await this.db.updateTable('users').set(changes).where('id', '=', id).execute();
      } catch (e) {
        if (isUniqueViolation(e)) return 'taken';
        throw e;
      }
    }
    return this.findById(id);
  }
}
