// Exactly-once challenges under concurrency and across processes, and crash safety, on SQLite and PostgreSQL.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SoftwareAuthenticator } from '../../packages/provider/src/index.js';
import { ENGINES } from './databases.js';
import { serverForSuite, signUpWithPasskey, testConfig, Client, WEB_ORIGIN } from './harness.js';
import { spawnServer, type ServerProcess } from './processes.js';

for (const engine of ENGINES) {
  describe(`concurrency on ${engine.name}`, () => {
    const suite = serverForSuite(engine.make);

    it('accepts one assertion posted 20 times at once exactly once', async () => {
      const { authenticator, credentialId } = await signUpWithPasskey(suite.running.base, 'racer');
      const options = await new Client(suite.running.base).post('/api/webauthn/authentication/options', {});
      const assertion = authenticator.getAssertion(options.body, { origin: WEB_ORIGIN, credentialId });
      const replies = await Promise.all(
        Array.from({ length: 20 }, () =>
          new Client(suite.running.base).post('/api/webauthn/authentication/verify', assertion),
        ),
      );
      const statuses = replies.map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 200).length, 1, String(statuses));
      assert.ok(
        replies.filter((r) => r.status !== 200).every((r) => r.body.error.code === 'challenge_not_found'),
      );
    });

    it("refuses one of two concurrent DELETEs of a passwordless account's last two passkeys", async () => {
      const { client, credentialId } = await signUpWithPasskey(suite.running.base, 'two-deletes');
      const options = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      const second = await client.post(
        '/api/webauthn/registration/verify',
        new SoftwareAuthenticator().createCredential(options.body, { origin: WEB_ORIGIN }).response,
      );
      assert.equal(second.status, 200);
      const replies = await Promise.all(
        [credentialId, second.body.credential.id as string].map((id) =>
          client.call('DELETE', `/api/passkeys/${id}`),
        ),
      );
      assert.deepEqual(replies.map((r) => r.status).sort(), [200, 409]);
      assert.equal(replies.find((r) => r.status === 409)!.body.error.code, 'last_credential');
      assert.equal((await client.get('/api/passkeys')).body.passkeys.length, 1);
    });

    it('keeps a registration acknowledged just before SIGKILL', async () => {
      const config = testConfig(suite.database);
      let child: ServerProcess | undefined = await spawnServer(config);
      try {
        const { authenticator, credentialId } = await signUpWithPasskey(child.base, 'crash-test');
        await child.kill();
        child = await spawnServer(config);
        const client = new Client(child.base);
        const options = await client.post('/api/webauthn/authentication/options', { username: 'crash-test' });
        assert.deepEqual(
          options.body.allowCredentials.map((c: { id: string }) => c.id),
          [credentialId],
        );
        const signedIn = await client.post(
          '/api/webauthn/authentication/verify',
          authenticator.getAssertion(options.body, { origin: WEB_ORIGIN }),
        );
        assert.equal(signedIn.status, 200);
      } finally {
        await child?.kill();
      }
    });

    if (engine.name === 'postgres') {
      it('lets two server processes share challenges and sessions', async () => {
        const config = testConfig(suite.database);
        const [a, b] = await Promise.all([spawnServer(config), spawnServer(config)]);
        try {
          const { authenticator, credentialId, userId } = await signUpWithPasskey(a.base, 'two-instances');
          // Options from A, verify on B; the replay on A fails.
          const options = await new Client(a.base).post('/api/webauthn/authentication/options', {});
          const assertion = authenticator.getAssertion(options.body, { origin: WEB_ORIGIN, credentialId });
          const onB = await new Client(b.base).post('/api/webauthn/authentication/verify', assertion);
          assert.equal(onB.status, 200, JSON.stringify(onB.body));
          assert.equal(
            (await new Client(a.base).post('/api/webauthn/authentication/verify', assertion)).body.error.code,
            'challenge_not_found',
          );
          // Options from B, the same assertion raced on both instances: one success.
          const raced = await new Client(b.base).post('/api/webauthn/authentication/options', {});
          const raceAssertion = authenticator.getAssertion(raced.body, { origin: WEB_ORIGIN, credentialId });
          const replies = await Promise.all(
            Array.from({ length: 10 }, (_, i) =>
              new Client(i % 2 ? a.base : b.base).post('/api/webauthn/authentication/verify', raceAssertion),
            ),
          );
          assert.equal(replies.filter((r) => r.status === 200).length, 1);
          const winner = onB;
          // The session started on one instance is valid on the other.
          const onA = new Client(a.base);
          onA.token = winner.body.token;
          assert.equal((await onA.get('/api/me')).body.user.id, userId);
          const other = new Client(b.base);
          other.token = winner.body.token;
          assert.equal((await other.get('/api/me')).body.user.id, userId);
        } finally {
          await Promise.all([a.kill(), b.kill()]);
        }
      });
    }
  });
}
