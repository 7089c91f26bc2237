// The software provider through credkit/credential-manager's CredentialProvider interface: passkeys,
// passwords, restore keys and the RP-ID check, with every WebAuthn output verified by @simplewebauthn/server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { CreatePasswordRequest } from '../../packages/credential-manager/src/requests/create-password-request.js';
import { CreatePublicKeyCredentialRequest } from '../../packages/credential-manager/src/requests/create-public-key-credential-request.js';
import { CreateRestoreCredentialRequest } from '../../packages/credential-manager/src/requests/create-restore-credential-request.js';
import { GetPasswordOption } from '../../packages/credential-manager/src/requests/get-password-option.js';
import { GetPublicKeyCredentialOption } from '../../packages/credential-manager/src/requests/get-public-key-credential-option.js';
import { GetRestoreCredentialOption } from '../../packages/credential-manager/src/requests/get-restore-credential-option.js';
import { ClearCredentialStateRequest } from '../../packages/credential-manager/src/requests/clear-credential-state-request.js';
import type {
  CreatePublicKeyCredentialResponse,
  CreateRestoreCredentialResponse,
} from '../../packages/credential-manager/src/responses/create-credential-response.js';
import {
  PasswordCredential,
  PublicKeyCredential,
  Credential,
  RestoreCredential,
} from '../../packages/credential-manager/src/responses/credential.js';
import {
  CreatePublicKeyCredentialDomException,
  CreateCredentialNoCreateOptionException,
  CreateCredentialUnknownException,
} from '../../packages/credential-manager/src/exceptions/create.js';
import {
  GetPublicKeyCredentialDomException,
  NoCredentialException,
} from '../../packages/credential-manager/src/exceptions/get.js';
import {
  CreateRestoreCredentialDomException,
  E2eeUnavailableException,
} from '../../packages/credential-manager/src/exceptions/restore.js';
import type {
  AnyCreateCredentialRequest,
  AnyCredentialOption,
} from '../../packages/credential-manager/src/provider.js';
import type { SoftwareCredentialProvider } from '../../packages/provider/src/provider.js';
import type { CallingAppInfo } from '../../packages/credential-manager/src/calling-app.js';
import {
  CERT,
  OTHER_CERT,
  PACKAGE,
  RP_ID,
  b64,
  caller,
  creationJson,
  phone,
  requestJson,
} from './fixtures.js';

async function create(
  provider: SoftwareCredentialProvider,
  request: AnyCreateCredentialRequest,
  app: CallingAppInfo = caller(),
) {
  const { createEntries } = await provider.onBeginCreateCredential({ request, callingApp: app });
  assert.ok(createEntries.length > 0, 'the provider offers a create entry');
  return provider.onCreateCredential({ request, callingApp: app, entry: createEntries[0]! });
}

async function get(
  provider: SoftwareCredentialProvider,
  option: AnyCredentialOption,
  app: CallingAppInfo = caller(),
) {
  const { credentialEntries } = await provider.onBeginGetCredential({ option, callingApp: app });
  if (credentialEntries.length === 0) throw new NoCredentialException('no entries');
  const data = await provider.onGetCredential({
    option,
    callingApp: app,
    selected: { kind: 'credential', entry: credentialEntries[0]! },
  });
  return Credential.createFrom(data.type, data.data);
}

async function registerPasskey(provider: SoftwareCredentialProvider, json = creationJson()) {
  const response = (await create(
    provider,
    new CreatePublicKeyCredentialRequest(json),
  )) as CreatePublicKeyCredentialResponse;
  const options = JSON.parse(json);
  const v = await verifyRegistrationResponse({
    response: JSON.parse(response.registrationResponseJson),
    expectedChallenge: options.challenge,
    expectedOrigin: caller().apkKeyHashOrigin,
    expectedRPID: RP_ID,
  });
  assert.equal(v.verified, true);
  return { info: v.registrationInfo!, options, id: v.registrationInfo!.credential.id };
}

async function signIn(
  provider: SoftwareCredentialProvider,
  reg: Awaited<ReturnType<typeof registerPasskey>>,
  option = requestJson(),
) {
  const credential = await get(provider, new GetPublicKeyCredentialOption(option));
  assert.ok(credential instanceof PublicKeyCredential);
  const response = JSON.parse(credential.authenticationResponseJson);
  const v = await verifyAuthenticationResponse({
    response,
    expectedChallenge: JSON.parse(option).challenge,
    expectedOrigin: caller().apkKeyHashOrigin,
    expectedRPID: RP_ID,
    credential: { id: reg.id, publicKey: reg.info.credential.publicKey, counter: 0 },
  });
  assert.equal(v.verified, true);
  return response;
}

describe('passkeys', () => {
  it('creates a synced passkey (BE/BS) for a linked app, with the app origin and package name', async () => {
    const { device } = phone();
    const reg = await registerPasskey(device.provider);
    assert.equal(reg.info.credentialDeviceType, 'multiDevice');
    assert.equal(reg.info.credentialBackedUp, true);
    assert.equal(reg.info.userVerified, true);
    const response = await signIn(device.provider, reg);
    const clientData = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString());
    assert.equal(clientData.androidPackageName, PACKAGE);
    assert.equal(response.response.userHandle, reg.options.user.id);
  });

  it('refuses an RP ID the app is not linked to, or an app signed with another certificate (SecurityError)', async () => {
    const { device } = phone();
    device.install({ packageName: 'com.evil', signingCertificate: CERT });
    for (const app of [caller('com.evil'), caller(PACKAGE, OTHER_CERT)]) {
      await assert.rejects(
        create(device.provider, new CreatePublicKeyCredentialRequest(creationJson()), app),
        (e) => e instanceof CreatePublicKeyCredentialDomException && e.domError.name === 'SecurityError',
      );
    }
    await registerPasskey(device.provider);
    await assert.rejects(
      get(device.provider, new GetPublicKeyCredentialOption(requestJson()), caller('com.evil')),
      (e) => e instanceof GetPublicKeyCredentialDomException && e.domError.name === 'SecurityError',
    );
  });

  it('a privileged browser may use its own registrable domain only', async () => {
    const { device } = phone();
    const browser = caller('com.android.chrome', OTHER_CERT, `https://login.${RP_ID}`);
    const json = creationJson();
    const res = (await create(
      device.provider,
      new CreatePublicKeyCredentialRequest(json, { origin: `https://login.${RP_ID}` }),
      browser,
    )) as CreatePublicKeyCredentialResponse;
    const v = await verifyRegistrationResponse({
      response: JSON.parse(res.registrationResponseJson),
      expectedChallenge: JSON.parse(json).challenge,
      expectedOrigin: `https://login.${RP_ID}`,
      expectedRPID: RP_ID,
    });
    assert.equal(v.verified, true);
    const foreign = caller('com.android.chrome', OTHER_CERT, 'https://evil.example');
    await assert.rejects(
      create(device.provider, new CreatePublicKeyCredentialRequest(json), foreign),
      (e) => e instanceof CreatePublicKeyCredentialDomException && e.domError.name === 'SecurityError',
    );
  });

  it('honours excludeCredentials (InvalidStateError), allowCredentials and userVerification', async () => {
    const { device } = phone();
    const reg = await registerPasskey(device.provider);
    await assert.rejects(
      create(
        device.provider,
        new CreatePublicKeyCredentialRequest(
          creationJson({ excludeCredentials: [{ type: 'public-key', id: reg.id }] }),
        ),
      ),
      (e) => e instanceof CreatePublicKeyCredentialDomException && e.domError.name === 'InvalidStateError',
    );
    await assert.rejects(
      get(
        device.provider,
        new GetPublicKeyCredentialOption(
          requestJson({ allowCredentials: [{ type: 'public-key', id: b64(32) }] }),
        ),
      ),
      NoCredentialException,
    );
    await signIn(
      device.provider,
      reg,
      requestJson({ allowCredentials: [{ type: 'public-key', id: reg.id }] }),
    );
    device.setScreenLock(null);
    await assert.rejects(
      get(device.provider, new GetPublicKeyCredentialOption(requestJson({ userVerification: 'required' }))),
      (e) => e instanceof GetPublicKeyCredentialDomException && e.domError.name === 'NotAllowedError',
    );
  });

  it('uses EdDSA or RS256 when the options prefer them, and packed self attestation when configured', async () => {
    const { ProviderAccount } = await import('../../packages/provider/src/provider-account.js');
    const { device } = phone({
      account: new ProviderAccount({ email: 'a@b.example', authenticator: { attestation: 'packed' } }),
    });
    for (const alg of [-8, -257]) {
      const reg = await registerPasskey(
        device.provider,
        creationJson({
          attestation: 'direct',
          pubKeyCredParams: [
            { type: 'public-key', alg },
            { type: 'public-key', alg: -7 },
          ],
        }),
      );
      assert.equal(reg.info.fmt, 'packed');
      assert.equal(reg.info.credential.publicKey[0] !== undefined, true);
    }
  });

  it('needs a provider account to save passkeys and passwords', async () => {
    const { device } = phone({ account: null });
    const request = new CreatePublicKeyCredentialRequest(creationJson());
    assert.deepEqual(
      (await device.provider.onBeginCreateCredential({ request, callingApp: caller() })).createEntries,
      [],
    );
    await assert.rejects(
      device.provider.onCreateCredential({
        request,
        callingApp: caller(),
        entry: { id: 'account', accountName: 'x' },
      }),
      CreateCredentialNoCreateOptionException,
    );
  });
});

describe('passwords', () => {
  it('saves and returns a password to the same app only, filtered by allowedUserIds', async () => {
    const { device } = phone();
    device.install({ packageName: 'com.other', signingCertificate: OTHER_CERT });
    await create(device.provider, new CreatePasswordRequest('alice', 'correct horse'));
    const credential = await get(device.provider, new GetPasswordOption());
    assert.ok(credential instanceof PasswordCredential);
    assert.equal(credential.id, 'alice');
    assert.equal(credential.password, 'correct horse');
    await assert.rejects(
      get(device.provider, new GetPasswordOption({ allowedUserIds: new Set(['bob']) })),
      NoCredentialException,
    );
    await assert.rejects(
      get(device.provider, new GetPasswordOption(), caller('com.other', OTHER_CERT)),
      NoCredentialException,
    );
  });
});

describe('restore keys', () => {
  async function createRestore(
    provider: SoftwareCredentialProvider,
    json = creationJson({
      authenticatorSelection: { residentKey: 'required', userVerification: 'discouraged' },
    }),
    cloud = true,
  ) {
    return (await create(
      provider,
      new CreateRestoreCredentialRequest(json, cloud),
    )) as CreateRestoreCredentialResponse;
  }

  it('creates one key per app (a new one replaces it), returns it silently, and verifies', async () => {
    const { device } = phone();
    device.setAppSignedIn(PACKAGE, true);
    const first = JSON.parse((await createRestore(device.provider)).responseJson);
    const json = creationJson({ authenticatorSelection: { userVerification: 'discouraged' } });
    const second = JSON.parse((await createRestore(device.provider, json)).responseJson);
    assert.notEqual(first.id, second.id);
    assert.equal(device.provider.restoreKeys.list().length, 1);
    const reg = await verifyRegistrationResponse({
      response: second,
      expectedChallenge: JSON.parse(json).challenge,
      expectedOrigin: caller().apkKeyHashOrigin,
      expectedRPID: RP_ID,
      requireUserVerification: false,
    });
    assert.equal(reg.verified, true);
    const option = requestJson({ userVerification: 'required' });
    const credential = await get(device.provider, new GetRestoreCredentialOption(option));
    assert.ok(credential instanceof RestoreCredential);
    const response = JSON.parse(credential.authenticationResponseJson);
    const v = await verifyAuthenticationResponse({
      response,
      expectedChallenge: JSON.parse(option).challenge,
      expectedOrigin: caller().apkKeyHashOrigin,
      expectedRPID: RP_ID,
      credential: { id: second.id, publicKey: reg.registrationInfo!.credential.publicKey, counter: 0 },
      requireUserVerification: false,
    });
    assert.equal(v.verified, true);
    assert.equal(v.authenticationInfo.userVerified, false, 'restore keys are used without user verification');
  });

  it('needs a signed-in app; cloud backup needs screen lock + backup (E2eeUnavailableException); local-only works without', async () => {
    const { device } = phone();
    await assert.rejects(createRestore(device.provider), CreateCredentialUnknownException);
    device.setAppSignedIn(PACKAGE, true);
    device.setScreenLock(null);
    await assert.rejects(createRestore(device.provider), E2eeUnavailableException);
    device.setScreenLock('2468');
    device.backupEnabled = false;
    await assert.rejects(
      createRestore(device.provider),
      (e) => e instanceof E2eeUnavailableException && e.message.includes('screen lock'),
    );
    await createRestore(device.provider, undefined, false);
    assert.equal(device.provider.restoreKeys.get(PACKAGE)?.cloudBackup, false);
  });

  it('an app not linked to the RP ID gets CreateRestoreCredentialDomException(SecurityError)', async () => {
    const { device } = phone();
    device.install({ packageName: 'com.evil', signingCertificate: OTHER_CERT });
    device.setAppSignedIn('com.evil', true);
    await assert.rejects(
      create(
        device.provider,
        new CreateRestoreCredentialRequest(creationJson()),
        caller('com.evil', OTHER_CERT),
      ),
      (e) => e instanceof CreateRestoreCredentialDomException && e.domError.name === 'SecurityError',
    );
  });

  it('malformed WebAuthn options come back as CreateRestoreCredentialDomException(DataError)', async () => {
    const { device } = phone();
    device.setAppSignedIn(PACKAGE, true);
    const json = creationJson({}, { id: b64(65), name: 'a', displayName: 'a' });
    await assert.rejects(
      createRestore(device.provider, json),
      (e) => e instanceof CreateRestoreCredentialDomException && e.domError.name === 'DataError',
    );
  });

  it('no key → no entry; cleared by TYPE_CLEAR_RESTORE_CREDENTIAL, uninstall and clear data, but not by the default clear', async () => {
    const { device } = phone();
    const option = new GetRestoreCredentialOption(requestJson());
    assert.deepEqual(
      (await device.provider.onBeginGetCredential({ option, callingApp: caller() })).credentialEntries,
      [],
    );
    await assert.rejects(
      device.provider.onGetCredential({
        option,
        callingApp: caller(),
        selected: { kind: 'credential', entry: { id: 'x', type: option.type, displayName: '' } },
      }),
      (e) =>
        e instanceof NoCredentialException &&
        e.message === 'The device does not contain a restore credential.',
    );
    const again = async () => {
      device.setAppSignedIn(PACKAGE, true);
      await createRestore(device.provider);
      assert.ok(device.provider.restoreKeys.get(PACKAGE));
    };
    await again();
    await device.provider.onClearCredentialState({
      request: new ClearCredentialStateRequest(),
      callingApp: caller(),
    });
    assert.ok(device.provider.restoreKeys.get(PACKAGE), 'the default clear keeps the restore key');
    await device.provider.onClearCredentialState({
      request: new ClearCredentialStateRequest(ClearCredentialStateRequest.TYPE_CLEAR_RESTORE_CREDENTIAL),
      callingApp: caller(),
    });
    assert.equal(device.provider.restoreKeys.get(PACKAGE), undefined);
    await again();
    device.clearAppData(PACKAGE);
    assert.equal(device.provider.restoreKeys.get(PACKAGE), undefined);
    await again();
    device.uninstall(PACKAGE);
    assert.equal(device.provider.restoreKeys.get(PACKAGE), undefined);
  });
});
