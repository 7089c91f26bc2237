// Every flow over real HTTP, on SQLite and PostgreSQL, with credentials made by the software authenticator.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SoftwareAuthenticator } from '../../packages/provider/src/index.js';
import { communityAuthenticator } from '../../packages/webauthn/src/index.js';
import { ENGINES } from './databases.js';
import {
  serverForSuite,
  signUpWithPasskey,
  registerRestoreKey,
  Client,
  WEB_ORIGIN,
  ANDROID_ORIGIN,
  APP_PACKAGE,
  APP_FINGERPRINT,
} from './harness.js';

const GPM_AAGUID = Buffer.from('ea9b8d664d011d213ce4b6b48cb575d4', 'hex');

for (const engine of ENGINES) {
  describe(`server flows on ${engine.name}`, () => {
    const suite = serverForSuite(engine.make);

    async function registerPasskey(
      client: Client,
      authenticator: SoftwareAuthenticator,
      origin = WEB_ORIGIN,
    ) {
      const options = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      assert.equal(options.status, 200, JSON.stringify(options.body));
      const { response } = authenticator.createCredential(options.body, { origin });
      return client.post('/api/webauthn/registration/verify', response);
    }

    it('signs up with a password, signs in, reads and changes the profile', async () => {
      const client = new Client(suite.running.base, true);
      const signup = await client.post('/api/signup', {
        username: ' Alice ',
        displayName: 'Alice A',
        password: 'correct horse',
      });
      assert.equal(signup.status, 201);
      assert.equal(signup.body.user.username, 'alice');
      assert.match(signup.body.user.id, /^[A-Za-z0-9_-]{43}$/);
      assert.ok(signup.body.token);
      const setCookie = signup.headers.get('set-cookie') ?? '';
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Lax/);
      assert.doesNotMatch(setCookie, /Secure/); // rpId is localhost

      const me = await client.get('/api/me');
      assert.deepEqual(me.body, { user: signup.body.user });

      const other = new Client(suite.running.base);
      assert.equal(
        (await other.post('/api/signin/password', { username: 'alice', password: 'wrong password' })).status,
        401,
      );
      const signin = await other.post('/api/signin/password', {
        username: 'ALICE',
        password: 'correct horse',
      });
      assert.equal(signin.status, 200);
      assert.deepEqual(signin.body.user, signup.body.user);
      assert.equal((await other.get('/api/me')).body.user.id, signup.body.user.id);

      const patch = await other.call('PATCH', '/api/me', { username: 'alice2', displayName: 'Alice Two' });
      assert.equal(patch.status, 200);
      assert.deepEqual(patch.body.signals, {
        currentUserDetails: {
          rpId: 'localhost',
          userId: signup.body.user.id,
          name: 'alice2',
          displayName: 'Alice Two',
        },
      });
      assert.equal((await client.get('/api/me')).body.user.username, 'alice2');
    });

    it('registers passkeys with excludeCredentials, lists, renames and deletes them', async () => {
      const client = new Client(suite.running.base);
      const signup = await client.post('/api/signup', { username: 'bob', displayName: 'Bob' });
      const userId = signup.body.user.id;
      const gpm = new SoftwareAuthenticator({ aaguid: GPM_AAGUID });
      const first = await registerPasskey(client, gpm);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.credential.kind, 'passkey');
      assert.equal(first.body.credential.name, 'Google Password Manager');
      assert.deepEqual(first.body.signals.allAcceptedCredentials, {
        rpId: 'localhost',
        userId,
        allAcceptedCredentialIds: [first.body.credential.id],
      });

      // the session, its user and the passkeys to exclude in one statement (one round trip on PostgreSQL); counted
      // on a second request, after the sweep the first registration set off in the background
      await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      const before = suite.running.server.store.statementCount();
      const options = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      assert.equal(suite.running.server.store.statementCount() - before, 1);
      assert.deepEqual(options.body.excludeCredentials, [
        { type: 'public-key', id: first.body.credential.id, transports: ['internal', 'hybrid'] },
      ]);
      assert.equal(options.body.user.id, userId);
      assert.equal(options.body.authenticatorSelection.userVerification, 'required');
      assert.equal(options.body.rp.id, 'localhost');
      const second = await client.post(
        '/api/webauthn/registration/verify',
        new SoftwareAuthenticator().createCredential(options.body, { origin: WEB_ORIGIN }).response,
      );
      assert.equal(second.status, 200);
      assert.equal(second.body.credential.name, 'Passkey');
      assert.deepEqual(second.body.signals.allAcceptedCredentials.allAcceptedCredentialIds, [
        first.body.credential.id,
        second.body.credential.id,
      ]);

      const list = await client.get('/api/passkeys');
      assert.equal(list.body.passkeys.length, 2);
      const [p1] = list.body.passkeys;
      assert.equal(p1.id, first.body.credential.id);
      assert.equal(p1.providerName, 'Google Password Manager');
      assert.equal(p1.aaguid, 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4');
      // the vendored community list's icons for the provider, as data URLs for light and dark backgrounds
      const listed = communityAuthenticator(p1.aaguid)!;
      assert.match(p1.icon_light, /^data:image\/svg\+xml;base64,/);
      assert.equal(p1.icon_light, listed.iconLight);
      assert.equal(p1.icon_dark, listed.iconDark);
      const [, p2] = list.body.passkeys;
      assert.equal(p2.providerName, undefined);
      assert.equal(p2.icon_light, undefined);
      assert.equal(p2.icon_dark, undefined);
      assert.equal(p1.backupEligible, true);
      assert.equal(p1.backedUp, true);
      assert.equal(p1.lastUsedAt, null);
      assert.ok(!Number.isNaN(Date.parse(p1.createdAt)));

      const renamed = await client.call('PATCH', `/api/passkeys/${p1.id}`, { name: '  Work phone ' });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.passkey.name, 'Work phone');

      const deleted = await client.call('DELETE', `/api/passkeys/${p1.id}`);
      assert.equal(deleted.status, 200);
      assert.deepEqual(deleted.body, {
        deleted: true,
        signals: {
          allAcceptedCredentials: {
            rpId: 'localhost',
            userId,
            allAcceptedCredentialIds: [second.body.credential.id],
          },
        },
      });
      // No password and one passkey left: that is the last way to sign in.
      const last = await client.call('DELETE', `/api/passkeys/${second.body.credential.id}`);
      assert.equal(last.status, 409);
      assert.equal(last.body.error.code, 'last_credential');
      assert.equal((await client.call('DELETE', `/api/passkeys/${p1.id}`)).status, 404);
    });

    it('signs in discoverably and username-first, requiring UV for passkeys', async () => {
      const client = new Client(suite.running.base);
      const signup = await client.post('/api/signup', { username: 'carol', password: 'password-carol' });
      const authenticator = new SoftwareAuthenticator({ signCounter: 'increment' });
      const registered = await registerPasskey(client, authenticator);
      const credentialId = registered.body.credential.id;

      const browser = new Client(suite.running.base, true);
      const discoverable = await browser.post('/api/webauthn/authentication/options', {});
      assert.equal(discoverable.status, 200);
      assert.deepEqual(discoverable.body.allowCredentials, []);
      assert.equal(discoverable.body.userVerification, 'required');
      const assertion = authenticator.getAssertion(discoverable.body, { origin: WEB_ORIGIN, credentialId });
      const signedIn = await browser.post('/api/webauthn/authentication/verify', assertion);
      assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
      assert.deepEqual(signedIn.body.user, signup.body.user);
      assert.deepEqual(signedIn.body.credential, { id: credentialId, kind: 'passkey' });
      assert.deepEqual(signedIn.body.signals.allAcceptedCredentials.allAcceptedCredentialIds, [credentialId]);
      assert.equal((await browser.get('/api/me')).body.user.id, signup.body.user.id);
      const listed = await browser.get('/api/passkeys');
      assert.ok(listed.body.passkeys[0].lastUsedAt);

      const usernameFirst = await new Client(suite.running.base).post(
        '/api/webauthn/authentication/options',
        {
          username: 'Carol',
        },
      );
      assert.deepEqual(usernameFirst.body.allowCredentials, [
        { type: 'public-key', id: credentialId, transports: ['internal', 'hybrid'] },
      ]);
      const second = await new Client(suite.running.base).post(
        '/api/webauthn/authentication/verify',
        authenticator.getAssertion(usernameFirst.body, { origin: WEB_ORIGIN }),
      );
      assert.equal(second.status, 200);

      const noUv = await new Client(suite.running.base).post('/api/webauthn/authentication/options', {});
      const unverified = await new Client(suite.running.base).post(
        '/api/webauthn/authentication/verify',
        // A client that ignored the server's "required": the authenticator does not verify the user.
        authenticator.getAssertion(
          { ...noUv.body, userVerification: 'discouraged' },
          { origin: WEB_ORIGIN, credentialId },
        ),
      );
      assert.equal(unverified.status, 400);
      assert.equal(unverified.body.error.code, 'user_verification_required');
    });

    it('gives an unknown username options shaped like a known one, stable per username', async () => {
      const client = new Client(suite.running.base);
      const a = await client.post('/api/webauthn/authentication/options', { username: 'nobody-here' });
      const b = await client.post('/api/webauthn/authentication/options', { username: 'nobody-here' });
      const c = await client.post('/api/webauthn/authentication/options', { username: 'someone-else' });
      assert.equal(a.status, 200);
      assert.ok(a.body.allowCredentials.length >= 1 && a.body.allowCredentials.length <= 3);
      assert.match(a.body.allowCredentials[0].id, /^[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(a.body.allowCredentials, b.body.allowCredentials);
      assert.notDeepEqual(a.body.allowCredentials, c.body.allowCredentials);
      assert.deepEqual(Object.keys(a.body).sort(), [
        'allowCredentials',
        'challenge',
        'rpId',
        'timeout',
        'userVerification',
      ]);
      // A password-only account looks the same as an unknown one.
      await client.post('/api/signup', { username: 'dave', password: 'password-dave' });
      const d = await client.post('/api/webauthn/authentication/options', { username: 'dave' });
      assert.ok(d.body.allowCredentials.length >= 1 && d.body.allowCredentials.length <= 3);
      assert.deepEqual(
        Object.keys(d.body.allowCredentials[0]).sort(),
        Object.keys(a.body.allowCredentials[0]).sort(),
      );
    });

    it('does not give a user with three passkeys away by the count of allowCredentials', async () => {
      const { client } = await signUpWithPasskey(suite.running.base, 'trio', 'password-trio');
      for (let i = 0; i < 2; i++)
        assert.equal((await registerPasskey(client, new SoftwareAuthenticator())).status, 200);
      const options = (username: string) =>
        new Client(suite.running.base).post('/api/webauthn/authentication/options', { username });
      const real = (await options('trio')).body.allowCredentials as { id: string }[];
      assert.equal(real.length, 3);
      // Unknown usernames get 1 to 3 decoys, stable per username: 3 is as common as 1 and 2.
      const counts = new Set<number>();
      for (let i = 0; i < 40; i++) {
        const decoys = (await options(`ghost-${i}`)).body.allowCredentials as typeof real;
        counts.add(decoys.length);
        for (const [j, decoy] of decoys.entries()) {
          assert.deepEqual(Object.keys(decoy).sort(), Object.keys(real[0]!).sort());
          assert.match(decoy.id, /^[A-Za-z0-9_-]{43}$/);
          assert.deepEqual(decoy, { ...real[j % real.length]!, id: decoy.id });
        }
      }
      assert.deepEqual([...counts].sort(), [1, 2, 3]);
    });

    it('answers a deleted credential with unknown_credential and the unknownCredential signal', async () => {
      const client = new Client(suite.running.base);
      await client.post('/api/signup', { username: 'erin', password: 'password-erin' });
      const authenticator = new SoftwareAuthenticator();
      const registered = await registerPasskey(client, authenticator);
      const id = registered.body.credential.id;
      assert.equal((await client.call('DELETE', `/api/passkeys/${id}`)).status, 200); // the password remains
      const options = await client.post('/api/webauthn/authentication/options', {});
      const reply = await client.post(
        '/api/webauthn/authentication/verify',
        authenticator.getAssertion(options.body, { origin: WEB_ORIGIN, credentialId: id }),
      );
      assert.equal(reply.status, 404);
      assert.equal(reply.body.error.code, 'unknown_credential');
      assert.deepEqual(reply.body.signals, { unknownCredential: { rpId: 'localhost', credentialId: id } });
    });

    it('registers restore keys per device, signs in silently without UV, hides them, and revokes on sign-out', async () => {
      const app = new Client(suite.running.base);
      const signup = await app.post('/api/signup', { username: 'frank', password: 'password-frank' });
      const userId = signup.body.user.id;
      const device = new SoftwareAuthenticator();
      const restoreOptions = async () => {
        const options = await app.post('/api/webauthn/registration/options', {
          kind: 'restore',
          deviceId: 'pixel-1',
        });
        assert.equal(options.status, 200);
        assert.equal(options.body.authenticatorSelection.userVerification, 'discouraged');
        assert.equal(options.body.authenticatorSelection.residentKey, 'required');
        assert.deepEqual(options.body.excludeCredentials, []);
        return options.body;
      };
      const client = { origin: ANDROID_ORIGIN, androidPackageName: APP_PACKAGE };
      const first = await app.post(
        '/api/webauthn/registration/verify',
        device.createCredential(await restoreOptions(), client).response,
      );
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.credential.kind, 'restore');
      assert.equal(first.body.credential.name, 'Restore key');
      // A new restore key from the same device replaces the old one.
      const second = await app.post(
        '/api/webauthn/registration/verify',
        device.createCredential(await restoreOptions(), client).response,
      );
      const restoreId = second.body.credential.id;
      assert.deepEqual(second.body.signals.allAcceptedCredentials, {
        rpId: 'localhost',
        userId,
        allAcceptedCredentialIds: [restoreId],
      });
      assert.deepEqual((await app.get('/api/passkeys')).body, { passkeys: [] });

      // A new device restored from backup: silent sign-in, no UV.
      const newDevice = new Client(suite.running.base);
      const options = await newDevice.post('/api/webauthn/authentication/options', { kind: 'restore' });
      assert.equal(options.body.userVerification, 'discouraged');
      const assertion = device.getAssertion(options.body, { ...client, credentialId: restoreId });
      const signedIn = await newDevice.post('/api/webauthn/authentication/verify', assertion);
      assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
      assert.deepEqual(signedIn.body.credential, { id: restoreId, kind: 'restore' });
      assert.equal(signedIn.body.user.id, userId);

      // The old restore key is gone (replaced).
      const replayOld = await newDevice.post('/api/webauthn/authentication/options', { kind: 'restore' });
      const old = await newDevice.post(
        '/api/webauthn/authentication/verify',
        device.getAssertion(replayOld.body, { ...client, credentialId: first.body.credential.id }),
      );
      assert.equal(old.body.error.code, 'unknown_credential');

      const signout = await app.post('/api/signout', { deviceId: 'pixel-1' });
      assert.equal(signout.status, 200);
      assert.equal(signout.body.signedOut, true);
      assert.equal(signout.body.clearRestoreCredential, true);
      assert.deepEqual(signout.body.signals.allAcceptedCredentials.allAcceptedCredentialIds, []);
      assert.equal((await app.get('/api/me')).status, 401);
      const after = await newDevice.post('/api/webauthn/authentication/options', { kind: 'restore' });
      const revoked = await newDevice.post(
        '/api/webauthn/authentication/verify',
        device.getAssertion(after.body, { ...client, credentialId: restoreId }),
      );
      assert.equal(revoked.status, 404);
      assert.equal(revoked.body.error.code, 'unknown_credential');
      const plain = await newDevice.post('/api/signout');
      assert.deepEqual(plain.body, { signedOut: true, clearRestoreCredential: false });
    });

    it('expires restore keys unused for the configured time', async () => {
      const app = new Client(suite.running.base);
      await app.post('/api/signup', { username: 'grace', password: 'password-grace' });
      const { device, restoreId: id } = await registerRestoreKey(app, 'tablet');
      const longAgo = Date.now() - suite.running.server.config.restoreKeyTtlMs - 1000;
      await suite.running.server.store.db
        .updateTable('credentials')
        .set({ created_at: longAgo })
        .where('id', '=', id)
        .execute();
      const signIn = await app.post('/api/webauthn/authentication/options', { kind: 'restore' });
      const reply = await app.post(
        '/api/webauthn/authentication/verify',
        device.getAssertion(signIn.body, { origin: ANDROID_ORIGIN, credentialId: id }),
      );
      assert.equal(reply.status, 404);
      assert.equal(reply.body.error.code, 'unknown_credential');
      assert.equal(await suite.running.server.store.credentials.findById(id), undefined);
    });

    it('accepts one conditional create without user presence right after a password sign-in', async () => {
      const signupClient = new Client(suite.running.base);
      await signupClient.post('/api/signup', { username: 'heidi', password: 'password-heidi' });
      const notAfterPassword = await signupClient.post('/api/webauthn/registration/options', {
        kind: 'passkey',
        conditional: true,
      });
      assert.equal(notAfterPassword.status, 403);
      assert.equal(notAfterPassword.body.error.code, 'conditional_create_not_allowed');

      const client = new Client(suite.running.base);
      await client.post('/api/signin/password', { username: 'heidi', password: 'password-heidi' });
      const options = await client.post('/api/webauthn/registration/options', {
        kind: 'passkey',
        conditional: true,
      });
      assert.equal(options.status, 200);
      const authenticator = new SoftwareAuthenticator();
      const created = authenticator.createCredential(options.body, {
        origin: WEB_ORIGIN,
        userPresent: false,
      });
      const verified = await client.post('/api/webauthn/registration/verify', created.response);
      assert.equal(verified.status, 200, JSON.stringify(verified.body));
      const again = await client.post('/api/webauthn/registration/options', {
        kind: 'passkey',
        conditional: true,
      });
      assert.equal(again.status, 403);
      // An ordinary registration still needs user presence.
      const normal = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      const noUp = await client.post(
        '/api/webauthn/registration/verify',
        new SoftwareAuthenticator().createCredential(normal.body, { origin: WEB_ORIGIN, userPresent: false })
          .response,
      );
      assert.equal(noUp.status, 400);
      assert.equal(noUp.body.error.code, 'user_presence_required');
    });

    it('serves assetlinks, passkey-endpoints and healthz', async () => {
      const client = new Client(suite.running.base);
      const links = await client.get('/.well-known/assetlinks.json');
      assert.equal(links.status, 200);
      assert.deepEqual(links.body, [
        {
          relation: [
            'delegate_permission/common.handle_all_urls',
            'delegate_permission/common.get_login_creds',
          ],
          target: {
            namespace: 'android_app',
            package_name: APP_PACKAGE,
            sha256_cert_fingerprints: [APP_FINGERPRINT],
          },
        },
      ]);
      const endpoints = await client.get('/.well-known/passkey-endpoints');
      assert.equal(endpoints.status, 200);
      assert.match(endpoints.headers.get('content-type') ?? '', /^application\/json/);
      assert.deepEqual(Object.keys(endpoints.body).sort(), ['enroll', 'manage']);
      assert.deepEqual((await client.get('/healthz')).body, { ok: true });
    });
  });
}
