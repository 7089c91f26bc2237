// Rate-limit floods: a spent budget survives any flood of other keys (from many client addresses) with bounded
// memory; a password lock never blocks passkey or restore-key sign-in; the owner's device cookie is a way back
// that an attacker cannot use.
import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { serverForSuite, signUpWithPasskey } from '../server/harness.js';
import { sqliteDatabase } from '../server/databases.js';
import { BudgetStore } from '../../packages/server/src/http/budget-store.js';
import { Client, WEB_ORIGIN, loopbackAddress, postFrom, rawRequest, type RawReply } from './attacks.js';

const PASSWORD = 'the owner knows this one';
const FLOOD = Number(process.env.CREDKIT_FLOOD_REQUESTS ?? 5_200);

/** The `name=value` of a Set-Cookie the reply carries. */
function cookie(reply: RawReply, name: string): string | undefined {
  const all = reply.headers['set-cookie'];
  const list = Array.isArray(all) ? all : all ? [all] : [];
  return list.find((c) => c.startsWith(`${name}=`))?.split(';')[0];
}

describe('rate-limit floods', () => {
  const suite = serverForSuite(async () => sqliteDatabase(), {
    // a window far longer than the flood can take on a loaded machine: the lock must outlive the flood, not the clock
    rateLimit: { perClient: 60, perAccount: 3, windowMs: 600_000 },
  });

  it(`keeps a locked account locked through a flood of ${FLOOD} fresh usernames from many addresses`, async () => {
    const base = suite.running.base;
    const victim = await signUpWithPasskey(base, 'flood-victim', PASSWORD);
    // the owner signed in on this client before: it holds the device cookie
    const owner = await postFrom(
      base,
      '127.0.0.1',
      '/api/signin/password',
      { username: 'flood-victim', password: PASSWORD },
      { origin: WEB_ORIGIN },
    );
    assert.equal(owner.status, 200);
    const deviceCookie = cookie(owner, 'credkit_device');

    let address = 0;
    const guess = (username: string, headers: Record<string, string> = {}) =>
      postFrom(
        base,
        loopbackAddress(address++),
        '/api/signin/password',
        { username, password: 'wrong guess' },
        headers,
      );
    // 2 wrong guesses after the owner's sign-in: the account's budget (3) is spent
    assert.equal((await guess('flood-victim')).status, 401);
    assert.equal((await guess('flood-victim')).status, 401);
    assert.equal((await guess('flood-victim')).status, 429);

    // the flood: fresh usernames, 50 per address (within the per-client budget of 60), 8 at a time
    let sent = 0;
    const firstFloodAddress = address;
    const worker = async () => {
      while (sent < FLOOD) {
        const i = sent++;
        const reply = await postFrom(
          base,
          loopbackAddress(firstFloodAddress + Math.floor(i / 50)),
          '/api/signin/password',
          {
            username: `fresh-${i}`,
            password: 'wrong guess',
          },
        );
        assert.equal(reply.status, 401, reply.text);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    address = firstFloodAddress + Math.ceil(FLOOD / 50) + 1;

    // still locked for a guesser, from yet another address
    const after = await guess('flood-victim');
    assert.equal(after.status, 429, after.text);
    assert.equal(after.body.error.code, 'rate_limited');

    // a device cookie made for another account, a forged one, a replayed tag: no way in
    assert.ok(deviceCookie);
    assert.match(String(owner.headers['set-cookie']), /credkit_device=[^;]+;.*HttpOnly.*SameSite=Strict/);
    const mallory = await postFrom(base, loopbackAddress(address++), '/api/signup', {
      username: 'flood-mallory',
      password: 'mallory password',
    });
    const mallorySignIn = await postFrom(
      base,
      loopbackAddress(address++),
      '/api/signin/password',
      { username: 'flood-mallory', password: 'mallory password' },
      { origin: WEB_ORIGIN },
    );
    assert.equal(mallory.status, 201);
    const malloryCookie = cookie(mallorySignIn, 'credkit_device')!;
    for (const forged of [
      malloryCookie,
      `credkit_device=${'A'.repeat(22)}.${'B'.repeat(43)}`,
      `${deviceCookie}x`,
      `${deviceCookie}.extra`,
    ]) {
      assert.equal((await guess('flood-victim', { cookie: forged })).status, 429, forged);
    }

    // the owner's client, with its device cookie and the right password: signed in despite the lock
    const back = await postFrom(
      base,
      '127.0.0.1',
      '/api/signin/password',
      { username: 'flood-victim', password: PASSWORD },
      { cookie: deviceCookie },
    );
    assert.equal(back.status, 200, back.text);

    // passkey sign-in, discoverable and username-first, and restore-key sign-in are not locked by it
    const signsIn = async (optionsBody: object, credentialId?: string) => {
      const options = await new Client(base).post('/api/webauthn/authentication/options', optionsBody);
      const reply = await new Client(base).post(
        '/api/webauthn/authentication/verify',
        victim.authenticator.getAssertion(options.body, { origin: WEB_ORIGIN, credentialId }),
      );
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
    };
    await signsIn({}, victim.credentialId);
    await signsIn({ username: 'flood-victim' });
    const restoreOptions = await victim.client.post('/api/webauthn/registration/options', {
      kind: 'restore',
      deviceId: 'flood-phone',
    });
    const restore = victim.authenticator.createCredential(restoreOptions.body, { origin: WEB_ORIGIN });
    assert.equal(
      (await victim.client.post('/api/webauthn/registration/verify', restore.response)).status,
      200,
    );
    await signsIn({ kind: 'restore' }, restore.credentialId);
  });

  it('floods of guesses at one credential id or username-first options lock nobody out', async () => {
    const base = suite.running.base;
    const victim = await signUpWithPasskey(base, 'options-victim');
    for (let i = 0; i < 20; i++) {
      const from = loopbackAddress(10_000 + i);
      await postFrom(base, from, '/api/webauthn/authentication/options', { username: 'options-victim' });
      await postFrom(base, from, '/api/webauthn/authentication/verify', {
        id: victim.credentialId,
        rawId: victim.credentialId,
        type: 'public-key',
        response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' },
      });
    }
    const options = await new Client(base).post('/api/webauthn/authentication/options', {
      username: 'options-victim',
    });
    assert.equal(options.status, 200);
    const reply = await new Client(base).post(
      '/api/webauthn/authentication/verify',
      victim.authenticator.getAssertion(options.body, { origin: WEB_ORIGIN }),
    );
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  });

  it('still limits each client address (the flood cannot come from one)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      const reply = await rawRequest(suite.running.base, 'POST', '/api/signin/password', {
        body: JSON.stringify({ username: `one-address-${i}`, password: 'wrong guess' }),
        headers: { 'content-type': 'application/json' },
        localAddress: '127.9.9.9',
      });
      statuses.push(reply.status);
    }
    assert.equal(statuses.filter((s) => s === 401).length, 60);
    assert.equal(statuses.at(-1), 429);
  });
});

describe('BudgetStore', () => {
  const incr = (store: BudgetStore, key: string, max = 3, window = 60_000) =>
    new Promise<number>((resolve) => store.incr(key, (_e, r) => resolve(r.current), window, max));

  it('evicts budgets with requests left, never a spent one, and stays within its capacity', async () => {
    const store = new BudgetStore({ budgetCapacity: 100 });
    for (let i = 0; i < 3; i++) await incr(store, 'locked');
    for (let i = 0; i < 1000; i++) await incr(store, `fresh-${i}`);
    assert.ok(store.size <= 100, String(store.size));
    assert.equal(await incr(store, 'locked'), 4); // exceeded: 4 > max 3
  });

  it('refuses a new key rather than drop a spent budget when every slot is spent', async () => {
    const store = new BudgetStore({ budgetCapacity: 10 });
    for (let k = 0; k < 10; k++) for (let i = 0; i < 3; i++) await incr(store, `spent-${k}`);
    assert.equal(store.size, 10);
    assert.ok((await incr(store, 'newcomer')) > 3);
    assert.equal(store.size, 10);
    for (let k = 0; k < 10; k++) assert.equal(await incr(store, `spent-${k}`), 4);
  });

  it('frees spent budgets when their window ends', async () => {
    mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    try {
      const store = new BudgetStore({ budgetCapacity: 10 });
      for (let k = 0; k < 10; k++) for (let i = 0; i < 3; i++) await incr(store, `spent-${k}`, 3, 1000);
      assert.ok((await incr(store, 'newcomer', 3, 1000)) > 3);
      mock.timers.tick(1000);
      assert.equal(await incr(store, 'newcomer', 3, 1000), 1);
      assert.equal(await incr(store, 'spent-0', 3, 1000), 1);
    } finally {
      mock.timers.reset();
    }
  });
});

describe('BudgetStore leases (workers)', () => {
  const lease = (store: BudgetStore, key: string, max: number, shares = 2) =>
    new Promise<{ current: number; granted: number }>((resolve) =>
      store.lease(key, (_e, r) => resolve(r), 60_000, max, shares),
    );

  it('leases at most a 2N-th of what is left, and never more than the budget between all workers', async () => {
    const store = new BudgetStore();
    const first = await lease(store, 'client', 1000);
    assert.deepEqual([first.current, first.granted], [1, 64]); // MAX_LEASE: 1000 / 4 = 250 is capped
    let handedOut = first.granted;
    let refusedAt: number | undefined;
    for (let i = 0; i < 500 && refusedAt === undefined; i++) {
      const { current, granted } = await lease(store, 'client', 1000);
      // every request of a lease is within the budget, or the one leased is refused
      if (current > 1000) refusedAt = handedOut;
      else {
        assert.ok(current + granted - 1 <= 1000, `${current} + ${granted}`);
        handedOut += granted;
      }
    }
    assert.equal(refusedAt, 1000);
  });

  it('hands out one request at a time near the end of a budget, as without workers', async () => {
    const store = new BudgetStore();
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await lease(store, 'account', 3));
    assert.deepEqual(
      results.map((r) => [r.current, r.granted]),
      [
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
        [5, 1],
      ],
    );
  });
});

describe('password hashing under a storm', () => {
  it('runs at most HASH_CONCURRENCY scrypt hashes at once, queues the rest, and answers every one', async () => {
    const { hashPassword, verifyPassword, passwordHashLoad, HASH_CONCURRENCY } =
      await import('../../packages/server/src/relying-party/passwords.js');
    const stored = await hashPassword('storm password', 1024);
    let queued = 0;
    const checks = Array.from({ length: 20 }, (_, i) => {
      const check = verifyPassword(i % 2 ? 'storm password' : 'wrong', stored);
      queued = Math.max(queued, passwordHashLoad().waiting);
      return check;
    });
    const results = await Promise.all(checks);
    assert.deepEqual(
      results,
      results.map((_, i) => i % 2 === 1),
    );
    const load = passwordHashLoad();
    assert.ok(
      load.peak >= 1 && load.peak <= HASH_CONCURRENCY,
      `peak ${load.peak}, limit ${HASH_CONCURRENCY}`,
    );
    assert.ok(queued >= 20 - HASH_CONCURRENCY, `queued ${queued}`);
    assert.deepEqual([load.running, load.waiting], [0, 0]);
  });
});
