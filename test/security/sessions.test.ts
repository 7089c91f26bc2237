// Sessions bound to what they started: a registration finishes only in the live session that asked for its
// options; signing out voids that session's pending challenges; cookies are HttpOnly, SameSite and Secure
// wherever an https origin is configured.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { ENGINES, sqliteDatabase } from '../server/databases.js';
import { serverForSuite, startServer } from '../server/harness.js';
import { Client, SoftwareAuthenticator, WEB_ORIGIN } from './attacks.js';
import { loadConfig, secureCookies } from '../../packages/server/src/index.js';
import { CookieWriter } from '../../packages/server/src/http/cookies.js';
import type { FastifyReply } from 'fastify';

for (const engine of ENGINES) {
  describe(`session binding on ${engine.name}`, () => {
    const suite = serverForSuite(engine.make);

    async function signedUp(username: string) {
      const client = new Client(suite.running.base);
      const reply = await client.post('/api/signup', { username, password: 'long enough password' });
      assert.equal(reply.status, 201);
      return { client, userId: reply.body.user.id as string };
    }

    const registrationFor = async (client: Client, body: object = { kind: 'passkey' }) => {
      const options = await client.post('/api/webauthn/registration/options', body);
      assert.equal(options.status, 200, JSON.stringify(options.body));
      return new SoftwareAuthenticator().createCredential(options.body, { origin: WEB_ORIGIN }).response;
    };

    it('stores only the hash of a session token, after the time the token begins with; an older token still signs in', async () => {
      const started = Date.now();
      const { client, userId } = await signedUp('token-shape');
      const token = client.token!;
      // the creation time (12 hex digits), then 32 random bytes
      assert.match(token, /^[0-9a-f]{12}[A-Za-z0-9_-]{43}$/);
      const time = parseInt(token.slice(0, 12), 16);
      assert.ok(time >= started && time <= Date.now(), `${time} within the sign-up`);
      const store = suite.running.server.store;
      const now = new Date();
      const active = await store.sessions.find(
        token.slice(0, 12) + createHash('sha256').update(token).digest('base64url'),
        now,
      );
      assert.equal(active?.user.id, userId);
      // the token itself is no key, nor its hash alone
      assert.equal(await store.sessions.find(token, now), undefined);
      assert.equal(
        await store.sessions.find(createHash('sha256').update(token).digest('base64url'), now),
        undefined,
      );
      // a session from before the time prefix: 32 random bytes, stored under their hash alone
      const untimed = randomBytes(32).toString('base64url');
      await store.sessions.insert({
        id: createHash('sha256').update(untimed).digest('base64url'),
        userId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + 60_000),
        upgradeEligible: false,
      });
      const old = new Client(suite.running.base);
      old.token = untimed;
      const me = await old.get('/api/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.user.id, userId);
    });

    it('refuses a registration verified after its session signed out, or with no session', async () => {
      const { client } = await signedUp('signs-out');
      const response = await registrationFor(client);
      const token = client.token!;
      assert.equal((await client.post('/api/signout', {})).status, 200);
      // the old token, and no session at all
      const stale = new Client(suite.running.base);
      stale.token = token;
      const withStale = await stale.post('/api/webauthn/registration/verify', response);
      assert.equal(withStale.status, 401);
      assert.equal(withStale.body.error.code, 'unauthenticated');
      const anonymous = await new Client(suite.running.base).post(
        '/api/webauthn/registration/verify',
        response,
      );
      assert.equal(anonymous.status, 401);
      // signing back in does not revive the challenge: sign-out voided it
      const again = new Client(suite.running.base);
      await again.post('/api/signin/password', { username: 'signs-out', password: 'long enough password' });
      const revived = await again.post('/api/webauthn/registration/verify', response);
      assert.equal(revived.status, 400);
      assert.equal(revived.body.error.code, 'challenge_not_found');
      assert.equal((await again.get('/api/passkeys')).body.passkeys.length, 0);
    });

    // The verify step does not look the session up first: the statement that stores the passkey checks that the
    // session is live and its user's (one round trip). These try to slip a passkey past that check.
    it('refuses a registration whose session expired after its options, spends nothing, and stores nothing', async () => {
      const { client, userId } = await signedUp('expires-midway');
      const response = await registrationFor(client);
      const other = await registrationFor(client);
      const store = suite.running.server.store;
      const id = (
        await store.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()
      )[0]!.id;
      const expire = (at: number) =>
        store.db.updateTable('sessions').set({ expires_at: at }).where('id', '=', id).execute();
      await expire(Date.now() - 1);
      const late = await client.post('/api/webauthn/registration/verify', response);
      assert.equal(late.status, 401, JSON.stringify(late.body));
      assert.equal(late.body.error.code, 'unauthenticated');
      assert.deepEqual(await store.credentials.listByUser(userId), []);
      // the session live again (only a test can do that; nothing here spent a challenge, which would have swept the
      // expired session away): the refused attempt spent nothing
      await expire(Date.now() + 60_000);
      const finished = await client.post('/api/webauthn/registration/verify', response);
      assert.equal(finished.status, 200, JSON.stringify(finished.body));
      assert.equal((await store.credentials.listByUser(userId)).length, 1);
      // a broken response in an expired session: unauthenticated too, not the response's own error
      await expire(Date.now() - 1);
      const broken = await client.post('/api/webauthn/registration/verify', { ...other, type: 'other' });
      assert.equal(broken.status, 401, JSON.stringify(broken.body));
      assert.equal(broken.body.error.code, 'unauthenticated');
    });

    it('lands a registration racing its sign-out either whole, before it, or not at all', async () => {
      const tries = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const { client, userId } = await signedUp(`races-signout-${i}`);
          const response = await registrationFor(client);
          const [verified, signedOut] = await Promise.all([
            client.post('/api/webauthn/registration/verify', response),
            client.post('/api/signout', {}),
          ]);
          assert.equal(signedOut.status, 200);
          const stored = await suite.running.server.store.credentials.listByUser(userId);
          if (verified.status === 200)
            assert.deepEqual(
              stored.map((c) => c.id),
              [response.id],
            );
          else {
            assert.equal(verified.body.error.code, 'unauthenticated', JSON.stringify(verified.body));
            assert.deepEqual(stored, []);
          }
          return verified.status;
        }),
      );
      assert.ok(
        tries.every((s) => s === 200 || s === 401),
        tries.join(),
      );
    });

    it("never lands a response posted under another user's session, and leaves the owner's challenge", async () => {
      const alice = await signedUp('alice-binding');
      const bob = await signedUp('bob-binding');
      const response = await registrationFor(alice.client);
      const underBob = await bob.client.post('/api/webauthn/registration/verify', response);
      assert.equal(underBob.status, 400);
      assert.equal(underBob.body.error.code, 'challenge_not_found');
      assert.equal((await bob.client.get('/api/passkeys')).body.passkeys.length, 0);
      // the attempt did not spend Alice's challenge: her own session still finishes it, on her account
      const underAlice = await alice.client.post('/api/webauthn/registration/verify', response);
      assert.equal(underAlice.status, 200, JSON.stringify(underAlice.body));
      assert.equal((await alice.client.get('/api/passkeys')).body.passkeys.length, 1);
    });

    it("refuses a second session of the same user finishing the first one's registration", async () => {
      const { client } = await signedUp('two-sessions');
      const response = await registrationFor(client);
      const second = new Client(suite.running.base);
      await second.post('/api/signin/password', {
        username: 'two-sessions',
        password: 'long enough password',
      });
      const reply = await second.post('/api/webauthn/registration/verify', response);
      assert.equal(reply.body.error.code, 'challenge_not_found');
      assert.equal((await client.post('/api/webauthn/registration/verify', response)).status, 200);
    });

    it('binds restore-key registrations the same way', async () => {
      const { client } = await signedUp('restore-binding');
      const response = await registrationFor(client, { kind: 'restore', deviceId: 'device-1' });
      await client.post('/api/signout', {});
      const again = new Client(suite.running.base);
      await again.post('/api/signin/password', {
        username: 'restore-binding',
        password: 'long enough password',
      });
      const reply = await again.post('/api/webauthn/registration/verify', response);
      assert.equal(reply.body.error.code, 'challenge_not_found');
    });
  });
}

describe('cookies', () => {
  const cookieOf = async (extra: Parameters<typeof startServer>[1]) => {
    const database = sqliteDatabase();
    const running = await startServer(database, extra);
    try {
      const reply = await new Client(running.base).post('/api/signup', { username: 'cookie-user' });
      return reply.headers.get('set-cookie') ?? '';
    } finally {
      await running.server.close();
      await database.cleanup();
    }
  };

  it('makes the session cookie Secure with an https origin, also when the RP ID is localhost', async () => {
    const cookie = await cookieOf({ rpId: 'localhost', origins: ['https://localhost:8443'] });
    assert.match(cookie, /credkit_session=/);
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
  });

  it('lets the session cookie expire with the session, and clears it on sign-out with the same path and flags', async () => {
    const database = sqliteDatabase();
    const ttl = 3_600_000;
    const running = await startServer(database, {
      rpId: 'localhost',
      origins: ['https://localhost:8443'],
      sessionTtlMs: ttl,
    });
    try {
      const client = new Client(running.base, true);
      const before = Date.now();
      const signup = await client.post('/api/signup', { username: 'cookie-expiry' });
      const set = signup.headers.get('set-cookie') ?? '';
      const expires = Date.parse(/; Expires=([^;]+)/.exec(set)?.[1] ?? '');
      assert.ok(expires >= before + ttl - 1000 && expires <= Date.now() + ttl, set);
      const out = await client.post('/api/signout', undefined, { origin: 'https://localhost:8443' });
      assert.equal(out.status, 200);
      const cleared = out.headers.get('set-cookie') ?? '';
      assert.match(cleared, /^credkit_session=;/);
      for (const flag of [
        /; Max-Age=0/,
        /; Path=\//,
        /; Expires=Thu, 01 Jan 1970 00:00:00 GMT/,
        /; HttpOnly/,
        /; Secure/,
        /; SameSite=Lax/,
      ])
        assert.match(cleared, flag);
    } finally {
      await running.server.close();
      await database.cleanup();
    }
  });

  it('sets only token values: anything a cookie would have to encode is refused', () => {
    const writer = new CookieWriter('credkit_session', { path: '/', sameSite: 'lax', secure: true });
    const headers: string[] = [];
    const reply = { header: (_: string, value: string) => headers.push(value) } as unknown as FastifyReply;
    writer.set(reply, 'abc_DEF-123.x');
    assert.deepEqual(headers, ['credkit_session=abc_DEF-123.x; Path=/; HttpOnly; Secure; SameSite=Lax']);
    for (const bad of ['a;b', 'a b', 'a=b', 'é', 'a,b'])
      assert.throws(() => writer.set(reply, bad), TypeError);
    assert.equal(headers.length, 1);
  });

  it('leaves Secure off only for a localhost RP served over plain http (the demo)', async () => {
    assert.doesNotMatch(await cookieOf({ rpId: 'localhost', origins: [WEB_ORIGIN] }), /Secure/);
    assert.match(await cookieOf({ rpId: 'localhost', origins: [WEB_ORIGIN], secureCookies: true }), /Secure/);
  });

  it('turns Secure on with NODE_ENV=production or COOKIE_SECURE=1, whatever the RP ID', () => {
    assert.equal(secureCookies(loadConfig({ NODE_ENV: 'production' }, '')), true);
    assert.equal(secureCookies(loadConfig({ COOKIE_SECURE: '1' }, '')), true);
    assert.equal(secureCookies(loadConfig({}, '')), false);
    assert.equal(
      secureCookies(loadConfig({ RP_ID: 'example.com', ORIGINS: 'https://example.com' }, '')),
      true,
    );
    assert.equal(secureCookies(loadConfig({ ORIGINS: 'https://localhost:8443' }, '')), true);
  });
});
