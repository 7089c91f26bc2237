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

/** Statements kept prepared per connection; the server runs a fixed, small set of texts. */
const STATEMENT_CACHE_SIZE = 256;

export function sqliteSql(db: BetterSqlite3.Database): Sql {
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
    count++;
    const statement = prepare(text);
    if (statement.reader) {
      const rows = statement.all(...parameters) as Record<string, unknown>[];
      return { rows, changes: text.startsWith('select') ? 0 : rows.length };
    }
    return { rows: [], changes: statement.run(...parameters).changes };
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
        return Promise.reject(e as Error);
      }
    },
    transaction: (statements) => {
      try {
        return Promise.resolve(transaction.immediate(statements));
      } catch (e) {
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
