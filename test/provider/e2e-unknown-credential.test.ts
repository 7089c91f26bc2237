// signalUnknownCredential, path by path: every way the server can stop knowing a credential (deleted while
// the phone was offline, a restore key revoked at sign-out, a restore key expired, another RP's credential)
// answers a DISCOVERABLE sign-in (no username) with 404 unknown_credential and `signals.unknownCredential`.
// Other verification failures (a bad signature, an expired challenge) carry no such signal, so the provider
// keeps offering the credential.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetCredentialRequest } from '../../packages/credential-manager/src/requests/get-credential-request.js';
import { GetPublicKeyCredentialOption } from '../../packages/credential-manager/src/requests/get-public-key-credential-option.js';
import { PublicKeyCredential } from '../../packages/credential-manager/src/responses/credential.js';
import { TYPE_PUBLIC_KEY_CREDENTIAL } from '../../packages/credential-manager/src/types.js';
import { Device } from '../../packages/provider/src/device.js';
import { AndroidApp } from '../../packages/credkit/src/story/android-app.js';
import { RpClient, RpError } from '../../packages/credkit/src/story/rp-client.js';
import { LOCK, PACKAGE, phoneWithApp, startE2e, uniqueName, type E2e } from './e2e-harness.js';

const DAY = 86_400_000;
const TTL = 800;
let e2e: E2e;
before(async () => {
  e2e = await startE2e({ restoreKeyTtlMs: 7 * DAY, challengeTtlMs: TTL });
});
after(async () => {
  await e2e?.close();
});

async function user() {
  const phone = phoneWithApp(e2e);
  const name = uniqueName();
  const rpUser = await phone.app.signUp(name, 'correct horse battery');
  return { ...phone, account: phone.account!, user: rpUser, name };
}

/** The rejection of a sign-in: status, code and the signals the error carried. */
async function rejection(promise: Promise<unknown>): Promise<RpError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof RpError, String(e));
    return e;
  }
  assert.fail('the sign-in succeeded');
}

function assertUnknownCredential(e: RpError, credentialId: string): void {
  assert.equal(e.status, 404);
  assert.equal(e.code, 'unknown_credential');
  assert.deepEqual(e.signals, { unknownCredential: { rpId: 'localhost', credentialId } });
}

async function offersPasskey(app: AndroidApp): Promise<boolean> {
  const options = await app.rp.post('/api/webauthn/authentication/options', {});
  const prepared = await app.credentialManager.prepareGetCredential(
    new GetCredentialRequest([new GetPublicKeyCredentialOption(JSON.stringify(options))]),
  );
  return prepared.hasCredentialResults(TYPE_PUBLIC_KEY_CREDENTIAL);
}

describe('unknown_credential in a discoverable sign-in, on every path', () => {
  it('a passkey deleted on the server while the phone was offline: 404 + unknownCredential; the provider hides it', async () => {
    const a = await user();
    const passkeyId = await a.app.createPasskey();
    const web = new RpClient(e2e.url);
    await web.post('/api/signin/password', { username: a.name, password: 'correct horse battery' });
    await web.call('DELETE', `/api/passkeys/${passkeyId}`); // its allAccepted signal reaches only the web
    assert.ok(await offersPasskey(a.app), 'the phone still offers it');
    assertUnknownCredential(await rejection(a.app.signIn()), passkeyId);
    assert.equal(await offersPasskey(a.app), false, 'hidden after the app forwarded the signal');
  });

  it("a restore key revoked at sign-out on phone A: phone B's silent sign-in with the same key gets 404 + unknownCredential", async () => {
    const a = await user();
    const { id: restoreId } = await a.app.createRestoreKey();
    const phoneB = Device.restore(a.device.backup(), LOCK, a.account, { assetLinks: e2e.assetLinks });
    const appB = new AndroidApp(phoneB, PACKAGE, e2e.url);
    await a.app.signOut(); // the server revokes phone A's restore key
    assertUnknownCredential(await rejection(appB.signInWithRestoreKey()), restoreId);
  });

  it('a restore key unused for longer than the restore-key TTL: 404 + unknownCredential', async () => {
    const a = await user();
    const { id: restoreId } = await a.app.createRestoreKey();
    await e2e.server.store.db
      .updateTable('credentials')
      .set({ created_at: Date.now() - 8 * DAY, last_used_at: null })
      .where('id', '=', restoreId)
      .execute();
    assertUnknownCredential(await rejection(a.app.signInWithRestoreKey()), restoreId);
  });

  it("another RP's credential: 404 + unknownCredential for this RP; the provider does not hide the other RP's passkey", async () => {
    const a = await user();
    const other = a.account.passkeys.createCredential(
      {
        rp: { id: 'other.example', name: 'Other' },
        user: { id: Buffer.from('other-user').toString('base64url'), name: a.name, displayName: a.name },
        challenge: Buffer.from('registration at the other RP').toString('base64url'),
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        authenticatorSelection: { residentKey: 'required' },
      },
      { origin: 'https://other.example' },
    );
    const options = await a.app.rp.post('/api/webauthn/authentication/options', {});
    const assertion = a.account.passkeys.getAssertion(
      { ...options, rpId: 'other.example' },
      { origin: 'https://other.example', credentialId: other.credentialId },
    );
    const e = await rejection(a.app.rp.post('/api/webauthn/authentication/verify', assertion));
    assertUnknownCredential(e, other.credentialId);
    await a.app.applySignals(e.signals); // as the app forwards it
    assert.equal(
      a.account.passkeys.credentials({ rpId: 'other.example', includeHidden: false }).length,
      1,
      'the signal names localhost: the other RP keeps its passkey',
    );
  });

  describe('other failures carry no unknownCredential, so the credential stays offered', () => {
    async function withAssertion() {
      const a = await user();
      const passkeyId = await a.app.createPasskey();
      const options = await a.app.rp.post('/api/webauthn/authentication/options', {});
      const { credential } = await a.app.credentialManager.getCredential(
        a.app.context,
        new GetCredentialRequest([new GetPublicKeyCredentialOption(JSON.stringify(options))]),
      );
      assert.ok(credential instanceof PublicKeyCredential);
      return { ...a, passkeyId, assertion: JSON.parse(credential.authenticationResponseJson) };
    }

    it('a bad signature', async () => {
      const a = await withAssertion();
      const signature = Buffer.from(a.assertion.response.signature, 'base64url');
      signature[signature.length - 1]! ^= 1;
      a.assertion.response.signature = signature.toString('base64url');
      const e = await rejection(a.app.rp.post('/api/webauthn/authentication/verify', a.assertion));
      assert.notEqual(e.code, 'unknown_credential');
      assert.equal(e.signals.unknownCredential, undefined);
      await a.app.applySignals(e.signals);
      assert.ok(await offersPasskey(a.app));
    });

    it('an expired challenge', async () => {
      const a = await withAssertion();
      await sleep(TTL + 100);
      const e = await rejection(a.app.rp.post('/api/webauthn/authentication/verify', a.assertion));
      assert.equal(e.code, 'challenge_expired');
      assert.equal(e.signals.unknownCredential, undefined);
      assert.ok(await offersPasskey(a.app));
    });
  });
});
