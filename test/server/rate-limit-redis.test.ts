// Rate-limit budgets in Redis (REDIS_URL): every instance counts against the same budget, where budgets in each
// instance's memory let N instances grant N times as much. Uses the machine's real Redis (TEST_REDIS_URL, else
// redis://127.0.0.1:6379) and real PostgreSQL; a Redis that cannot be reached makes the limited routes answer 503.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ENGINES, type TestDatabase } from './databases.js';
import { Client, startServer, type Running } from './harness.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const postgres = ENGINES.find((e) => e.name === 'postgres') ?? ENGINES[0]!;
const LIMITS = { perClient: 1000, perAccount: 3, windowMs: 60_000 };

/** A password guess for `username` from each base in turn (the per-account budget): the statuses. */
async function guessesFrom(bases: string[], username: string): Promise<number[]> {
  const statuses: number[] = [];
  for (const base of bases)
    statuses.push(
      (await new Client(base).post('/api/signin/password', { username, password: 'guess-guess' })).status,
    );
  return statuses;
}

describe('rate-limit budgets shared through Redis', () => {
  let database: TestDatabase;
  const servers: Running[] = [];
  const start = async (extra: Parameters<typeof startServer>[1]) => {
    const running = await startServer(database, extra);
    servers.push(running);
    return running.base;
  };
  before(async () => {
    database = await postgres.make();
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.server.close()));
    await database?.cleanup();
  });

  it('two instances with REDIS_URL share one per-account budget', async () => {
    const [a, b] = [
      await start({ rateLimit: LIMITS, redisUrl: REDIS_URL }),
      await start({ rateLimit: LIMITS, redisUrl: REDIS_URL }),
    ];
    const username = `shared-${randomBytes(6).toString('hex')}`;
    assert.deepEqual(await guessesFrom([a, a, b, b, a], username), [401, 401, 401, 429, 429]);
  });

  it('without REDIS_URL each instance keeps its own budget (the control)', async () => {
    const [a, b] = [await start({ rateLimit: LIMITS }), await start({ rateLimit: LIMITS })];
    const username = `memory-${randomBytes(6).toString('hex')}`;
    assert.deepEqual(await guessesFrom([a, a, b, b, a], username), [401, 401, 401, 401, 401]);
    assert.deepEqual(await guessesFrom([a], username), [429]);
  });

  it('an unreachable Redis is a 503 on limited routes, never a skipped limit', async () => {
    const base = await start({ rateLimit: LIMITS, redisUrl: 'redis://127.0.0.1:1' });
    const reply = await new Client(base).post('/api/webauthn/authentication/options', {
      username: 'someone',
    });
    assert.equal(reply.status, 503);
    assert.equal(reply.body.error.code, 'unavailable');
    // routes without a budget still answer
    assert.equal((await new Client(base).get('/healthz')).status, 200);
  });
});
