// SQLite's write lock between processes (workers sharing one file): a statement that finds it taken waits for it
// on the event loop, not in SQLite's sleeping busy handler, and fails with SQLITE_BUSY only after its timeout.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sqliteSql } from '../../packages/server/src/store/sql.js';
import { sqliteScratch } from './databases.js';

const scratch = sqliteScratch('credkit-lock-');

/** Two connections to one WAL file, as two workers hold. */
function twoConnections(name: string) {
  const holder = scratch.open(name);
  holder.exec('create table t (id integer primary key, v text)');
  return { holder, other: scratch.open(name) };
}

describe('SQLite write lock held by another connection', () => {
  it('runs the statement once the lock is free, and meanwhile the event loop turns', async () => {
    const { holder, other } = twoConnections('wait.db');
    holder.exec('begin immediate');
    holder.prepare('insert into t (v) values (?)').run('holder');
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    const waiting = sqliteSql(other).query('insert into t (v) values (?)', ['other']);
    setTimeout(() => holder.exec('commit'), 30);
    const result = await waiting;
    clearInterval(ticker);
    assert.equal(result.changes, 1);
    assert.ok(turns > 0, 'timers ran while the statement waited');
    const rows = other.prepare('select v from t order by id').all() as { v: string }[];
    assert.deepEqual(
      rows.map((r) => r.v),
      ['holder', 'other'],
    );
    holder.close();
    other.close();
  });

  it('waits for a transaction too, and gives up with SQLITE_BUSY after its timeout', async () => {
    const { holder, other } = twoConnections('timeout.db');
    holder.exec('begin immediate');
    const sql = sqliteSql(other, 50);
    await assert.rejects(
      sql.transaction([['insert into t (v) values (?)', ['late']]]),
      (e: { code?: string }) => e.code === 'SQLITE_BUSY',
    );
    holder.exec('commit');
    const [inserted] = await sql.transaction([['insert into t (v) values (?)', ['now']]]);
    assert.equal(inserted!.changes, 1);
    assert.equal((other.prepare('select count(*) as n from t').get() as { n: number }).n, 1);
    holder.close();
    other.close();
  });
});
