// Create passkeys / sign in with passkeys guide, end to end over HTTP: create, prepareGetCredential,
// sign in on another phone through the synced account; cancelled, no credential, excluded, foreign app.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Device } from '../../packages/provider/src/device.js';
import { ProviderAccount } from '../../packages/provider/src/provider-account.js';
import { CallingAppInfo } from '../../packages/credential-manager/src/calling-app.js';
import {
  CreateCredentialCancellationException,
  CreatePublicKeyCredentialDomException,
} from '../../packages/credential-manager/src/exceptions/create.js';
import {
  GetCredentialCancellationException,
  GetPublicKeyCredentialDomException,
  NoCredentialException,
} from '../../packages/credential-manager/src/exceptions/get.js';
import { CreatePasswordRequest } from '../../packages/credential-manager/src/requests/create-password-request.js';
import { CreatePublicKeyCredentialRequest } from '../../packages/credential-manager/src/requests/create-public-key-credential-request.js';
import { GetCredentialRequest } from '../../packages/credential-manager/src/requests/get-credential-request.js';
import { GetPublicKeyCredentialOption } from '../../packages/credential-manager/src/requests/get-public-key-credential-option.js';
import {
  TYPE_PASSWORD_CREDENTIAL,
  TYPE_PUBLIC_KEY_CREDENTIAL,
} from '../../packages/credential-manager/src/types.js';
import { AndroidApp } from '../../packages/credkit/src/story/android-app.js';
import { verifyRegistration } from '../../packages/webauthn/src/index.js';
import { LOCK, PACKAGE, appOn, phoneWithApp, startE2e, uniqueName, type E2e } from './e2e-harness.js';

let e2e: E2e;
before(async () => {
  e2e = await startE2e();
});
after(async () => {
  await e2e?.close();
});

describe('passkeys end to end', () => {
  it('creates a passkey on phone A and signs in with it on phone B through the synced account', async () => {
    const a = phoneWithApp(e2e);
    const user = await a.app.signUp(uniqueName(), 'correct horse battery');
    const id = await a.app.createPasskey();
    const [listed] = (await a.app.rp.get('/api/passkeys')).passkeys;
    assert.equal(listed.id, id);
    assert.equal(listed.backupEligible, true);
    assert.equal(listed.backedUp, true);

    const phoneB = new Device({ screenLock: '2222', account: a.account, assetLinks: e2e.assetLinks });
    const appB = appOn(phoneB, e2e);
    const options = await appB.rp.post('/api/webauthn/authentication/options', {});
    const prepared = await appB.credentialManager.prepareGetCredential(
      new GetCredentialRequest([new GetPublicKeyCredentialOption(JSON.stringify(options))]),
    );
    assert.equal(prepared.hasCredentialResults(TYPE_PUBLIC_KEY_CREDENTIAL), true);
    assert.equal(prepared.hasCredentialResults(TYPE_PASSWORD_CREDENTIAL), false);
    const result = await appB.signIn();
    assert.equal(result.via, 'passkey');
    assert.equal(result.credentialId, id);
    assert.equal(result.user.id, user.id);
  });

  it('the registration also verifies with credkit/webauthn directly', async () => {
    const a = phoneWithApp(e2e);
    await a.app.signUp(uniqueName(), 'correct horse battery');
    const options = await a.app.rp.post('/api/webauthn/registration/options', { kind: 'passkey' });
    const response = await a.app.credentialManager.createCredential(
      a.app.context,
      new CreatePublicKeyCredentialRequest(JSON.stringify(options)),
    );
    const app = a.device.context(PACKAGE);
    const origin = CallingAppInfo.fromApp(app).apkKeyHashOrigin;
    const verified = verifyRegistration({
      response: JSON.parse(response.registrationResponseJson),
      expected: { challenge: options.challenge, origins: [origin], rpId: 'localhost' },
    });
    assert.equal(verified.registrationInfo.backedUp, true);
    assert.equal(verified.registrationInfo.fmt, 'none');
  });

  it('falls back to a saved password when there is no passkey; NoCredentialException when there is nothing', async () => {
    const a = phoneWithApp(e2e);
    const name = uniqueName();
    await a.app.signUp(name, 'correct horse battery');
    await assert.rejects(a.app.signIn(), NoCredentialException);
    await a.app.credentialManager.createCredential(
      a.app.context,
      new CreatePasswordRequest(name, 'correct horse battery'),
    );
    const result = await a.app.signIn();
    assert.equal(result.via, 'password');
    assert.equal(result.user.username, name);
    // a phone with no provider account offers nothing
    const bare = phoneWithApp(e2e, { account: null });
    await assert.rejects(bare.app.signIn(), NoCredentialException);
  });

  it('the user cancels the selector or the create sheet', async () => {
    const a = phoneWithApp(e2e);
    await a.app.signUp(uniqueName(), 'correct horse battery');
    a.device.chooser = () => null;
    await assert.rejects(a.app.createPasskey(), CreateCredentialCancellationException);
    a.device.chooser = () => 0;
    await a.app.createPasskey();
    a.device.chooser = () => null;
    await assert.rejects(a.app.signIn(), GetCredentialCancellationException);
  });

  it('excludeCredentials: a second passkey for the same account in the same provider is refused (InvalidStateError)', async () => {
    const a = phoneWithApp(e2e);
    await a.app.signUp(uniqueName(), 'correct horse battery');
    await a.app.createPasskey();
    await assert.rejects(
      a.app.createPasskey(),
      (e) => e instanceof CreatePublicKeyCredentialDomException && e.domError.name === 'InvalidStateError',
    );
  });

  it('an app the RP does not list in its asset links cannot use its RP ID (SecurityError)', async () => {
    const account = new ProviderAccount({ email: `${uniqueName()}@provider.example` });
    const device = new Device({ screenLock: LOCK, account, assetLinks: e2e.assetLinks });
    device.install({
      packageName: PACKAGE,
      signingCertificate: new TextEncoder().encode('a repackaged copy'),
    });
    const impostor = new AndroidApp(device, PACKAGE, e2e.url);
    await impostor.signUp(uniqueName(), 'correct horse battery');
    await assert.rejects(
      impostor.createPasskey(),
      (e) => e instanceof CreatePublicKeyCredentialDomException && e.domError.name === 'SecurityError',
    );
    await assert.rejects(
      impostor.signIn(),
      (e) => e instanceof GetPublicKeyCredentialDomException && e.domError.name === 'SecurityError',
    );
  });
});
