// SQLite group commit (store/sql.ts): transactions asked for in one turn of the event loop commit as one, each
// caller hears only after its statements are committed, and one that fails (or a write lock held by another
// process) leaves the others to run alone, with nothing of the failed one written.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import {
  SHARED_COMMIT_TURNS,
  SQLITE_BUSY_TIMEOUT_MS,
  sqliteSql,
} from '../../packages/server/src/store/sql.js';
import { sqliteScratch } from './databases.js';

const scratch = sqliteScratch('credkit-group-');

/** The writer's connection and an observer's on one WAL file. */
function database(name: string) {
  const path = scratch.path(name);
  const open = () => scratch.open(name);
  const writer = open();
  writer.exec('create table t (id text primary key, v text not null)');
  const observer = open();
  return {
    writer,
    observer,
    /**
     * Frames in the write-ahead log (https://sqlite.org/fileformat.html#the_write_ahead_log: a 32-byte header, then
     * per frame a 24-byte header and a page). Each commit appends the pages it changed, so three commits that each
     * change the table's one page append three frames, and one commit of all three changes appends one.
     */
    frames: () =>
      (statSync(`${path}-wal`).size - 32) / (24 + (writer.pragma('page_size', { simple: true }) as number)),
    values: () => (observer.prepare('select v from t order by v').all() as { v: string }[]).map((r) => r.v),
    close() {
      writer.close();
      observer.close();
    },
  };
}

const insert = (id: string, v: string) => ['insert into t (id, v) values (?, ?)', [id, v]] as const;

/**
 * A database whose writer committed rows '0' and '1' one at a time, and the WAL frames one such commit appends;
 * `shared`: the runner of a file other processes write too (the server's workers).
 */
async function primed(name: string, shared = false) {
  const db = database(name);
  const sql = shared
    ? sqliteSql(db.writer, SQLITE_BUSY_TIMEOUT_MS, SHARED_COMMIT_TURNS)
    : sqliteSql(db.writer);
  await sql.transaction([insert('0', '0')]);
  const before = db.frames();
  await sql.transaction([insert('1', '1')]);
  return { db, sql, oneCommit: db.frames() - before };
}

describe('SQLite group commit', () => {
  it('commits the transactions of one turn together, each with its own results', async () => {
    const db = database('together.db');
    const sql = sqliteSql(db.writer);
    let mark = db.frames();
    const appended = () => {
      const before = mark;
      mark = db.frames();
      return mark - before;
    };
    await sql.transaction([insert('0', '0')]);
    appended();
    // one transaction's commit: the frames of the pages it changed
    await sql.transaction([insert('1', '1')]);
    const oneCommit = appended();
    assert.ok(oneCommit >= 1);
    const results = await Promise.all(
      ['a', 'b', 'c'].map((v) =>
        sql.transaction([insert(v, v), ['update t set v = v || ? where id = ?', ['!', v]]]),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.map((s) => s.changes)),
      [
        [1, 1],
        [1, 1],
        [1, 1],
      ],
    );
    assert.deepEqual(db.values(), ['0', '1', 'a!', 'b!', 'c!']);
    assert.equal(appended(), oneCommit, 'the three transactions appended what one commit does');
    // transactions asked for in different turns commit apart
    await sql.transaction([insert('d', 'd')]);
    await sql.transaction([insert('e', 'e')]);
    assert.equal(appended(), 2 * oneCommit);
    db.close();
  });

  it('waits one more turn: a transaction asked for in the next turn joins the commit', async () => {
    const { db, sql, oneCommit } = await primed('next-turn.db');
    const before = db.frames();
    const first = sql.transaction([insert('a', 'a')]);
    await new Promise((resolve) => setImmediate(resolve));
    const second = sql.transaction([insert('b', 'b')]);
    await Promise.all([first, second]);
    assert.equal(db.frames() - before, oneCommit, 'one commit for the two turns');
    assert.deepEqual(db.values(), ['0', '1', 'a', 'b']);
    db.close();
  });

  it('waits a turn more on a file other processes write: a transaction asked for two turns later joins too', async () => {
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    /** Frames appended by a transaction now and another `later` turns on, each awaited. */
    const twoApart = async (shared: boolean, later: number) => {
      const { db, sql, oneCommit } = await primed(`turns-${shared}-${later}.db`, shared);
      const before = db.frames();
      const first = sql.transaction([insert('a', 'a')]);
      for (let i = 0; i < later; i++) await turn();
      const second = sql.transaction([insert('b', 'b')]);
      await Promise.all([first, second]);
      assert.deepEqual(db.values(), ['0', '1', 'a', 'b']);
      const commits = (db.frames() - before) / oneCommit;
      db.close();
      return commits;
    };
    // a file of its own: two turns later is past the commit
    assert.equal(await twoApart(false, 2), 2);
    // shared: one commit for the three turns, and the fourth is past it
    assert.equal(await twoApart(true, 2), 1);
    assert.equal(await twoApart(true, 3), 2);
  });

  it('commits the single writes of one turn together too, a failing one alone; a read runs at once', async () => {
    const db = database('writes.db');
    const sql = sqliteSql(db.writer);
    const write = (text: string, parameters: unknown[]) => sql.query(text, parameters);
    await write('insert into t (id, v) values (?, ?)', ['0', '0']);
    await write('insert into t (id, v) values (?, ?)', ['1', '1']);
    const outcomes = await Promise.allSettled([
      write('insert into t (id, v) values (?, ?)', ['a', 'a']),
      write('insert into t (id, v) values (?, ?)', ['1', 'taken']),
      write('update t set v = ? where id = ?', ['zero', '0']),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(db.values(), ['1', 'a', 'zero']);
    // the same two writes (an insert and a delete), in one turn and then in two
    let before = db.frames();
    await Promise.all([
      write('insert into t (id, v) values (?, ?)', ['b', 'b']),
      write('delete from t where id = ?', ['a']),
    ]);
    const together = db.frames() - before;
    before = db.frames();
    await write('insert into t (id, v) values (?, ?)', ['c', 'c']);
    await write('delete from t where id = ?', ['b']);
    const apart = db.frames() - before;
    assert.equal(apart, 2 * together, `one commit (${together} frames) against two (${apart})`);
    // a read is not held for the turn's commit: it sees what is committed now
    const pending = write('insert into t (id, v) values (?, ?)', ['d', 'd']);
    const count = async () => (await sql.query<{ n: number }>('select count(*) as n from t', [])).rows[0]!.n;
    assert.equal(await count(), 3);
    await pending;
    assert.equal(await count(), 4);
    db.close();
  });

  it('answers a caller only once its statements are committed', async () => {
    const db = database('durable.db');
    const sql = sqliteSql(db.writer);
    const seen: string[][] = [];
    await Promise.all(
      ['x', 'y'].map((v) => sql.transaction([insert(v, v)]).then(() => seen.push(db.values()))),
    );
    // the observer reads committed data only: both rows are there when either caller hears back
    assert.deepEqual(seen, [
      ['x', 'y'],
      ['x', 'y'],
    ]);
    db.close();
  });

  it('a failing transaction fails alone: the others commit, nothing of it is written', async () => {
    const db = database('failure.db');
    const sql = sqliteSql(db.writer);
    await sql.transaction([insert('taken', 'first')]);
    const outcomes = await Promise.allSettled([
      sql.transaction([insert('p', 'p')]),
      // its first statement succeeds, its second breaks the primary key: the whole transaction is rolled back
      sql.transaction([insert('q', 'q'), insert('taken', 'again')]),
      sql.transaction([insert('r', 'r')]),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    const failure = (outcomes[1] as PromiseRejectedResult).reason as { code?: string };
    assert.equal(failure.code, 'SQLITE_CONSTRAINT_PRIMARYKEY');
    assert.deepEqual(db.values(), ['first', 'p', 'r']);
    db.close();
  });

  it('waits together for a write lock another process holds, then commits every transaction', async () => {
    const { db, sql, oneCommit } = await primed('locked.db');
    db.observer.exec('begin immediate');
    const before = db.frames();
    const waiting = Promise.all(['m', 'n'].map((v) => sql.transaction([insert(v, v)])));
    setTimeout(() => db.observer.exec('commit'), 30);
    const results = await waiting;
    assert.deepEqual(
      results.map((r) => r[0]!.changes),
      [1, 1],
    );
    assert.deepEqual(db.values(), ['0', '1', 'm', 'n']);
    assert.equal(db.frames() - before, oneCommit, 'one commit once the lock was free');
    db.close();
  });

  it('takes into the waiting group what is asked for while it waits: one commit once the lock is free', async () => {
    const { db, sql, oneCommit } = await primed('joined.db');
    db.observer.exec('begin immediate');
    const before = db.frames();
    const first = sql.transaction([insert('m', 'm')]);
    // asked for turns later, while the first waits for the lock
    await new Promise((resolve) => setTimeout(resolve, 10));
    const later = Promise.all([sql.transaction([insert('n', 'n')]), sql.query(...insert('o', 'o'))]);
    setTimeout(() => db.observer.exec('commit'), 20);
    assert.equal((await first)[0]!.changes, 1);
    assert.deepEqual(
      (await later).map((r) => ('changes' in r ? r.changes : r[0]!.changes)),
      [1, 1],
    );
    assert.deepEqual(db.values(), ['0', '1', 'm', 'n', 'o']);
    assert.equal(db.frames() - before, oneCommit, 'the three committed as one');
    db.close();
  });

  it('fails a transaction that waited its timeout for the lock, writing nothing of it; a later one still commits', async () => {
    const db = database('timeout.db');
    const sql = sqliteSql(db.writer, 40);
    await sql.transaction([insert('0', '0')]);
    db.observer.exec('begin immediate');
    const early = sql.transaction([insert('x', 'x')]);
    const refused = await early.then(
      () => undefined,
      (e: { code?: string }) => e,
    );
    assert.equal(refused?.code, 'SQLITE_BUSY');
    const late = sql.transaction([insert('y', 'y')]);
    setTimeout(() => db.observer.exec('commit'), 20);
    assert.equal((await late)[0]!.changes, 1);
    assert.deepEqual(db.values(), ['0', 'y']);
    db.close();
  });
});
