// Server-wide settings, e.g. the secret behind fake credential ids, shared by every instance.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export class SettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Returns the stored value, storing `make()` first if the key is new (first writer wins). */
  async getOrCreate(key: string, make: () => string): Promise<string> {
    await this.db
      .insertInto('settings')
      .values({ key, value: make() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    return row.value;
  }
}
