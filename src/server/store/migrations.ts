// Schema migrations, run at start by Kysely's Migrator (which locks, so concurrent starts are safe).
import { type Kysely, type Migration, type MigrationProvider, Migrator, SqliteAdapter, sql } from 'kysely';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('credentials')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('passkey', 'restore')`))
      .addColumn('device_id', 'text')
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('algorithm', 'integer', (c) => c.notNull())
      .addColumn('counter', 'bigint', (c) => c.notNull())
      .addColumn('transports', 'text', (c) => c.notNull())
      .addColumn('aaguid', 'text', (c) => c.notNull())
      .addColumn('backup_eligible', 'integer', (c) => c.notNull())
      .addColumn('backed_up', 'integer', (c) => c.notNull())
      .addColumn('user_verified', 'integer', (c) => c.notNull())
      .addColumn('attestation_format', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint')
      .execute();
    await db.schema.createIndex('credentials_user_id').on('credentials').column('user_id').execute();
    // One restore key per user per device.
    await db.schema
      .createIndex('credentials_restore_device')
      .on('credentials')
      .columns(['user_id', 'device_id'])
      .unique()
      .where(sql.ref('kind'), '=', 'restore')
      .execute();
    await db.schema
      .createTable('challenges')
      .addColumn('challenge', 'text', (c) => c.primaryKey())
      .addColumn('ceremony', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('device_id', 'text')
      .addColumn('conditional', 'integer', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('challenges_expires_at').on('challenges').column('expires_at').execute();
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('upgrade_eligible', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};

/**
 * Challenges remember what they were issued to: a registration challenge the session that asked for it (only that
 * live session may spend it; signing out removes it), an authentication challenge whether the ceremony was
 * username-first (its failures then never tell real listed ids from decoys).
 */
const challengeBinding: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('challenges').addColumn('session_id', 'text').execute();
    await db.schema
      .alterTable('challenges')
      .addColumn('username_first', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('challenges_session_id').on('challenges').column('session_id').execute();
  },
};

/**
 * Fewer pages written per ceremony: a challenge lives for seconds, so it keeps no index on its expiry (the
 * occasional sweep scans the few outstanding ones) and indexes its session only when it has one (registration).
 * On SQLite, challenges and sessions become WITHOUT ROWID tables, clustered on their key: an insert or delete
 * writes one b-tree instead of the table and its key index.
 */
const leanChallenges: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropIndex('challenges_expires_at').execute();
    await db.schema.dropIndex('challenges_session_id').execute();
    if (db.getExecutor().adapter instanceof SqliteAdapter) {
      await sql`create table challenges_clustered (challenge text primary key not null, ceremony text not null,
        kind text not null, user_id text, device_id text, conditional integer not null, expires_at bigint not null,
        session_id text, username_first integer not null default 0) without rowid`.execute(db);
      await sql`insert into challenges_clustered select challenge, ceremony, kind, user_id, device_id, conditional,
        expires_at, session_id, username_first from challenges`.execute(db);
      await sql`drop table challenges`.execute(db);
      await sql`alter table challenges_clustered rename to challenges`.execute(db);
      await db.schema.dropIndex('sessions_user_id').execute();
      await sql`create table sessions_clustered (id text primary key not null,
        user_id text not null references users (id) on delete cascade, created_at bigint not null,
        expires_at bigint not null, upgrade_eligible integer not null) without rowid`.execute(db);
      await sql`insert into sessions_clustered select id, user_id, created_at, expires_at, upgrade_eligible
        from sessions`.execute(db);
      await sql`drop table sessions`.execute(db);
      await sql`alter table sessions_clustered rename to sessions`.execute(db);
      await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
    }
    await db.schema
      .createIndex('challenges_session_id')
      .on('challenges')
      .column('session_id')
      .where(sql.ref('session_id'), 'is not', null)
      .execute();
  },
};

/**
 * A challenge may carry the user verification its options asked for (the FIDO conformance API lets the client
 * choose it per ceremony); null keeps the ceremony's own rule. Adding a nullable column rewrites no rows.
 */
const challengeUserVerification: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('challenges').addColumn('user_verification', 'text').execute();
  },
};

/** Every migration, by name, in the order they run (names sort in that order). */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': initial,
  '0002_challenge_binding': challengeBinding,
  '0003_lean_challenges': leanChallenges,
  '0004_challenge_user_verification': challengeUserVerification,
};

const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

function migrator(db: Kysely<unknown>, schema?: string): Migrator {
  return new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
}

/**
 * Brings the schema up to date and resolves to the names of the migrations it applied (none when it was already
 * current); throws with the failing migration's error. On PostgreSQL with its own schema, name it so the
 * migration tables are looked up there and not in another schema on the same database.
 */
export async function migrateToLatest(db: Kysely<unknown>, schema?: string): Promise<string[]> {
  const { error, results } = await migrator(db, schema).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The names of the migrations the database has not run yet (all of them on an empty database). */
export async function pendingMigrations(db: Kysely<unknown>, schema?: string): Promise<string[]> {
  const migrations = await migrator(db, schema).getMigrations();
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
