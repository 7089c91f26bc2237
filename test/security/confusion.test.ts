// Attacks of our own, beyond the list: restore keys used as passkeys and back, deviceId confusion between
// accounts, user handle swaps, oversized CBOR.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../server/databases.js';
import { serverForSuite, signUpWithPasskey } from '../server/harness.js';
import { Client, SoftwareAuthenticator, WEB_ORIGIN, withResponse } from './attacks.js';

for (const engine of ENGINES) {
  describe(`confusion attacks on ${engine.name}`, () => {
    const suite = serverForSuite(engine.make);

    async function withRestoreKey(username: string, deviceId: string) {
      const account = await signUpWithPasskey(suite.running.base, username);
      const options = await account.client.post('/api/webauthn/registration/options', {
        kind: 'restore',
        deviceId,
      });
      const restore = account.authenticator.createCredential(options.body, { origin: WEB_ORIGIN });
      assert.equal(
        (await account.client.post('/api/webauthn/registration/verify', restore.response)).status,
        200,
      );
      return { ...account, restoreId: restore.credentialId };
    }

    const signIn = async (
      kind: 'passkey' | 'restore',
      authenticator: SoftwareAuthenticator,
      credentialId: string,
    ) => {
      const options = await new Client(suite.running.base).post('/api/webauthn/authentication/options', {
        kind,
      });
      // the restore key makes no UV: a passkey sign-in would need it, so the attacker claims it in the flags
      const assertion = authenticator.getAssertion(options.body, { origin: WEB_ORIGIN, credentialId });
      return new Client(suite.running.base).post('/api/webauthn/authentication/verify', assertion);
    };

    it('refuses a restore key in a passkey sign-in and a passkey in a restore-key sign-in', async () => {
      const { authenticator, credentialId, restoreId } = await withRestoreKey('kinds', 'kinds-phone');
      const restoreAsPasskey = await signIn('passkey', authenticator, restoreId);
      assert.equal(restoreAsPasskey.status, 400, JSON.stringify(restoreAsPasskey.body));
      assert.equal(restoreAsPasskey.body.error.code, 'credential_id_mismatch');
      assert.equal(restoreAsPasskey.body.token, undefined);
      const passkeyAsRestore = await signIn('restore', authenticator, credentialId);
      assert.equal(passkeyAsRestore.body.error.code, 'credential_id_mismatch');
      // each in its own ceremony still works
      assert.equal((await signIn('restore', authenticator, restoreId)).status, 200);
      assert.equal((await signIn('passkey', authenticator, credentialId)).status, 200);
    });

    it("never lets one account's deviceId touch another account's restore key", async () => {
      const alice = await withRestoreKey('alice-device', 'same-device-id');
      const bob = await withRestoreKey('bob-device', 'same-device-id');
      // Bob signs out naming the shared deviceId: only his restore key goes
      const out = await bob.client.post('/api/signout', { deviceId: 'same-device-id' });
      assert.equal(out.body.signals.allAcceptedCredentials.userId, bob.userId);
      assert.equal((await signIn('restore', bob.authenticator, bob.restoreId)).status, 404);
      assert.equal((await signIn('restore', alice.authenticator, alice.restoreId)).status, 200);
      // Bob registering a new restore key for that deviceId replaces nothing of Alice's
      const bobAgain = new Client(suite.running.base);
      const back = await bobAgain.post('/api/webauthn/authentication/options', { kind: 'passkey' });
      await bobAgain.post(
        '/api/webauthn/authentication/verify',
        bob.authenticator.getAssertion(back.body, { origin: WEB_ORIGIN, credentialId: bob.credentialId }),
      );
      const options = await bobAgain.post('/api/webauthn/registration/options', {
        kind: 'restore',
        deviceId: 'same-device-id',
      });
      const created = bob.authenticator.createCredential(options.body, { origin: WEB_ORIGIN });
      assert.equal((await bobAgain.post('/api/webauthn/registration/verify', created.response)).status, 200);
      assert.equal((await signIn('restore', alice.authenticator, alice.restoreId)).status, 200);
    });

    it("refuses an assertion whose userHandle was swapped for another account's", async () => {
      const alice = await signUpWithPasskey(suite.running.base, 'alice-handle');
      const bob = await signUpWithPasskey(suite.running.base, 'bob-handle');
      const options = await new Client(suite.running.base).post('/api/webauthn/authentication/options', {});
      const assertion = alice.authenticator.getAssertion(options.body, {
        origin: WEB_ORIGIN,
        credentialId: alice.credentialId,
      });
      // userHandle is not signed: swapping it keeps the signature valid
      const reply = await new Client(suite.running.base).post(
        '/api/webauthn/authentication/verify',
        withResponse(assertion, { userHandle: bob.userId }),
      );
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error.code, 'user_handle_mismatch');
      assert.equal(reply.body.token, undefined);
    });

    it('refuses oversized and deeply nested CBOR with a 4xx, and keeps serving', async () => {
      const { client } = await signUpWithPasskey(suite.running.base, 'cbor-bomb');
      for (const bomb of [
        Buffer.alloc(24_000, 0x81), // 24,000 nested one-element arrays
        Buffer.concat([
          Buffer.from([0xa3, 0x63]),
          Buffer.from('fmt'),
          Buffer.from([0x5b]),
          Buffer.alloc(8, 0xff),
        ]),
        Buffer.from([0x9f, ...Buffer.alloc(20_000, 0x9f)]), // indefinite-length arrays, never closed
      ]) {
        // a fresh challenge each time, so the bytes reach the CBOR decoder
        const options = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
        const { response } = new SoftwareAuthenticator().createCredential(options.body, {
          origin: WEB_ORIGIN,
        });
        const reply = await client.post('/api/webauthn/registration/verify', {
          ...response,
          response: { ...response.response, attestationObject: bomb.toString('base64url') },
        });
        assert.equal(reply.status, 400, JSON.stringify(reply.body));
        assert.equal(reply.body.error.code, 'malformed_input');
      }
      assert.equal((await client.get('/api/me')).status, 200);
    });
  });
}
