// Restore keys expire after the configured inactivity time (restoreKeyTtlMs), on SQLite and PostgreSQL: an
// expired one can no longer sign in and leaves the allAcceptedCredentialIds signal; one in use stays.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from './databases.js';
import {
  serverForSuite,
  signUpWithPasskey,
  registerRestoreKey,
  Client,
  ANDROID_ORIGIN,
  WEB_ORIGIN,
} from './harness.js';

const DAY = 86_400_000;

for (const engine of ENGINES) {
  describe(`restore key expiry on ${engine.name}`, () => {
    // A week, not the 180-day default: the configured value is the one applied.
    const suite = serverForSuite(engine.make, { restoreKeyTtlMs: 7 * DAY });

    it('keeps a restore key in use, expires it after the configured inactivity, and drops it from the signals', async () => {
      const { client, authenticator, credentialId, userId } = await signUpWithPasskey(
        suite.running.base,
        'ivan',
      );
      const { device, restoreId, registered } = await registerRestoreKey(client, 'phone');
      const age = (field: 'created_at' | 'last_used_at', days: number) =>
        suite.running.server.store.db
          .updateTable('credentials')
          .set({ [field]: Date.now() - days * DAY })
          .where('id', '=', restoreId)
          .execute();
      const restoreSignIn = async () => {
        const signIn = await new Client(suite.running.base).post('/api/webauthn/authentication/options', {
          kind: 'restore',
        });
        return new Client(suite.running.base).post(
          '/api/webauthn/authentication/verify',
          device.getAssertion(signIn.body, { origin: ANDROID_ORIGIN, credentialId: restoreId }),
        );
      };
      const passkeySignIn = async () => {
        const signIn = await new Client(suite.running.base).post('/api/webauthn/authentication/options', {});
        const reply = await new Client(suite.running.base).post(
          '/api/webauthn/authentication/verify',
          authenticator.getAssertion(signIn.body, { origin: WEB_ORIGIN, credentialId }),
        );
        assert.equal(reply.status, 200);
        return reply.body.signals.allAcceptedCredentials.allAcceptedCredentialIds as string[];
      };

      // Created a month ago but used 6 days ago: inactivity, not age, counts. A sign-in renews it.
      await age('created_at', 30);
      await age('last_used_at', 6);
      assert.deepEqual((await passkeySignIn()).sort(), [credentialId, restoreId].sort());
      assert.equal((await restoreSignIn()).status, 200);

      // Unused for 8 days (> 7): no longer accepted, so no longer in the accepted list either.
      await age('last_used_at', 8);
      assert.deepEqual(await passkeySignIn(), [credentialId]);
      const expired = await restoreSignIn();
      assert.equal(expired.status, 404);
      assert.equal(expired.body.error.code, 'unknown_credential');
      assert.deepEqual(expired.body.signals, {
        unknownCredential: { rpId: 'localhost', credentialId: restoreId },
      });
      assert.equal(await suite.running.server.store.credentials.findById(restoreId), undefined);
      assert.equal((await client.get('/api/passkeys')).body.passkeys.length, 1);
      assert.equal(userId, registered.body.signals.allAcceptedCredentials.userId);
    });
  });
}
