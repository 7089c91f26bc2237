// The statements' runner: SQL text with `?` placeholders, run straight on the driver (better-sqlite3 statements
// prepared once per text; pg's pool with `$n` placeholders). Kysely keeps the migrations; at run time a query
// builder would build and compile a query object on every call, which costs more than SQLite running it.
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';

export type Engine = 'sqlite' | 'postgres';

export interface Result<Row> {
  rows: Row[];
  /** Rows inserted, updated or deleted. */
  changes: number;
}

export type Statement = readonly [text: string, parameters: readonly unknown[]];

export interface Sql {
  readonly engine: Engine;
  query<Row = Record<string, unknown>>(text: string, parameters: readonly unknown[]): Promise<Result<Row>>;
  /** Runs the statements in order in one transaction; rolled back if one fails. */
  transaction(statements: readonly Statement[]): Promise<Result<Record<string, unknown>>[]>;
  /** Statements run so far (the bench reports statements per ceremony). */
  readonly statements: number;
}

/** How long a statement waits for SQLite's write lock, held by another process (a worker), before it fails. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

const isBusy = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
};

/**
 * Runs `attempt` again on each turn of the event loop while another process holds SQLite's write lock (for tens
 * of microseconds: one statement or one short transaction), until `timeoutMs`. SQLite's own busy handler would
 * sleep a millisecond or more between tries, with every other request of this process waiting on it. A statement
 * or transaction that met SQLITE_BUSY changed nothing, so trying it again is safe.
 */
function whenUnlocked<T>(attempt: () => T, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const retry = () => {
      try {
        resolve(attempt());
      } catch (e) {
        if (isBusy(e) && performance.now() < deadline) setImmediate(retry);
        else reject(e as Error);
      }
    };
    setImmediate(retry);
  });
}

/** Statements kept prepared per connection; the server runs a fixed, small set of texts. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * The runner over a better-sqlite3 connection whose own busy timeout is 0 (openSqlite sets it after the
 * migrations): a statement that finds the write lock taken is tried again by whenUnlocked.
 */
export function sqliteSql(db: BetterSqlite3.Database, busyTimeoutMs = SQLITE_BUSY_TIMEOUT_MS): Sql {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (text: string) => {
    let statement = cache.get(text);
    if (!statement) {
      statement = db.prepare(text);
      if (cache.size < STATEMENT_CACHE_SIZE) cache.set(text, statement);
    }
    return statement;
  };
  let count = 0;
  // better-sqlite3 runs a statement synchronously: nothing interleaves with it, and a transaction of several
  // statements runs whole before any other request's statement.
  const run = (text: string, parameters: readonly unknown[]): Result<Record<string, unknown>> => {
    const statement = prepare(text);
    let result: Result<Record<string, unknown>>;
    if (statement.reader) {
      const rows = statement.all(...parameters) as Record<string, unknown>[];
      result = { rows, changes: text.startsWith('select') ? 0 : rows.length };
    } else {
      result = { rows: [], changes: statement.run(...parameters).changes };
    }
    count++;
    return result;
  };
  const transaction = db.transaction((statements: readonly Statement[]) =>
    statements.map(([text, parameters]) => run(text, parameters)),
  );
  return {
    engine: 'sqlite',
    get statements() {
      return count;
    },
    query: <Row>(text: string, parameters: readonly unknown[]) => {
      try {
        return Promise.resolve(run(text, parameters) as Result<Row>);
      } catch (e) {
        if (isBusy(e)) return whenUnlocked(() => run(text, parameters) as Result<Row>, busyTimeoutMs);
        return Promise.reject(e as Error);
      }
    },
    transaction: (statements) => {
      try {
        return Promise.resolve(transaction.immediate(statements));
      } catch (e) {
        if (isBusy(e)) return whenUnlocked(() => transaction.immediate(statements), busyTimeoutMs);
        return Promise.reject(e as Error);
      }
    },
  };
}

const postgresText = new Map<string, string>();

/** `?` placeholders as PostgreSQL's `$1…` (none of the statements holds a literal `?`). */
function numbered(text: string): string {
  let out = postgresText.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    postgresText.set(text, out);
  }
  return out;
}

export function postgresSql(pool: pg.Pool): Sql {
  let count = 0;
  const toResult = (r: pg.QueryResult) => ({
    rows: r.rows as Record<string, unknown>[],
    changes: r.command === 'SELECT' ? 0 : (r.rowCount ?? 0),
  });
  return {
    engine: 'postgres',
    get statements() {
      return count;
    },
    async query<Row>(text: string, parameters: readonly unknown[]) {
      count++;
      return toResult(await pool.query(numbered(text), [...parameters])) as Result<Row>;
    },
    async transaction(statements) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const results = [];
        for (const [text, parameters] of statements) {
          count++;
          results.push(toResult(await client.query(numbered(text), [...parameters])));
        }
        await client.query('commit');
        return results;
      } catch (e) {
        await client.query('rollback').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
  };
}
