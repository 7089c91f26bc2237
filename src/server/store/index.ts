// The store: one schema and one set of queries over SQLite or PostgreSQL.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { openSqlite } from './sqlite.js';
import { openPostgres } from './postgres.js';
import { migrateToLatest } from './migrations.js';
import { UserRepository } from './users.js';
import { CredentialRepository } from './credentials.js';
import { ChallengeRepository } from './challenges.js';
import { SessionRepository } from './sessions.js';
import { SettingsRepository } from './settings.js';

export type { Database, CredentialKind, Ceremony } from './schema.js';
export type { UserRow } from './users.js';
export type { CredentialRow } from './credentials.js';
export type { ChallengeRow } from './challenges.js';
export type { SessionRow } from './sessions.js';
export { dropPostgresSchema, postgresPool } from './postgres.js';
export { MIGRATIONS, migrateToLatest, pendingMigrations } from './migrations.js';

export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  readonly db: Kysely<Database>;
  readonly users: UserRepository;
  readonly credentials: CredentialRepository;
  readonly challenges: ChallengeRepository;
  readonly sessions: SessionRepository;
  readonly settings: SettingsRepository;
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
}

/** Opens the database named by the URL and runs the migrations. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const engine = options.databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  const db =
    engine === 'sqlite'
      ? openSqlite(options.databaseUrl)
      : await openPostgres(options.databaseUrl, options.databaseSchema, options.databasePoolSize);
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
  return {
    engine,
    db,
    users: new UserRepository(db, engine),
    credentials: new CredentialRepository(db, engine),
    challenges: new ChallengeRepository(db, engine),
    sessions: new SessionRepository(db, engine),
    settings: new SettingsRepository(db),
    migrated,
    close: () => db.destroy(),
  };
}
