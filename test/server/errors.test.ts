// Every error the HTTP API promises, on SQLite and PostgreSQL.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SoftwareAuthenticator } from '../../packages/provider/src/index.js';
import { ENGINES } from './databases.js';
import { serverForSuite, signUpWithPasskey, Client, WEB_ORIGIN } from './harness.js';

for (const engine of ENGINES) {
  describe(`server errors on ${engine.name}`, () => {
    const suite = serverForSuite(engine.make, { bodyLimit: 16 * 1024 });

    const expectError = (
      reply: { status: number; body: { error?: { code: string; message: string } } },
      status: number,
      code: string,
    ) => {
      assert.equal(reply.status, status, JSON.stringify(reply.body));
      assert.equal(reply.body.error?.code, code);
      assert.equal(typeof reply.body.error?.message, 'string');
    };

    it('answers malformed, mistyped, oversized and unknown bodies in the error format', async () => {
      const client = new Client(suite.running.base);
      expectError(await client.post('/api/signup', '{"username":'), 400, 'malformed_request');
      expectError(await client.post('/api/signup', { username: 42 }), 400, 'malformed_request');
      expectError(
        await client.post('/api/signup', { username: 'ok-name', extra: true }),
        400,
        'malformed_request',
      );
      expectError(await client.post('/api/signup', {}), 400, 'malformed_request');
      expectError(await client.post('/api/signup', { username: 'x'.repeat(20_000) }), 413, 'body_too_large');
      expectError(
        await client.post('/api/signup', 'username=a', {
          'content-type': 'application/x-www-form-urlencoded',
        }),
        415,
        'unsupported_media_type',
      );
      expectError(
        await client.post('/api/webauthn/authentication/verify', {
          id: 'abc',
          rawId: 'abc',
          type: 'public-key',
          response: {},
        }),
        400,
        'malformed_request',
      );
      expectError(
        await client.post('/api/webauthn/authentication/verify', {
          id: 'a+b',
          rawId: 'abc',
          type: 'public-key',
          response: { clientDataJSON: 'a', authenticatorData: 'a', signature: 'a' },
        }),
        400,
        'malformed_request',
      );
      expectError(
        await client.post('/api/webauthn/authentication/verify', {
          id: 'abc',
          rawId: 'abc',
          type: 'public-key',
          response: { clientDataJSON: 'bm90IGpzb24', authenticatorData: 'AA', signature: 'AA' },
        }),
        400,
        'malformed_input',
      );
      expectError(await client.get('/api/nothing-here'), 404, 'not_found');
      // An empty JSON body is no body: fine where the body is optional, malformed where it is required.
      expectError(await client.post('/api/signup', ''), 400, 'malformed_request');
      const signout = await client.post('/api/signout', '');
      assert.deepEqual(signout.body, { signedOut: true, clearRestoreCredential: false });
    });

    it('validates usernames, passwords, display names and duplicates', async () => {
      const client = new Client(suite.running.base);
      expectError(await client.post('/api/signup', { username: 'a' }), 400, 'invalid_username');
      expectError(await client.post('/api/signup', { username: 'bad name!' }), 400, 'invalid_username');
      expectError(
        await client.post('/api/signup', { username: 'valid-name', password: 'short' }),
        400,
        'weak_password',
      );
      expectError(
        await client.post('/api/signup', { username: 'valid-name', displayName: '   ' }),
        400,
        'invalid_display_name',
      );
      assert.equal((await client.post('/api/signup', { username: 'taken-name' })).status, 201);
      expectError(
        await new Client(suite.running.base).post('/api/signup', { username: 'Taken-Name' }),
        409,
        'username_taken',
      );
      expectError(await client.call('PATCH', '/api/me', {}), 400, 'malformed_request');
    });

    it('gives the same 401 for an unknown user, a wrong password and a passwordless account', async () => {
      const client = new Client(suite.running.base);
      await client.post('/api/signup', { username: 'no-password' });
      for (const body of [
        { username: 'does-not-exist', password: 'whatever-pass' },
        { username: 'no-password', password: 'whatever-pass' },
        { username: '!!', password: 'whatever-pass' },
      ]) {
        const reply = await new Client(suite.running.base).post('/api/signin/password', body);
        expectError(reply, 401, 'invalid_credentials');
        assert.equal(reply.body.error.message, 'wrong username or password');
      }
    });

    it('refuses signed-out and foreign sessions', async () => {
      const anonymous = new Client(suite.running.base);
      expectError(await anonymous.get('/api/me'), 401, 'unauthenticated');
      expectError(await anonymous.get('/api/passkeys'), 401, 'unauthenticated');
      expectError(
        await anonymous.post('/api/webauthn/registration/options', { kind: 'passkey' }),
        401,
        'unauthenticated',
      );
      const forged = new Client(suite.running.base);
      forged.token = 'not-a-real-session-token';
      expectError(await forged.get('/api/me'), 401, 'unauthenticated');
      const { credentialId } = await signUpWithPasskey(suite.running.base, 'owner', 'password-owner');
      const intruder = new Client(suite.running.base);
      await intruder.post('/api/signup', { username: 'intruder', password: 'password-intruder' });
      expectError(
        await intruder.call('PATCH', `/api/passkeys/${credentialId}`, { name: 'mine' }),
        404,
        'not_found',
      );
      expectError(await intruder.call('DELETE', `/api/passkeys/${credentialId}`), 404, 'not_found');
      const signedOut = new Client(suite.running.base);
      await signedOut.post('/api/signin/password', { username: 'intruder', password: 'password-intruder' });
      const token = signedOut.token;
      await signedOut.post('/api/signout');
      signedOut.token = token;
      expectError(await signedOut.get('/api/me'), 401, 'unauthenticated');
    });

    it('refuses state-changing requests from a foreign Origin and responses made for a foreign origin', async () => {
      const client = new Client(suite.running.base);
      expectError(
        await client.post('/api/signup', { username: 'csrf-victim' }, { origin: 'https://evil.example' }),
        403,
        'origin_not_allowed',
      );
      assert.equal(
        (await client.post('/api/signup', { username: 'csrf-ok' }, { origin: WEB_ORIGIN })).status,
        201,
      );
      const options = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      const phished = new SoftwareAuthenticator().createCredential(options.body, {
        origin: 'http://localhost:9999',
      }).response;
      expectError(await client.post('/api/webauthn/registration/verify', phished), 400, 'origin_mismatch');
    });

    it('refuses replayed, expired and cross-ceremony challenges', async () => {
      const { client, authenticator, credentialId } = await signUpWithPasskey(
        suite.running.base,
        'replay',
        'password-replay',
      );
      const options = await client.post('/api/webauthn/authentication/options', {});
      const assertion = authenticator.getAssertion(options.body, { origin: WEB_ORIGIN, credentialId });
      assert.equal((await client.post('/api/webauthn/authentication/verify', assertion)).status, 200);
      expectError(
        await client.post('/api/webauthn/authentication/verify', assertion),
        400,
        'challenge_not_found',
      );

      // a challenge verified after its expiry (the server's clock moved past it)
      const stale = await client.post('/api/webauthn/authentication/options', {});
      const context = suite.running.server.context;
      const realNow = context.now;
      context.now = () => realNow() + context.config.challengeTtlMs + 1;
      try {
        expectError(
          await client.post(
            '/api/webauthn/authentication/verify',
            authenticator.getAssertion(stale.body, { origin: WEB_ORIGIN, credentialId }),
          ),
          400,
          'challenge_expired',
        );
      } finally {
        context.now = realNow;
      }

      // A registration challenge is not an authentication challenge.
      const reg = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      const mixed = authenticator.getAssertion(
        {
          challenge: reg.body.challenge,
          rpId: 'localhost',
          allowCredentials: [],
          userVerification: 'required',
        },
        { origin: WEB_ORIGIN, credentialId },
      );
      expectError(
        await client.post('/api/webauthn/authentication/verify', mixed),
        400,
        'challenge_not_found',
      );
    });

    it('refuses a tampered signature and a restore registration without deviceId', async () => {
      const { client, authenticator, credentialId } = await signUpWithPasskey(
        suite.running.base,
        'tamper',
        'password-tamper',
      );
      const options = await client.post('/api/webauthn/authentication/options', {});
      const assertion = authenticator.getAssertion(options.body, { origin: WEB_ORIGIN, credentialId });
      const signature = Buffer.from(assertion.response.signature, 'base64url');
      signature[signature.length - 1] ^= 1;
      const tampered = {
        ...assertion,
        response: { ...assertion.response, signature: signature.toString('base64url') },
      };
      expectError(await client.post('/api/webauthn/authentication/verify', tampered), 401, 'bad_signature');
      expectError(
        await client.post('/api/webauthn/registration/options', { kind: 'restore' }),
        400,
        'malformed_request',
      );
      expectError(
        await client.post('/api/webauthn/registration/options', { kind: 'other' }),
        400,
        'malformed_request',
      );
      expectError(
        await client.call('PATCH', `/api/passkeys/${credentialId}`, { name: ' ' }),
        400,
        'invalid_name',
      );
    });

    it('refuses replaying a registration and registering a credential id twice', async () => {
      const client = new Client(suite.running.base);
      await client.post('/api/signup', { username: 'twice', password: 'password-twice' });
      // An authenticator whose "random" credential ids repeat.
      const authenticator = new SoftwareAuthenticator({ randomBytes: (n) => new Uint8Array(n).fill(7) });
      const first = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      const { response } = authenticator.createCredential(first.body, { origin: WEB_ORIGIN });
      assert.equal((await client.post('/api/webauthn/registration/verify', response)).status, 200);
      expectError(
        await client.post('/api/webauthn/registration/verify', response),
        400,
        'challenge_not_found',
      );
      const second = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      const again = authenticator.createCredential(
        { ...second.body, excludeCredentials: [] },
        { origin: WEB_ORIGIN },
      ).response;
      assert.equal(again.id, response.id);
      expectError(await client.post('/api/webauthn/registration/verify', again), 409, 'credential_exists');
    });

    it('spends a registration challenge on a response that fails its checks: a good one cannot follow', async () => {
      const client = new Client(suite.running.base);
      await client.post('/api/signup', { username: 'one-try' });
      const authenticator = new SoftwareAuthenticator();
      const options = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      const good = authenticator.createCredential(options.body, { origin: WEB_ORIGIN }).response;
      // the same response claiming another ceremony: refused by §7.1 step 7 before anything is stored
      const clientData = JSON.parse(Buffer.from(good.response.clientDataJSON, 'base64url').toString('utf8'));
      const wrongType = Buffer.from(JSON.stringify({ ...clientData, type: 'webauthn.get' })).toString(
        'base64url',
      );
      const bad = { ...good, response: { ...good.response, clientDataJSON: wrongType } };
      expectError(await client.post('/api/webauthn/registration/verify', bad), 400, 'type_mismatch');
      expectError(await client.post('/api/webauthn/registration/verify', good), 400, 'challenge_not_found');
      const passkeys = await client.get('/api/passkeys');
      assert.equal(passkeys.status, 200);
      assert.deepEqual(passkeys.body.passkeys, []);
    });
  });
}

describe('rate limits', () => {
  const suite = serverForSuite(ENGINES[0]!.make, {
    rateLimit: { perClient: 6, perAccount: 3, windowMs: 60_000 },
  });

  it('limits password sign-in per account, then per client', async () => {
    const client = new Client(suite.running.base);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await client.post('/api/signin/password', { username: 'target', password: 'guess-guess' })).status,
      );
    assert.deepEqual(statuses, [401, 401, 401, 429]);
    const limited = await client.post('/api/signin/password', {
      username: 'TARGET',
      password: 'guess-guess',
    });
    assert.equal(limited.body.error.code, 'rate_limited');
    assert.ok(limited.headers.get('retry-after'));
    // Other accounts from the same client: the per-client budget (6) runs out.
    const others: number[] = [];
    for (let i = 0; i < 3; i++)
      others.push(
        (await client.post('/api/signin/password', { username: `other${i}`, password: 'guess-guess' }))
          .status,
      );
    assert.deepEqual(others, [401, 429, 429]);
  });

  it('limits passkey sign-in verification per client only (a known credential id locks nobody out)', async () => {
    const client = new Client(suite.running.base);
    // Well-formed for the schema, so each attempt reaches the limiter and then fails verification (400).
    const attempt = async (id: string) =>
      client.post('/api/webauthn/authentication/verify', {
        id,
        rawId: id,
        type: 'public-key',
        response: { clientDataJSON: 'bm90IGpzb24', authenticatorData: 'AA', signature: 'AA' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt('c2FtZS1jcmVk')).status);
    // one credential id, more attempts than the per-account budget (3): only the client's (6) runs out
    assert.deepEqual(statuses, [400, 400, 400, 400, 400, 400, 429]);
    const limited = await attempt('b3RoZXIx');
    assert.equal(limited.body.error.code, 'rate_limited');
    assert.ok(limited.headers.get('retry-after'));
  });

  it('limits registration options per signed-in account, then per client', async () => {
    const alice = new Client(suite.running.base);
    assert.equal((await alice.post('/api/signup', { username: 'rl-alice', displayName: 'A' })).status, 201);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await alice.post('/api/webauthn/registration/options', {})).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    // Another account from the same client address still has its own budget, until the client's (6) runs out.
    const bob = new Client(suite.running.base);
    assert.equal((await bob.post('/api/signup', { username: 'rl-bob', displayName: 'B' })).status, 201);
    const bobs: number[] = [];
    for (let i = 0; i < 3; i++) bobs.push((await bob.post('/api/webauthn/registration/options', {})).status);
    assert.deepEqual(bobs, [200, 200, 429]);
  });

  it('limits username-first options per client only (a username is never locked out of them)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (
          await new Client(suite.running.base).post('/api/webauthn/authentication/options', {
            username: i % 2 ? 'Probe' : 'probe',
          })
        ).status,
      );
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 429]);
  });
});
