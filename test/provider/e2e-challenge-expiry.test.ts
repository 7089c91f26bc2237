// Sign-in options fetched at app start expire (the server's challenge TTL): against a real server with a
// short TTL, the model app's first verify gets 400 challenge_expired, it fetches new options and succeeds,
// and it refetches once only.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetCredentialRequest } from '../../packages/credential-manager/src/requests/get-credential-request.js';
import { GetPublicKeyCredentialOption } from '../../packages/credential-manager/src/requests/get-public-key-credential-option.js';
import { PublicKeyCredential } from '../../packages/credential-manager/src/responses/credential.js';
import { RpClient, RpError } from '../../packages/credkit/src/story/rp-client.js';
import { phoneWithApp, startE2e, uniqueName, type E2e } from './e2e-harness.js';

const TTL = 1_000;
let e2e: E2e;
before(async () => {
  e2e = await startE2e({ challengeTtlMs: TTL });
});
after(async () => {
  await e2e?.close();
});

async function userWithPasskey() {
  const phone = phoneWithApp(e2e);
  const name = uniqueName();
  const user = await phone.app.signUp(name, 'correct horse battery');
  const passkeyId = await phone.app.createPasskey();
  await phone.app.createRestoreKey();
  return { ...phone, user, name, passkeyId };
}

describe('challenge_expired: the app refetches the options once', () => {
  it('the server answers an expired challenge with 400 {"error":{"code":"challenge_expired"}}', async () => {
    const a = await userWithPasskey();
    const options = await a.app.rp.post('/api/webauthn/authentication/options', {});
    await sleep(TTL + 100);
    const { credential } = await a.app.credentialManager.getCredential(
      a.app.context,
      new GetCredentialRequest([new GetPublicKeyCredentialOption(JSON.stringify(options))]),
    );
    assert.ok(credential instanceof PublicKeyCredential);
    const assertion = JSON.parse(credential.authenticationResponseJson);
    await assert.rejects(
      new RpClient(e2e.url).post('/api/webauthn/authentication/verify', assertion),
      (e) => e instanceof RpError && e.status === 400 && e.code === 'challenge_expired',
    );
  });

  it('passkey: options prefetched at app start expire; the sign-in fetches new ones and succeeds', async () => {
    const a = await userWithPasskey();
    await a.app.prefetchSignInOptions();
    await sleep(TTL + 100);
    const result = await a.app.signIn();
    assert.equal(result.via, 'passkey');
    assert.equal(result.credentialId, a.passkeyId);
    assert.equal(a.app.optionsRefetched, 1);
  });

  it('fresh prefetched options are used as they are (no refetch)', async () => {
    const a = await userWithPasskey();
    await a.app.prefetchSignInOptions();
    const result = await a.app.signIn();
    assert.equal(result.via, 'passkey');
    assert.equal(a.app.optionsRefetched, 0);
  });

  it('restore key: options fetched in onRestore expire before the silent sign-in; refetched and signed in', async () => {
    const a = await userWithPasskey();
    await a.app.prefetchSignInOptions('restore');
    await sleep(TTL + 100);
    const result = await a.app.signInWithRestoreKey();
    assert.equal(result.via, 'restore');
    assert.equal(result.user.id, a.user.id);
    assert.equal(a.app.optionsRefetched, 1);
  });

  it('once only: when the new options expire too (the user waits at the selector), the error reaches the app', async () => {
    const a = await userWithPasskey();
    const pick = a.device.chooser;
    a.device.chooser = async (request) => (await sleep(TTL + 100), pick(request));
    await assert.rejects(
      a.app.signIn(),
      (e) => e instanceof RpError && e.status === 400 && e.code === 'challenge_expired',
    );
    assert.equal(a.app.optionsRefetched, 1);
  });
});
