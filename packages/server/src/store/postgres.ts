// The shared engine: PostgreSQL through a pg pool, optionally inside its own schema.
import pg from 'pg';
import { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { postgresSql, type Sql } from './sql.js';
import { CurrentSchemaPostgresDialect } from './postgres-introspector.js';

const INT8_OID = 20;

/** bigint columns hold millisecond times and counters, all well inside Number's safe range. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`invalid PostgreSQL schema name '${name}'`);
  return `"${name}"`;
}

const pools = new WeakMap<object, pg.Pool>();

/**
 * Connects to `postgres://...`; with `schema`, creates it if missing and puts it first on the search path. Kysely
 * (migrations) and Sql (everything else) share the pool.
 */
export async function openPostgres(
  url: string,
  schema?: string,
  max = 10,
): Promise<{ db: Kysely<Database>; sql: Sql }> {
  if (schema) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`create schema if not exists ${quoteIdent(schema)}`);
    } catch (e) {
      // Two processes creating the same schema at once: the loser sees a unique violation; the schema exists.
      if ((e as { code?: string }).code !== '23505') throw e;
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types,
    ...(schema ? { options: `-c search_path=${quoteIdent(schema)}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
  pools.set(db, pool);
  return { db, sql: postgresSql(pool) };
}

/** The pg pool behind a database `openPostgres` opened (for the pool-use metrics); undefined for SQLite. */
export function postgresPool(db: object): pg.Pool | undefined {
  return pools.get(db);
}

/** Drops a schema and everything in it (test clean-up). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${quoteIdent(schema)} cascade`);
  } finally {
    await client.end();
  }
}
