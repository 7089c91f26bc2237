// The databases every server test runs against: a temp SQLite file and a fresh PostgreSQL schema.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { dropPostgresSchema } from '../../packages/server/src/store/index.js';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  databaseUrl: string;
  databaseSchema?: string;
  cleanup(): Promise<void>;
}

const PG_URLS = [
  process.env.TEST_DATABASE_URL,
  'postgres://root@127.0.0.1:5432/test',
  'postgres://postgres@127.0.0.1:5432/test',
];

let pgUrl: Promise<string | undefined> | undefined;

/** The first PostgreSQL URL that accepts a connection, or undefined. */
export function postgresUrl(): Promise<string | undefined> {
  pgUrl ??= (async () => {
    for (const url of PG_URLS) {
      if (!url) continue;
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
      try {
        await client.connect();
        await client.end();
        return url;
      } catch {
        await client.end().catch(() => undefined);
      }
    }
    return undefined;
  })();
  return pgUrl;
}

/**
 * A temp folder for SQLite files, removed after the test file. `open` connects to a file in it in WAL mode with
 * SQLite's own busy timeout off, as openSqlite leaves it after the migrations: what each worker holds.
 */
export function sqliteScratch(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const path = (name: string) => join(dir, name);
  const open = (name: string): BetterSqlite3.Database => {
    const db = new BetterSqlite3(path(name));
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 0');
    return db;
  };
  return { path, open };
}

export function sqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-server-'));
  return {
    name: 'sqlite',
    databaseUrl: `sqlite:${join(dir, 'test.db')}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function postgresDatabase(): Promise<TestDatabase | undefined> {
  const url = await postgresUrl();
  if (!url) return undefined;
  const schema = `credkit_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  return {
    name: 'postgres',
    databaseUrl: url,
    databaseSchema: schema,
    cleanup: () => dropPostgresSchema(url, schema),
  };
}

/** One factory per engine; PostgreSQL is required unless CREDKIT_SKIP_POSTGRES=1. */
export const ENGINES: { name: 'sqlite' | 'postgres'; make: () => Promise<TestDatabase> }[] = [
  { name: 'sqlite' as const, make: async () => sqliteDatabase() },
  {
    name: 'postgres' as const,
    make: async () => {
      const db = await postgresDatabase();
      if (!db) throw new Error('PostgreSQL is not reachable at 127.0.0.1:5432 (set TEST_DATABASE_URL)');
      return db;
    },
  },
].filter((engine) => engine.name === 'sqlite' || process.env.CREDKIT_SKIP_POSTGRES !== '1');
