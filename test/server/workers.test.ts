// `credkit serve --workers 2`: two processes on one port that stay one server: rate-limit budgets shared through
// the primary (without Redis; leased to the workers a few requests at a time), single-use challenges and sessions through the database, and a clean stop.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sqliteDatabase, type TestDatabase } from './databases.js';
import { signUpWithPasskey, Client, WEB_ORIGIN } from './harness.js';
import { rawRequest } from '../security/attacks.js';
import { workerCount } from '../../packages/credkit/src/serve.js';

const MAIN = fileURLToPath(new URL('../../packages/credkit/src/main.ts', import.meta.url));

describe('credkit serve with two workers', () => {
  let database: TestDatabase;
  let child: ChildProcess;
  let base: string;
  before(async () => {
    database = sqliteDatabase();
    child = spawn(
      process.execPath,
      ['--conditions=credkit-source', '--import', 'tsx', MAIN, 'serve', '--workers', '2'],
      {
        env: {
          ...process.env,
          PORT: '0',
          LOG: '0',
          DATABASE_URL: database.databaseUrl,
          ORIGINS: WEB_ORIGIN,
          SCRYPT_COST: '1024',
          RATE_LIMIT_PER_ACCOUNT: '3',
          RATE_LIMIT_PER_CLIENT: '1000',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    base = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /listening on (\S+) \(2 workers\)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
    });
  });
  after(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await database?.cleanup();
  });

  it('shares one per-account budget between the workers (connections alternate between them)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      // a new connection each time: the cluster hands them to the workers in turn
      const reply = await rawRequest(base, 'POST', '/api/signin/password', {
        body: JSON.stringify({ username: 'shared-budget', password: 'wrong guess' }),
        headers: { 'content-type': 'application/json' },
      });
      statuses.push(reply.status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429, 429, 429, 429, 429]);
  });

  it('spends a challenge once and honours a session on every worker', async () => {
    const { authenticator, credentialId } = await signUpWithPasskey(base, 'two-workers');
    const options = await new Client(base).post('/api/webauthn/authentication/options', {});
    const assertion = authenticator.getAssertion(options.body, { origin: WEB_ORIGIN, credentialId });
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        rawRequest(base, 'POST', '/api/webauthn/authentication/verify', {
          body: JSON.stringify(assertion),
          headers: { 'content-type': 'application/json' },
        }),
      ),
    );
    assert.equal(replies.filter((r) => r.status === 200).length, 1);
    const token = replies.find((r) => r.status === 200)!.body.token as string;
    for (let i = 0; i < 4; i++) {
      const me = await rawRequest(base, 'GET', '/api/me', { headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.status, 200);
    }
  });

  it('answers /metrics on either worker with both workers summed', async () => {
    // the one successful passkey sign-in of the test before, on whichever worker verified it
    for (let i = 0; i < 4; i++) {
      const text = (await rawRequest(base, 'GET', '/metrics')).text;
      assert.match(
        text,
        /credkit_ceremonies_total\{ceremony="authentication",outcome="success",code="none"\} 1\n/,
      );
      assert.match(
        text,
        /credkit_ceremony_duration_seconds_count\{ceremony="authentication",outcome="success"\} 1\n/,
      );
      assert.match(
        text,
        /credkit_ceremony_duration_seconds_bucket\{le="\+Inf",ceremony="authentication",outcome="success"\} 1\n/,
      );
    }
  });

  it('leases a per-client budget to the workers a few requests at a time, never more than the budget', async () => {
    // RATE_LIMIT_PER_CLIENT is 1000, and the test before spent one authentication options request of it
    let ok = 0;
    let refused = 0;
    for (let i = 0; i < 1100; i++) {
      const reply = await rawRequest(base, 'POST', '/api/webauthn/authentication/options', {
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      if (reply.status === 200) ok++;
      else if (reply.status === 429) refused++;
    }
    assert.equal(ok + refused, 1100);
    assert.ok(ok <= 999, `${ok} granted`);
    // a request leased to one worker and not used yet may be refused by the other: a few, never a quarter
    assert.ok(ok >= 999 - 999 / 4, `${ok} granted`);
  });

  it('stops every worker on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});

describe('WORKERS', () => {
  it('defaults to the number of CPUs and takes positive integers only', () => {
    assert.ok(workerCount(undefined) >= 1);
    assert.equal(workerCount('1'), 1);
    assert.equal(workerCount('3'), 3);
    for (const bad of ['0', '-1', '1.5', 'two']) assert.throws(() => workerCount(bad), /WORKERS/);
  });
});
