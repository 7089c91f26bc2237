// Races an attacker (or a cloned authenticator) can start: the same counter from two clones at once, a counter
// going backwards, one challenge spent 50 ways at once, parallel deletions. On SQLite and PostgreSQL.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../server/databases.js';
import { serverForSuite } from '../server/harness.js';
import { Client, SoftwareAuthenticator, WEB_ORIGIN } from './attacks.js';

for (const engine of ENGINES) {
  describe(`races on ${engine.name}`, () => {
    const suite = serverForSuite(engine.make);

    async function counterAccount(username: string) {
      const base = suite.running.base;
      const client = new Client(base);
      assert.equal((await client.post('/api/signup', { username })).status, 201);
      const authenticator = new SoftwareAuthenticator({ signCounter: 'increment' });
      const options = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      const created = authenticator.createCredential(options.body, { origin: WEB_ORIGIN });
      assert.equal((await client.post('/api/webauthn/registration/verify', created.response)).status, 200);
      return { base, authenticator, credentialId: created.credentialId };
    }

    it('lets only one of two clones reporting the same counter at once sign in (counter_regression)', async () => {
      const { base, authenticator, credentialId } = await counterAccount('clone-race');
      for (let round = 0; round < 5; round++) {
        // a clone of the authenticator as it is now: both report the same next counter
        const clone = new SoftwareAuthenticator({
          signCounter: 'increment',
          state: authenticator.exportState(),
        });
        const [a, b] = await Promise.all(
          [0, 1].map(() => new Client(base).post('/api/webauthn/authentication/options', {})),
        );
        const assertions = [
          authenticator.getAssertion(a!.body, { origin: WEB_ORIGIN, credentialId }),
          clone.getAssertion(b!.body, { origin: WEB_ORIGIN, credentialId }),
        ];
        const replies = await Promise.all(
          assertions.map((assertion) =>
            new Client(base).post('/api/webauthn/authentication/verify', assertion),
          ),
        );
        const statuses = replies.map((r) => r.status).sort();
        assert.deepEqual(
          statuses,
          [200, 401],
          `round ${round}: ${JSON.stringify(replies.map((r) => r.body))}`,
        );
        assert.equal(replies.find((r) => r.status === 401)!.body.error.code, 'counter_regression');
      }
      const stored = await suite.running.server.store.credentials.findById(credentialId);
      assert.equal(stored?.counter, 5);
    });

    it('never moves a stored counter backwards (compare-and-set in one statement)', async () => {
      const { credentialId } = await counterAccount('backwards');
      const credentials = suite.running.server.store.credentials;
      const now = new Date();
      assert.equal(await credentials.recordUse(credentialId, 7, true, now), true);
      // a slower request that verified counter 5 against the old stored 0 arrives last
      assert.equal(await credentials.recordUse(credentialId, 5, true, now), false);
      assert.equal(await credentials.recordUse(credentialId, 7, true, now), false);
      assert.equal(await credentials.recordUse(credentialId, 0, true, now), false);
      assert.equal((await credentials.findById(credentialId))?.counter, 7);
      // the same race inside the database: ten writers, counters 1..10, in any order
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => credentials.recordUse(credentialId, 8 + i, true, now)),
      );
      assert.ok(results.some(Boolean));
      assert.equal((await credentials.findById(credentialId))?.counter, 17);
    });

    it('keeps authenticators that always report 0 signing in, also at once', async () => {
      const base = suite.running.base;
      const client = new Client(base);
      assert.equal((await client.post('/api/signup', { username: 'zero-counter' })).status, 201);
      const authenticator = new SoftwareAuthenticator(); // synced passkeys: counter always 0
      const options = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      const { response, credentialId } = authenticator.createCredential(options.body, { origin: WEB_ORIGIN });
      assert.equal((await client.post('/api/webauthn/registration/verify', response)).status, 200);
      const all = await Promise.all(
        Array.from({ length: 8 }, () => new Client(base).post('/api/webauthn/authentication/options', {})),
      );
      const replies = await Promise.all(
        all.map((o) =>
          new Client(base).post(
            '/api/webauthn/authentication/verify',
            authenticator.getAssertion(o.body, { origin: WEB_ORIGIN, credentialId }),
          ),
        ),
      );
      assert.deepEqual(
        replies.map((r) => r.status),
        replies.map(() => 200),
      );
    });

    it('spends one registration challenge once when 50 copies of the response arrive at once', async () => {
      const base = suite.running.base;
      const client = new Client(base);
      assert.equal((await client.post('/api/signup', { username: 'fifty-ways' })).status, 201);
      const options = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      const { response } = new SoftwareAuthenticator().createCredential(options.body, { origin: WEB_ORIGIN });
      const replies = await Promise.all(
        Array.from({ length: 50 }, () => client.post('/api/webauthn/registration/verify', response)),
      );
      assert.equal(replies.filter((r) => r.status === 200).length, 1);
      assert.ok(
        replies
          .filter((r) => r.status !== 200)
          .every((r) => ['challenge_not_found', 'credential_exists'].includes(r.body.error.code)),
      );
      assert.equal((await client.get('/api/passkeys')).body.passkeys.length, 1);
    });

    it('spends one sign-in challenge once when 50 copies of the assertion arrive at once', async () => {
      const base = suite.running.base;
      const { authenticator, credentialId } = await counterAccount('fifty-sign-ins');
      const options = await new Client(base).post('/api/webauthn/authentication/options', {});
      const assertion = authenticator.getAssertion(options.body, { origin: WEB_ORIGIN, credentialId });
      const replies = await Promise.all(
        Array.from({ length: 50 }, () =>
          new Client(base).post('/api/webauthn/authentication/verify', assertion),
        ),
      );
      assert.equal(replies.filter((r) => r.status === 200).length, 1);
      assert.ok(
        replies.filter((r) => r.status !== 200).every((r) => r.body.error.code === 'challenge_not_found'),
      );
    });
  });
}
