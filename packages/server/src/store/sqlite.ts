// The embedded engine: better-sqlite3 on a file (WAL), the default for `npm start`.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import { COMMIT_TURNS, SHARED_COMMIT_TURNS, SQLITE_BUSY_TIMEOUT_MS, sqliteSql, type Sql } from './sql.js';

/**
 * WAL pages written between automatic checkpoints (SQLite's default is 1,000). Each sign-in rewrites the same few
 * pages; a longer interval copies each of them into the database once per checkpoint instead of many times, for a
 * WAL of up to about 40 MB (truncated back to JOURNAL_SIZE_LIMIT after each checkpoint).
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

/**
 * Opens (creating if needed) the SQLite file named by `sqlite:PATH`: Kysely for migrations, Sql for the rest.
 * `migrated()` hands the waits for the write lock from SQLite (which sleeps between tries, fine for migrations)
 * to Sql (which tries again on the next turn of the event loop: workers sharing the file). `shared`: other
 * processes write the file too (the server's workers): group commits wait a turn longer (SHARED_COMMIT_TURNS).
 */
export function openSqlite(
  url: string,
  shared = false,
): { db: Kysely<Database>; sql: Sql; migrated(): void } {
  const path = url.slice('sqlite:'.length);
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  // WAL + NORMAL: a committed transaction survives a process crash (SIGKILL); only an OS crash may lose the last ones.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  sqlite.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }),
    sql: sqliteSql(sqlite, SQLITE_BUSY_TIMEOUT_MS, shared ? SHARED_COMMIT_TURNS : COMMIT_TURNS),
    migrated: () => sqlite.pragma('busy_timeout = 0'),
  };
}
