// PostgreSQL statements are prepared once per pooled connection (store/sql.ts): the server runs a fixed, small
// set of texts, each under a name, so a connection parses and plans each text once and then only binds and runs
// it. Texts beyond the cache's bound still run, unnamed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { postgresSql, STATEMENT_CACHE_SIZE } from '../../packages/server/src/store/sql.js';
import { postgresUrl } from './databases.js';

describe('PostgreSQL prepared statements', () => {
  let pool: pg.Pool;
  before(async () => {
    const url = await postgresUrl();
    if (!url) throw new Error('PostgreSQL is not reachable at 127.0.0.1:5432 (set TEST_DATABASE_URL)');
    // one connection, so the statements and the view of them share it
    pool = new pg.Pool({ connectionString: url, max: 1 });
  });
  after(() => pool.end());

  /** This connection's prepared statements whose text is `text`. */
  const preparedAs = async (text: string) =>
    (
      await pool.query<{ name: string }>('select name from pg_prepared_statements where statement = $1', [
        text,
      ])
    ).rows.map((r) => r.name);

  it('prepares a text once and runs it again by name, with each call its own parameters', async () => {
    const sql = postgresSql(pool);
    const text = "select ?::int + ?::int as sum, 'credkit prepared test' as tag";
    const sums = [];
    for (const [a, b] of [
      [1, 2],
      [10, 20],
      [5, -5],
    ]) {
      sums.push((await sql.query<{ sum: number }>(text, [a, b])).rows[0]!.sum);
    }
    assert.deepEqual(sums, [3, 30, 0]);
    const names = await preparedAs("select $1::int + $2::int as sum, 'credkit prepared test' as tag");
    assert.equal(names.length, 1, 'one prepared statement for the text');
    assert.match(names[0]!, /^credkit_\d+$/);
    // in a transaction too, on the same connection: the same statement
    const [inTransaction] = await sql.transaction([[text, [2, 2]]]);
    assert.equal((inTransaction!.rows[0] as { sum: number }).sum, 4);
    assert.deepEqual(
      await preparedAs("select $1::int + $2::int as sum, 'credkit prepared test' as tag"),
      names,
    );
  });

  it('runs texts beyond the bound unnamed, so a connection keeps at most the bound', async () => {
    const sql = postgresSql(pool);
    for (let i = 0; i < STATEMENT_CACHE_SIZE + 20; i++) {
      const { rows } = await sql.query<{ n: number }>(`select ?::int as n, ${i} as credkit_bound_test`, [i]);
      assert.equal(rows[0]!.n, i);
    }
    const { rows } = await pool.query<{ n: string }>(
      "select count(*) as n from pg_prepared_statements where name like 'credkit\\_%'",
    );
    assert.ok(Number(rows[0]!.n) <= STATEMENT_CACHE_SIZE, `${rows[0]!.n} prepared`);
  });
});
