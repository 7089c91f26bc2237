// Platform gates: an older phone lacks restore credentials (Android 9 + Play services 242200000),
// prepareGetCredential (Android 14) and the Signal API (Android 15 + Play services 254625000), and the calls
// fail the way androidx fails there: the family's ProviderConfigurationException with the library's message
// (CredentialProviderPlayServicesImpl's MIN_GMS_APK_VERSION_RESTORE_CRED / MIN_GMS_APK_VERSION_SIGNAL_API
// checks; CredentialManagerImpl's "No Credential Manager provider found" when no framework provider exists).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CredentialManager } from '../../packages/credential-manager/src/credential-manager.js';
import { ClearCredentialProviderConfigurationException } from '../../packages/credential-manager/src/exceptions/clear.js';
import {
  CreateCredentialProviderConfigurationException,
  CreateCredentialUnsupportedException,
} from '../../packages/credential-manager/src/exceptions/create.js';
import { GetCredentialProviderConfigurationException } from '../../packages/credential-manager/src/exceptions/get.js';
import { SignalCredentialStateProviderConfigurationException } from '../../packages/credential-manager/src/exceptions/signal.js';
import {
  CREATE_ON_WEAR_MESSAGE,
  GMS_UPDATE_REQUIRED_MESSAGE,
  MIN_GMS_APK_VERSION,
  MIN_GMS_APK_VERSION_RESTORE_CRED,
  MIN_GMS_APK_VERSION_SIGNAL_API,
  NO_FRAMEWORK_PROVIDER_MESSAGE,
} from '../../packages/credential-manager/src/platform-gates.js';
import { ClearCredentialStateRequest } from '../../packages/credential-manager/src/requests/clear-credential-state-request.js';
import { CreatePasswordRequest } from '../../packages/credential-manager/src/requests/create-password-request.js';
import { GetPasswordOption } from '../../packages/credential-manager/src/requests/get-password-option.js';
import { CreatePublicKeyCredentialRequest } from '../../packages/credential-manager/src/requests/create-public-key-credential-request.js';
import { CreateRestoreCredentialRequest } from '../../packages/credential-manager/src/requests/create-restore-credential-request.js';
import { GetCredentialRequest } from '../../packages/credential-manager/src/requests/get-credential-request.js';
import { GetPublicKeyCredentialOption } from '../../packages/credential-manager/src/requests/get-public-key-credential-option.js';
import { GetRestoreCredentialOption } from '../../packages/credential-manager/src/requests/get-restore-credential-option.js';
import { SignalUnknownCredentialRequest } from '../../packages/credential-manager/src/requests/signal-credential-state-request.js';
import {
  PublicKeyCredential,
  RestoreCredential,
} from '../../packages/credential-manager/src/responses/credential.js';
import {
  DEFAULT_API_LEVEL,
  DEFAULT_PLAY_SERVICES_VERSION,
  Device,
} from '../../packages/provider/src/device.js';
import { PACKAGE, RP_ID, b64, creationJson, phone, requestJson } from './fixtures.js';

function on(apiLevel: number, playServicesVersion: number | null) {
  const p = phone({ apiLevel, playServicesVersion });
  p.device.setAppSignedIn(PACKAGE, true);
  const context = p.device.context(PACKAGE);
  return { ...p, context, manager: CredentialManager.create(context) };
}

const restoreCreate = () => new CreateRestoreCredentialRequest(creationJson());
const restoreGet = () => new GetCredentialRequest([new GetRestoreCredentialOption(requestJson())]);
const passkeyGet = () => new GetCredentialRequest([new GetPublicKeyCredentialOption(requestJson())]);
const clearRestore = () =>
  new ClearCredentialStateRequest(ClearCredentialStateRequest.TYPE_CLEAR_RESTORE_CREDENTIAL);
const signal = () =>
  new SignalUnknownCredentialRequest(JSON.stringify({ rpId: RP_ID, credentialId: b64(16) }));

describe('platform gates', () => {
  it('a new Device is Android 15 with a recent Play services: every feature works', async () => {
    assert.equal(DEFAULT_API_LEVEL, 35);
    assert.ok(DEFAULT_PLAY_SERVICES_VERSION >= MIN_GMS_APK_VERSION_SIGNAL_API);
    const s = on(DEFAULT_API_LEVEL, DEFAULT_PLAY_SERVICES_VERSION);
    await s.manager.createCredential(s.context, restoreCreate());
    assert.ok(
      (await s.manager.getCredential(s.context, restoreGet())).credential instanceof RestoreCredential,
    );
    await s.manager.prepareGetCredential(passkeyGet());
    await s.manager.signalCredentialState(signal());
    await s.manager.clearCredentialState(clearRestore());
  });

  it('restore credentials: Android 9 is the first level that has them', async () => {
    const old = on(27, DEFAULT_PLAY_SERVICES_VERSION);
    await assert.rejects(
      old.manager.createCredential(old.context, restoreCreate()),
      (e) =>
        e instanceof CreateCredentialProviderConfigurationException &&
        e.message.startsWith('createCredentialAsync no provider dependencies found'),
    );
    await assert.rejects(
      old.manager.getCredential(old.context, restoreGet()),
      (e) =>
        e instanceof GetCredentialProviderConfigurationException &&
        e.message.startsWith('getCredentialAsync no provider dependencies found'),
    );
    await assert.rejects(
      old.manager.clearCredentialState(clearRestore()),
      (e) =>
        e instanceof ClearCredentialProviderConfigurationException &&
        e.message.startsWith('clearCredentialStateAsync no provider dependencies found'),
    );
    // passkeys still work on Android 8.1 (through Play services)
    await old.manager.createCredential(old.context, new CreatePublicKeyCredentialRequest(creationJson()));
    assert.ok(
      (await old.manager.getCredential(old.context, passkeyGet())).credential instanceof PublicKeyCredential,
    );

    const pie = on(28, DEFAULT_PLAY_SERVICES_VERSION);
    await pie.manager.createCredential(pie.context, restoreCreate());
  });

  it('restore credentials: Play services 242200000 or later (one below fails; none installed fails)', async () => {
    assert.equal(MIN_GMS_APK_VERSION_RESTORE_CRED, 242_200_000);
    for (const gms of [MIN_GMS_APK_VERSION_RESTORE_CRED - 1, 24_220_000, null]) {
      const s = on(34, gms);
      await assert.rejects(
        s.manager.createCredential(s.context, restoreCreate()),
        CreateCredentialProviderConfigurationException,
        String(gms),
      );
      assert.equal(s.device.provider.restoreKeys.get(PACKAGE), undefined, 'no key was created');
      await assert.rejects(
        s.manager.getCredential(s.context, restoreGet()),
        GetCredentialProviderConfigurationException,
      );
    }
    const s = on(34, MIN_GMS_APK_VERSION_RESTORE_CRED);
    await s.manager.createCredential(s.context, restoreCreate());
  });

  it('a saved device keeps its versions; a file without them loads as a current device', () => {
    const s = on(30, null);
    const loaded = Device.fromJSON(s.device.toJSON());
    assert.equal(loaded.apiLevel, 30);
    assert.equal(loaded.playServicesVersion, null);
    assert.equal(Device.fromJSON(phone({ formFactor: 'wear' }).device.toJSON()).formFactor, 'wear');
    const { apiLevel: _a, playServicesVersion: _p, ...older } = s.device.toJSON();
    const legacy = Device.fromJSON(older);
    assert.equal(legacy.apiLevel, DEFAULT_API_LEVEL);
    assert.equal(legacy.playServicesVersion, DEFAULT_PLAY_SERVICES_VERSION);
  });

  it('an OS update on the same phone lifts the gate', async () => {
    const s = on(27, DEFAULT_PLAY_SERVICES_VERSION);
    await assert.rejects(s.manager.createCredential(s.context, restoreCreate()));
    s.device.apiLevel = 28;
    const context = s.device.context(PACKAGE);
    await CredentialManager.create(context).createCredential(context, restoreCreate());
  });

  it('prepareGetCredential needs Android 14; getCredential with a request works below it', async () => {
    const s = on(33, DEFAULT_PLAY_SERVICES_VERSION);
    await s.manager.createCredential(s.context, new CreatePublicKeyCredentialRequest(creationJson()));
    await assert.rejects(
      s.manager.prepareGetCredential(passkeyGet()),
      (e) =>
        e instanceof GetCredentialProviderConfigurationException &&
        e.message === NO_FRAMEWORK_PROVIDER_MESSAGE,
    );
    await s.manager.getCredential(s.context, passkeyGet());
    const u = on(34, DEFAULT_PLAY_SERVICES_VERSION);
    const prepared = await u.manager.prepareGetCredential(passkeyGet());
    // a handle prepared on Android 14 cannot be finished after a downgrade (the handle needs the framework)
    u.device.apiLevel = 33;
    const downgraded = u.device.context(PACKAGE);
    await assert.rejects(
      CredentialManager.create(downgraded).getCredential(downgraded, prepared.pendingGetCredentialHandle),
      GetCredentialProviderConfigurationException,
    );
  });

  it('the Signal API needs Android 15 and Play services 254625000', async () => {
    const u = on(34, DEFAULT_PLAY_SERVICES_VERSION);
    await assert.rejects(
      u.manager.signalCredentialState(signal()),
      (e) =>
        e instanceof SignalCredentialStateProviderConfigurationException &&
        e.message === NO_FRAMEWORK_PROVIDER_MESSAGE,
    );
    const oldGms = on(35, MIN_GMS_APK_VERSION_SIGNAL_API - 1);
    await assert.rejects(
      oldGms.manager.signalCredentialState(signal()),
      (e) =>
        e instanceof SignalCredentialStateProviderConfigurationException &&
        e.message === GMS_UPDATE_REQUIRED_MESSAGE,
    );
    assert.equal(oldGms.device.notifications.size, 0);
    const v = on(35, MIN_GMS_APK_VERSION_SIGNAL_API);
    await v.manager.signalCredentialState(signal());
  });

  // Ported from androidx's CredentialManagerPreUTest (Android 13 and lower without a provider library): create,
  // get and clear each throw the family's ProviderConfigurationException, and the async twins hand the same
  // class (and type string) to onError.
  it('Android 13 without Play services (or with one older than 230815045) has no provider at all', async () => {
    for (const gms of [null, MIN_GMS_APK_VERSION - 1]) {
      const s = on(33, gms);
      await assert.rejects(
        s.manager.createCredential(s.context, new CreatePasswordRequest('test-user-id', 'test-password')),
        CreateCredentialProviderConfigurationException,
      );
      await assert.rejects(
        s.manager.getCredential(s.context, new GetCredentialRequest([new GetPasswordOption()])),
        GetCredentialProviderConfigurationException,
      );
      await assert.rejects(
        s.manager.clearCredentialState(new ClearCredentialStateRequest()),
        ClearCredentialProviderConfigurationException,
      );
      const created = await new Promise<unknown>((resolve) =>
        s.manager.createCredentialAsync(
          s.context,
          new CreatePasswordRequest('test-user-id', 'test-password'),
          null,
          (run) => run(),
          { onResult: () => resolve(null), onError: resolve },
        ),
      );
      assert.equal((created as Error).constructor, CreateCredentialProviderConfigurationException);
      const cleared = await new Promise<unknown>((resolve) =>
        s.manager.clearCredentialStateAsync(new ClearCredentialStateRequest(), null, (run) => run(), {
          onResult: () => resolve(null),
          onError: resolve,
        }),
      );
      assert.equal(
        (cleared as ClearCredentialProviderConfigurationException).type,
        ClearCredentialProviderConfigurationException.TYPE,
      );
    }
    // Android 14 brings the framework's Credential Manager: passwords work without Play services
    const u = on(34, null);
    await u.manager.createCredential(u.context, new CreatePasswordRequest('test-user-id', 'test-password'));
    await u.manager.getCredential(u.context, new GetCredentialRequest([new GetPasswordOption()]));
    await assert.rejects(
      u.manager.createCredential(u.context, restoreCreate()),
      CreateCredentialProviderConfigurationException,
      'restore keys still need Play services',
    );
  });

  it('a watch cannot create credentials (CreateCredentialUnsupportedException) but signs in', async () => {
    const p = phone();
    p.device.setAppSignedIn(PACKAGE, true);
    const c = p.device.context(PACKAGE);
    await CredentialManager.create(c).createCredential(
      c,
      new CreatePublicKeyCredentialRequest(creationJson()),
    );
    const watch = phone({ formFactor: 'wear', account: p.account });
    watch.device.setAppSignedIn(PACKAGE, true);
    const context = watch.device.context(PACKAGE);
    const manager = CredentialManager.create(context);
    await assert.rejects(
      manager.createCredential(context, new CreatePublicKeyCredentialRequest(creationJson())),
      (e) => e instanceof CreateCredentialUnsupportedException && e.message === CREATE_ON_WEAR_MESSAGE,
    );
    await assert.rejects(
      manager.createCredential(context, restoreCreate()),
      CreateCredentialUnsupportedException,
    );
    assert.ok((await manager.getCredential(context, passkeyGet())).credential instanceof PublicKeyCredential);
  });

  it('the callback twins deliver a gate failure to onError', async () => {
    const s = on(30, DEFAULT_PLAY_SERVICES_VERSION);
    const error = await new Promise<unknown>((resolve) =>
      s.manager.signalCredentialStateAsync(signal(), undefined, {
        onResult: () => resolve(null),
        onError: resolve,
      }),
    );
    assert.ok(error instanceof SignalCredentialStateProviderConfigurationException);
  });
});
