// Passkeys on security keys without resident-key storage: the residentKey option of registration options,
// on SQLite and PostgreSQL, with credentials made by the software authenticator.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SoftwareAuthenticator } from '../../packages/provider/src/index.js';
import { ENGINES } from './databases.js';
import { serverForSuite, Client } from './harness.js';

for (const engine of ENGINES) {
  describe(`registration options residentKey on ${engine.name}`, () => {
    const suite = serverForSuite(engine.make);

    async function signedUp(username: string): Promise<Client> {
      const client = new Client(suite.running.base);
      const signup = await client.post('/api/signup', { username, password: `password-${username}` });
      assert.equal(signup.status, 201, JSON.stringify(signup.body));
      return client;
    }

    it('carries the requested residentKey into authenticatorSelection (default "required")', async () => {
      const client = await signedUp('rk-options');
      const cases: [Record<string, unknown>, string, boolean][] = [
        [{ kind: 'passkey' }, 'required', true],
        [{}, 'required', true],
        [{ kind: 'passkey', residentKey: 'required' }, 'required', true],
        [{ kind: 'passkey', residentKey: 'preferred' }, 'preferred', false],
        [{ kind: 'passkey', residentKey: 'discouraged' }, 'discouraged', false],
        [{ kind: 'restore', deviceId: 'pixel-rk', residentKey: 'required' }, 'required', true],
      ];
      for (const [body, residentKey, requireResidentKey] of cases) {
        const options = await client.post('/api/webauthn/registration/options', body);
        assert.equal(options.status, 200, JSON.stringify(options.body));
        assert.equal(options.body.authenticatorSelection.residentKey, residentKey, JSON.stringify(body));
        assert.equal(options.body.authenticatorSelection.requireResidentKey, requireResidentKey);
      }
    });

    it('refuses an unknown residentKey value, and a non-discoverable restore key, with 400', async () => {
      const client = await signedUp('rk-bad');
      for (const body of [
        { kind: 'passkey', residentKey: 'sometimes' },
        { kind: 'passkey', residentKey: true },
        { kind: 'restore', deviceId: 'pixel-rk', residentKey: 'preferred' },
        { kind: 'restore', deviceId: 'pixel-rk', residentKey: 'discouraged' },
      ]) {
        const reply = await client.post('/api/webauthn/registration/options', body);
        assert.equal(reply.status, 400, JSON.stringify(body));
        assert.equal(reply.body.error.code, 'malformed_request');
      }
    });

    it('registers a non-discoverable passkey, signs in username first with it, and manages it', async () => {
      const client = await signedUp('rk-dave');
      const key = new SoftwareAuthenticator({ backupEligible: false });
      const options = await client.post('/api/webauthn/registration/options', {
        kind: 'passkey',
        residentKey: 'discouraged',
      });
      const { response, credentialId } = key.createCredential(options.body, {
        origin: 'http://localhost:8080',
      });
      const registered = await client.post('/api/webauthn/registration/verify', response);
      assert.equal(registered.status, 200, JSON.stringify(registered.body));
      assert.equal(registered.body.credential.id, credentialId);
      assert.equal(registered.body.credential.kind, 'passkey');

      // Stored like any passkey: listed, renamed.
      const list = await client.get('/api/passkeys');
      assert.deepEqual(
        list.body.passkeys.map((p: { id: string }) => p.id),
        [credentialId],
      );
      const renamed = await client.call('PATCH', `/api/passkeys/${credentialId}`, { name: 'Blue key' });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.passkey.name, 'Blue key');

      // Username first: allowCredentials names the credential, so the key finds it without storing it.
      const device = new Client(suite.running.base);
      const request = await device.post('/api/webauthn/authentication/options', { username: 'rk-dave' });
      assert.equal(request.status, 200);
      assert.deepEqual(
        request.body.allowCredentials.map((d: { id: string }) => d.id),
        [credentialId],
      );
      const assertion = key.getAssertion(request.body, { origin: 'http://localhost:8080' });
      // A key that keeps no user handle for a non-discoverable credential returns none (§6.3.3 step 12).
      const withoutUserHandle = { ...assertion, response: { ...assertion.response, userHandle: undefined } };
      const signedIn = await device.post('/api/webauthn/authentication/verify', withoutUserHandle);
      assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
      assert.deepEqual(signedIn.body.credential, { id: credentialId, kind: 'passkey' });
      assert.equal(signedIn.body.user.username, 'rk-dave');

      // And deleted like any passkey (the password remains a way to sign in).
      const deleted = await device.call('DELETE', `/api/passkeys/${credentialId}`);
      assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
      assert.deepEqual((await device.get('/api/passkeys')).body, { passkeys: [] });
    });
  });
}
