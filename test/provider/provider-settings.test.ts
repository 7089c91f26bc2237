// Several credential providers on one phone: the user's preferred service (the Signal API guide's step of
// making MyVault the preferred service), other enabled providers, restore keys that stay with Play services,
// and a vault that offers locked and remote (hybrid) entries, so prepareGetCredential's hasCredentialResults /
// hasAuthenticationResults / hasRemoteResults answer what getCredential will then offer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { GetChoice } from '../../packages/credential-manager/src/context.js';
import { CredentialManager } from '../../packages/credential-manager/src/credential-manager.js';
import { CreateCredentialNoCreateOptionException } from '../../packages/credential-manager/src/exceptions/create.js';
import { NoCredentialException } from '../../packages/credential-manager/src/exceptions/get.js';
import { CreatePublicKeyCredentialRequest } from '../../packages/credential-manager/src/requests/create-public-key-credential-request.js';
import { CreateRestoreCredentialRequest } from '../../packages/credential-manager/src/requests/create-restore-credential-request.js';
import { GetCredentialRequest } from '../../packages/credential-manager/src/requests/get-credential-request.js';
import { GetPasswordOption } from '../../packages/credential-manager/src/requests/get-password-option.js';
import { GetPublicKeyCredentialOption } from '../../packages/credential-manager/src/requests/get-public-key-credential-option.js';
import { GetRestoreCredentialOption } from '../../packages/credential-manager/src/requests/get-restore-credential-option.js';
import { SignalUnknownCredentialRequest } from '../../packages/credential-manager/src/requests/signal-credential-state-request.js';
import {
  PublicKeyCredential,
  RestoreCredential,
} from '../../packages/credential-manager/src/responses/credential.js';
import {
  CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS,
  TYPE_PASSWORD_CREDENTIAL,
  TYPE_PUBLIC_KEY_CREDENTIAL,
} from '../../packages/credential-manager/src/types.js';
import { DeviceError } from '../../packages/provider/src/device-errors.js';
import { UNLOCK_ACTION_ID } from '../../packages/provider/src/get-flow.js';
import { HYBRID_ENTRY_ID } from '../../packages/provider/src/hybrid.js';
import { ProviderAccount } from '../../packages/provider/src/provider-account.js';
import { SoftwareCredentialProvider } from '../../packages/provider/src/provider.js';
import { CERT, PACKAGE, RP_ID, creationJson, phone, requestJson } from './fixtures.js';

const MYVAULT = 'com.example.myvault/.MyVaultService';

function setUp(vaultOptions: { locked?: boolean } = {}) {
  const p = phone();
  // the app may ask what prepareGetCredential found
  p.device.uninstall(PACKAGE);
  p.device.install({
    packageName: PACKAGE,
    signingCertificate: CERT,
    permissions: [CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS],
  });
  p.device.setAppSignedIn(PACKAGE, true);
  const vaultAccount = new ProviderAccount({ email: 'alice@myvault.example' });
  const vault = new SoftwareCredentialProvider({
    env: p.device,
    account: vaultAccount,
    id: MYVAULT,
    restoreCapable: false,
    ...vaultOptions,
  });
  p.device.providerSettings.install(vault);
  const context = p.device.context(PACKAGE);
  return { ...p, vault, vaultAccount, context, manager: CredentialManager.create(context) };
}

const passkeyGet = (over: Record<string, unknown> = {}, preferImmediatelyAvailableCredentials = false) =>
  new GetCredentialRequest([new GetPublicKeyCredentialOption(requestJson(over))], {
    preferImmediatelyAvailableCredentials,
  });

async function createPasskey(s: ReturnType<typeof setUp>): Promise<string> {
  const r = await s.manager.createCredential(s.context, new CreatePublicKeyCredentialRequest(creationJson()));
  return JSON.parse(r.registrationResponseJson).id as string;
}

function idOf(credential: unknown): string {
  assert.ok(credential instanceof PublicKeyCredential);
  return JSON.parse(credential.authenticationResponseJson).id as string;
}

describe('preferred service and enabled providers', () => {
  it('an installed provider is off until the user makes it the preferred service (Signal guide step 2)', async () => {
    const s = setUp();
    assert.deepEqual(
      s.device.providerSettings.active().map((p) => p.id),
      [s.device.provider.id],
    );
    const signal = () =>
      s.manager.signalCredentialState(
        new SignalUnknownCredentialRequest(JSON.stringify({ rpId: RP_ID, credentialId: 'AAAA' })),
      );
    await signal();
    assert.equal(s.vault.notifications.size, 0, 'a disabled provider gets no signals');

    s.device.providerSettings.setPreferredService(MYVAULT);
    assert.equal(s.device.providerSettings.preferredService, MYVAULT);
    assert.deepEqual(
      s.device.providerSettings.active().map((p) => p.id),
      [MYVAULT, s.device.provider.id],
    );
    // the create sheet lists the preferred service first; the default user takes it
    let offered: string[] = [];
    s.device.chooser = (r) => ((offered = r.choices.map((c) => c.providerId)), 0);
    const id = await createPasskey(s);
    assert.deepEqual(offered, [MYVAULT, s.device.provider.id]);
    assert.equal(s.vaultAccount.passkeys.credentials({ rpId: RP_ID })[0]!.id, id);
    assert.equal(s.account!.passkeys.credentials({ rpId: RP_ID }).length, 0);

    // an unknown-credential signal now reaches MyVault, which hides the passkey and notifies
    await s.manager.signalCredentialState(
      new SignalUnknownCredentialRequest(JSON.stringify({ rpId: RP_ID, credentialId: id })),
    );
    assert.equal(s.vault.notifications.list('unknownCredential').length, 1);
  });

  it('turning the system provider off leaves restore keys with Play services; the vault never sees them', async () => {
    const s = setUp();
    s.device.providerSettings.setPreferredService(MYVAULT);
    s.device.providerSettings.setEnabled(s.device.provider.id, false);
    await createPasskey(s);
    assert.equal(s.account!.passkeys.credentials({ rpId: RP_ID }).length, 0, 'GPM is off');

    await s.manager.createCredential(s.context, new CreateRestoreCredentialRequest(creationJson()));
    assert.ok(s.device.provider.restoreKeys.get(PACKAGE));
    assert.equal(s.vault.restoreKeys.list().length, 0);
    const got = await s.manager.getCredential(
      s.context,
      new GetCredentialRequest([new GetRestoreCredentialOption(requestJson())]),
    );
    assert.ok(got.credential instanceof RestoreCredential);
    // a passkey request does not reach the restore-only part of the switched-off provider
    const found = await s.manager.prepareGetCredential(passkeyGet());
    assert.equal(found.hasCredentialResults(TYPE_PUBLIC_KEY_CREDENTIAL), true);
    let providers: string[] = [];
    s.device.chooser = (r) => ((providers = r.choices.map((c) => c.providerId)), 0);
    await s.manager.getCredential(s.context, passkeyGet());
    assert.deepEqual(providers, [MYVAULT]);
  });

  it('every provider off: nothing to save to (only the restore-key part answers, and not for passkeys)', async () => {
    const s = setUp();
    s.device.providerSettings.setEnabled(s.device.provider.id, false);
    assert.equal(s.device.providerSettings.preferredService, null);
    await assert.rejects(
      s.manager.createCredential(s.context, new CreatePublicKeyCredentialRequest(creationJson())),
      CreateCredentialNoCreateOptionException,
    );
  });

  it('DeviceOptions.providers installs provider apps made for the device, switched off', async () => {
    const p = phone({
      providers: [
        (device) =>
          new SoftwareCredentialProvider({
            env: device,
            account: new ProviderAccount({ email: 'bob@myvault.example' }),
            id: MYVAULT,
            restoreCapable: false,
          }),
      ],
    });
    const settings = p.device.providerSettings;
    assert.deepEqual(
      settings.installed().map((x) => x.id),
      [p.device.provider.id, MYVAULT],
    );
    assert.equal(settings.isEnabled(MYVAULT), false);
    settings.setEnabled(MYVAULT, true);
    assert.deepEqual(
      settings.active().map((x) => x.id),
      [p.device.provider.id, MYVAULT],
      'the preferred service (still the system one) comes first',
    );
  });

  it('settings reject unknown or duplicate providers and keep the system provider', () => {
    const s = setUp();
    const invalid = (e: unknown) => e instanceof DeviceError && e.code === 'provider_invalid';
    assert.throws(() => s.device.providerSettings.setPreferredService('com.nope/.X'), invalid);
    assert.throws(() => s.device.providerSettings.install(s.vault), invalid);
    assert.throws(() => s.device.providerSettings.uninstall(s.device.provider.id), invalid);
    s.device.providerSettings.setPreferredService(MYVAULT);
    s.device.providerSettings.uninstall(MYVAULT);
    assert.equal(s.device.providerSettings.preferredService, null);
    assert.deepEqual(
      s.device.providerSettings.installed().map((p) => p.id),
      [s.device.provider.id],
    );
  });
});

describe('a locked vault: authentication results', () => {
  it('prepareGetCredential reports the unlock action, and getCredential reopens the selector after unlocking', async () => {
    const s = setUp();
    s.device.providerSettings.setPreferredService(MYVAULT);
    const vaultId = await createPasskey(s);
    s.vault.lock();

    const prepared = await s.manager.prepareGetCredential(passkeyGet());
    assert.equal(prepared.hasAuthenticationResults(), true);
    assert.equal(
      prepared.hasCredentialResults(TYPE_PUBLIC_KEY_CREDENTIAL),
      false,
      'nothing shown while locked',
    );
    assert.equal(prepared.hasRemoteResults(), false);

    const sheets: GetChoice[][] = [];
    s.device.chooser = (r) => {
      const choices = r.choices as GetChoice[];
      sheets.push([...choices]);
      return 0;
    };
    const response = await s.manager.getCredential(s.context, prepared.pendingGetCredentialHandle);
    assert.equal(idOf(response.credential), vaultId);
    assert.equal(sheets.length, 2, 'the selector came back after the unlock');
    assert.deepEqual(
      sheets[0]!.map((c) => [c.selected.kind, c.selected.entry.id]),
      [['authentication', UNLOCK_ACTION_ID]],
    );
    assert.equal(sheets[1]![0]!.selected.kind, 'credential');
    assert.equal(s.vault.isLocked, false);

    const after = await s.manager.prepareGetCredential(passkeyGet());
    assert.equal(after.hasAuthenticationResults(), false);
    assert.equal(after.hasCredentialResults(TYPE_PUBLIC_KEY_CREDENTIAL), true);
  });

  it('a vault that starts locked hides passwords too; preferImmediatelyAvailableCredentials skips the action', async () => {
    const s = setUp({ locked: true });
    s.device.providerSettings.setPreferredService(MYVAULT);
    s.device.providerSettings.setEnabled(s.device.provider.id, false);
    const prepared = await s.manager.prepareGetCredential(
      new GetCredentialRequest([new GetPasswordOption()]),
    );
    assert.equal(prepared.hasAuthenticationResults(), true);
    assert.equal(prepared.hasCredentialResults(TYPE_PASSWORD_CREDENTIAL), false);
    await assert.rejects(s.manager.getCredential(s.context, passkeyGet({}, true)), NoCredentialException);
  });
});

describe('remote results: a passkey on a phone within reach (hybrid)', () => {
  it('hasRemoteResults only when the nearby phone has a passkey for the request; picking it signs there', async () => {
    const s = setUp();
    const other = phone({ name: 'Pixel 9', account: new ProviderAccount({ email: 'alice@gmail.example' }) });
    other.device.setAppSignedIn(PACKAGE, true);
    const otherContext = other.device.context(PACKAGE);
    const otherCreated = await CredentialManager.create(otherContext).createCredential(
      otherContext,
      new CreatePublicKeyCredentialRequest(creationJson()),
    );
    const otherId = JSON.parse(otherCreated.registrationResponseJson).id as string;

    assert.equal(
      (await s.manager.prepareGetCredential(passkeyGet())).hasRemoteResults(),
      false,
      'no phone near',
    );
    s.device.bringNearby(other.device);
    // PrepareGetCredentialResponseTest (test_hasRemoteResults): only remote results, nothing else
    const prepared = await s.manager.prepareGetCredential(passkeyGet());
    assert.equal(prepared.hasRemoteResults(), true);
    assert.equal(prepared.hasCredentialResults(TYPE_PUBLIC_KEY_CREDENTIAL), false, 'none on this phone');
    assert.equal(prepared.hasCredentialResults(TYPE_PASSWORD_CREDENTIAL), false);
    assert.equal(prepared.hasAuthenticationResults(), false);
    const none = await s.manager.prepareGetCredential(
      passkeyGet({ allowCredentials: [{ type: 'public-key', id: 'AAAAAAAAAAAAAAAAAAAAAA' }] }),
    );
    assert.equal(none.hasRemoteResults(), false, 'the nearby phone has none of the allowed credentials');

    let kinds: string[] = [];
    s.device.chooser = (r) => ((kinds = r.choices.map((c) => ('selected' in c ? c.selected.kind : ''))), 0);
    const response = await s.manager.getCredential(s.context, prepared.pendingGetCredentialHandle);
    assert.deepEqual(kinds, ['remote']);
    assert.equal(idOf(response.credential), otherId);
    const signed = other.account!.passkeys.credentials({ rpId: RP_ID })[0]!;
    assert.equal(signed.signCount > 0 || signed.lastUsedAt !== undefined, true, 'the other phone signed');

    // preferImmediatelyAvailableCredentials: remote entries are not immediately available
    await assert.rejects(s.manager.getCredential(s.context, passkeyGet({}, true)), NoCredentialException);
    s.device.bringNearby(null);
    assert.equal((await s.manager.prepareGetCredential(passkeyGet())).hasRemoteResults(), false);
    assert.equal(HYBRID_ENTRY_ID, 'hybrid');
  });
});
