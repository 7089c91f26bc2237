// Server-wide settings, e.g. the secret behind fake credential ids, shared by every instance.
import type { Sql } from './sql.js';

export class SettingsRepository {
  constructor(private readonly sql: Sql) {}

  /** Returns the stored value, storing `make()` first if the key is new (first writer wins). */
  async getOrCreate(key: string, make: () => string): Promise<string> {
    await this.sql.query('insert into settings (key, value) values (?, ?) on conflict (key) do nothing', [
      key,
      make(),
    ]);
    const { rows } = await this.sql.query<{ value: string }>('select value from settings where key = ?', [
      key,
    ]);
    return rows[0]!.value;
  }
}
