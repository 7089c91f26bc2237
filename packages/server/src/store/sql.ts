// The statements' runner: SQL text with `?` placeholders, run straight on the driver (better-sqlite3 statements
// prepared once per text; pg's pool with `$n` placeholders). Kysely keeps the migrations; at run time a query
// builder would build and compile a query object on every call, which costs more than SQLite running it.
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';

export type Engine = 'sqlite' | 'postgres';

/** The engine's function building a JSON array of its arguments. */
export const jsonArray = (engine: Engine) => (engine === 'sqlite' ? 'json_array' : 'json_build_array');

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
 * Runs `attempt` now and, while another process holds SQLite's write lock (for tens of microseconds: one statement
 * or one short transaction), again on each turn of the event loop, until `timeoutMs`. SQLite's own busy handler would
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
    retry();
  });
}

/** A statement that only reads (every other one writes, and commits with the others of its turn and the next). */
const isRead = (text: string) => text.startsWith('select');

/**
 * Turns of the event loop a group commit waits for transactions to join it: this one and the next. A file other
 * processes write too (the server's workers) waits one more: each commit there also costs the other processes
 * their page cache, so fewer, larger commits save more (bench:workers, two runs: 7% and 12% less CPU a sign-in
 * with 2 workers; with 1 worker a third turn measured no better).
 */
export const COMMIT_TURNS = 2;
export const SHARED_COMMIT_TURNS = 3;

/** Runs `f` at the end of the `turns`-th turn of the event loop from this one (after each one's I/O callbacks). */
const afterTurns = (turns: number, f: () => void): void => {
  if (turns <= 0) f();
  else setImmediate(() => afterTurns(turns - 1, f));
};

/** Statements kept prepared per connection; the server runs a fixed, small set of texts. */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * The runner over a better-sqlite3 connection whose own busy timeout is 0 (openSqlite sets it after the
 * migrations): a statement or group commit that finds the write lock taken is tried again by whenUnlocked.
 * `commitTurns`: COMMIT_TURNS, or SHARED_COMMIT_TURNS when other processes write the file too.
 */
export function sqliteSql(
  db: BetterSqlite3.Database,
  busyTimeoutMs = SQLITE_BUSY_TIMEOUT_MS,
  commitTurns = COMMIT_TURNS,
): Sql {
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
      result = { rows, changes: isRead(text) ? 0 : rows.length };
    } else {
      result = { rows: [], changes: statement.run(...parameters).changes };
    }
    count++;
    return result;
  };
  /** Transactions' statements in order, in one SQLite transaction. */
  const inOrder = db.transaction((transactions: readonly (readonly Statement[])[]) =>
    transactions.map((statements) => statements.map(([text, parameters]) => run(text, parameters))),
  );
  // Group commit: the transactions (and single writes) asked for in one turn of the event loop and the next (a
  // file shared with other processes: and the one after; at load, the verify steps of the requests read in them)
  // commit as one when the last of those turns ends, each one's statements in order. A commit (the WAL frames it writes, the locks it takes: about 0.1 ms of CPU on the bench's
  // VM, whatever it holds) then serves several requests, and each caller hears only once its statements are
  // committed. Waiting the second turn (SQLite's counterpart of PostgreSQL's commit_delay) costs one more turn of
  // latency and puts about 1.6 times as many sign-ins in a commit at the bench's load (docs/benchmarks.md). While
  // another process holds the write lock, the group waits for it and the transactions asked for meanwhile join it,
  // so the commit that follows serves them all (each commit of another process costs this one its page cache:
  // fewer, larger commits read the pages again less often). If one of them fails, nothing was written, and each
  // then runs alone, as asked.
  let pending: Pending[] = [];
  const commit = () => {
    const batch = pending;
    pending = [];
    let results: Result<Record<string, unknown>>[][];
    try {
      results = inOrder.immediate(batch.map((t) => t.statements));
    } catch (e) {
      const error = e as Error;
      if (isBusy(error)) {
        // nothing was written: wait for the lock on the next turn, with whatever is asked for until then (it is
        // pushed after these, in the order asked); a transaction that has waited busyTimeoutMs fails with
        // SQLITE_BUSY. Nothing was asked for since `pending` was emptied above: this ran in one go.
        const now = performance.now();
        for (const t of batch) if (t.deadline <= now) t.reject(error);
        pending = batch.filter((t) => t.deadline > now);
        if (pending.length > 0) setImmediate(commit);
      } else if (batch.length === 1) batch[0]!.reject(error);
      else for (const t of batch) runAlone(t);
      return;
    }
    batch.forEach(({ resolve }, i) => resolve(results[i]!));
  };
  /** Asks for a transaction: it commits with the others asked for in this turn and the next (commitTurns). */
  const inGroup = (statements: readonly Statement[]) =>
    new Promise<Result<Record<string, unknown>>[]>((resolve, reject) => {
      const deadline = performance.now() + busyTimeoutMs;
      if (pending.push({ statements, deadline, resolve, reject }) === 1) afterTurns(commitTurns, commit);
    });
  /** One transaction of a failed group, committed by itself (or as soon as another process lets go of the lock). */
  const runAlone = ({ statements, resolve, reject }: Pending) =>
    whenUnlocked(() => inOrder.immediate([statements])[0]!, busyTimeoutMs).then(resolve, reject);
  return {
    engine: 'sqlite',
    get statements() {
      return count;
    },
    query: <Row>(text: string, parameters: readonly unknown[]) => {
      // a write commits with the others of this turn and the next, as a transaction of one statement; a read runs now
      if (!isRead(text)) return inGroup([[text, parameters]]).then((results) => results[0] as Result<Row>);
      return whenUnlocked(() => run(text, parameters) as Result<Row>, busyTimeoutMs);
    },
    transaction: inGroup,
  };
}

/** A transaction waiting for the end of the next turn of the event loop, to commit with the others asked for. */
interface Pending {
  statements: readonly Statement[];
  /** When it stops waiting for another process's write lock (performance.now()). */
  deadline: number;
  resolve(results: Result<Record<string, unknown>>[]): void;
  reject(error: Error): void;
}

/** The `$n` text of each statement text run so far, and the name each pooled connection prepares it under. */
const prepared = new Map<string, { name: string; text: string }>();

/**
 * A statement as node-postgres runs it: `?` placeholders as PostgreSQL's `$1…` (none of the statements holds a
 * literal `?`), and a name, so each pooled connection parses and plans a text once and then only binds and runs it
 * (the server runs a fixed, small set of texts). Texts beyond the first STATEMENT_CACHE_SIZE run unnamed.
 */
function postgresQuery(text: string, parameters: readonly unknown[]): pg.QueryConfig {
  const values = parameters as unknown[];
  let statement = prepared.get(text);
  if (statement === undefined) {
    let n = 0;
    const numbered = text.replace(/\?/g, () => `$${++n}`);
    if (prepared.size >= STATEMENT_CACHE_SIZE) return { text: numbered, values };
    statement = { name: `credkit_${prepared.size}`, text: numbered };
    prepared.set(text, statement);
  }
  return { name: statement.name, text: statement.text, values };
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
      return toResult(await pool.query(postgresQuery(text, parameters))) as Result<Row>;
    },
    async transaction(statements) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const results = [];
        for (const [text, parameters] of statements) {
          count++;
          results.push(toResult(await client.query(postgresQuery(text, parameters))));
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
