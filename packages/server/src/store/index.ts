// The built-in store: one schema (schema.ts) over SQLite or PostgreSQL, implementing the relying party's stores.
import type { Kysely } from 'kysely';
import type { AccountStores, RegistrationStore, Stores } from '../relying-party/stores.js';
import type { Database } from './schema.js';
import { openSqlite } from './sqlite.js';
import { openPostgres } from './postgres.js';
import { migrateToLatest } from './migrations.js';
import { SqlUserStore } from './users.js';
import { SqlCredentialStore } from './credentials.js';
import { SqlChallengeStore } from './challenges.js';
import { SqlSessionStore } from './sessions.js';
import { SqlSignInStore } from './sign-in.js';
import { SqlRegistrationStore } from './registration.js';
import { SettingsRepository } from './settings.js';
import type { Engine, Sql } from './sql.js';

export type { Database } from './schema.js';
export type { Engine } from './sql.js';
export { dropPostgresSchema } from './postgres.js';
export { postgresPool } from './postgres.js';
export { MIGRATIONS, migrateToLatest, pendingMigrations } from './migrations.js';

/** Every store the relying party uses, credkit's own accounts and sessions included, on one database. */
export interface Store extends Omit<Stores, 'users'>, AccountStores {
  readonly engine: Engine;
  readonly registration: RegistrationStore;
  /** Kysely over the same database: migrations, and tests that reach into rows. */
  readonly db: Kysely<Database>;
  readonly settings: SettingsRepository;
  /** SQL statements run so far by this process. */
  statementCount(): number;
  /** The migrations this open applied (empty when the schema was already current). */
  readonly migrated: readonly string[];
  close(): Promise<void>;
}

export interface StoreOptions {
  /** `sqlite:PATH` or `postgres://...`. */
  databaseUrl: string;
  /** PostgreSQL only: the schema to use (created if missing). */
  databaseSchema?: string;
  /** PostgreSQL only: connections this process may open (default 10). */
  databasePoolSize?: number;
  /** SQLite only: other processes write the same file (the server's workers); default false. */
  sharedSqlite?: boolean;
}

/** Opens the database named by the URL and runs the migrations. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const engine: Engine = options.databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  const opened: { db: Kysely<Database>; sql: Sql; migrated?(): void } =
    engine === 'sqlite'
      ? openSqlite(options.databaseUrl, options.sharedSqlite)
      : await openPostgres(options.databaseUrl, options.databaseSchema, options.databasePoolSize);
  const { db, sql } = opened;
  let migrated: string[];
  try {
    migrated = await migrateToLatest(
      db as Kysely<unknown>,
      engine === 'postgres' ? options.databaseSchema : undefined,
    );
  } catch (e) {
    await db.destroy();
    throw e;
  }
  opened.migrated?.();
  return {
    engine,
    db,
    users: new SqlUserStore(sql),
    credentials: new SqlCredentialStore(sql),
    challenges: new SqlChallengeStore(sql),
    sessions: new SqlSessionStore(sql),
    signIn: new SqlSignInStore(sql),
    registration: new SqlRegistrationStore(sql),
    settings: new SettingsRepository(sql),
    statementCount: () => sql.statements,
    migrated,
    close: () => db.destroy(),
  };
}
