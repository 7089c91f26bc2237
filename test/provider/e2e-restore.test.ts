// Restore credentials guide, end to end over HTTP: create after sign-in, back up, restore on a new phone,
// silent sign-in, delete on sign-out / uninstall / clear data; E2EE unavailable, no credential, no backup.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Device } from '../../packages/provider/src/device.js';
import { NoCredentialException } from '../../packages/credential-manager/src/exceptions/get.js';
import { E2eeUnavailableException } from '../../packages/credential-manager/src/exceptions/restore.js';
import { CreateCredentialUnknownException } from '../../packages/credential-manager/src/exceptions/create.js';
import { IllegalArgumentException } from '../../packages/credential-manager/src/exceptions/java.js';
import { GetCredentialRequest } from '../../packages/credential-manager/src/requests/get-credential-request.js';
import { GetPasswordOption } from '../../packages/credential-manager/src/requests/get-password-option.js';
import { GetRestoreCredentialOption } from '../../packages/credential-manager/src/requests/get-restore-credential-option.js';
import { LOCK, PACKAGE, appOn, phoneWithApp, startE2e, uniqueName, type E2e } from './e2e-harness.js';

let e2e: E2e;
before(async () => {
  e2e = await startE2e();
});
after(async () => {
  await e2e?.close();
});

async function signedUpWithRestoreKey(
  options: { isCloudBackupEnabled?: boolean; fallbackToLocal?: boolean } = {},
  phone = phoneWithApp(e2e),
) {
  const user = await phone.app.signUp(uniqueName(), 'correct horse battery');
  const key = await phone.app.createRestoreKey(options);
  return { ...phone, user, key };
}

describe('restore keys end to end', () => {
  it('a cloud-backed key travels in the backup and signs the user in silently on the new phone', async () => {
    const a = await signedUpWithRestoreKey();
    assert.equal(a.key.cloudBackup, true);
    const phoneB = Device.restore(a.device.backup(), LOCK, a.account, { assetLinks: e2e.assetLinks });
    const appB = appOn(phoneB, e2e);
    let selectorShown = false;
    phoneB.chooser = () => ((selectorShown = true), 0);
    const result = await appB.signInWithRestoreKey();
    assert.equal(result.via, 'restore');
    assert.equal(result.user.id, a.user.id);
    assert.equal(result.credentialId, a.key.id);
    assert.equal(selectorShown, false, 'no UI for a restore key');
    assert.equal(phoneB.isAppSignedIn(PACKAGE), true);
    // the server session works, and restore keys are not listed as passkeys
    assert.equal((await appB.rp.get('/api/me')).user.id, a.user.id);
    assert.deepEqual((await appB.rp.get('/api/passkeys')).passkeys, []);
  });

  it('E2EE unavailable (no screen lock, or backup off) → E2eeUnavailableException; the local fallback works but does not travel', async () => {
    const noLock = phoneWithApp(e2e, { screenLock: null });
    await noLock.app.signUp(uniqueName(), 'correct horse battery');
    await assert.rejects(noLock.app.createRestoreKey(), E2eeUnavailableException);
    const backupOff = phoneWithApp(e2e, { backupEnabled: false });
    await backupOff.app.signUp(uniqueName(), 'correct horse battery');
    await assert.rejects(backupOff.app.createRestoreKey(), E2eeUnavailableException);
    const key = await backupOff.app.createRestoreKey({ fallbackToLocal: true });
    assert.equal(key.cloudBackup, false);
    // the old phone still signs in with it
    backupOff.device.setAppSignedIn(PACKAGE, false);
    assert.equal((await backupOff.app.signInWithRestoreKey()).credentialId, key.id);
    // a cloud restore of a phone holding only a local key: no restore credential on the new phone
    backupOff.device.backupEnabled = true;
    const phoneB = Device.restore(backupOff.device.backup(), LOCK, backupOff.account, {
      assetLinks: e2e.assetLinks,
    });
    await assert.rejects(
      appOn(phoneB, e2e).signInWithRestoreKey(),
      (e) =>
        e instanceof NoCredentialException &&
        e.message === 'The device does not contain a restore credential.',
    );
  });

  it('a new phone set up without the backup has no restore credential', async () => {
    const a = await signedUpWithRestoreKey();
    const fresh = new Device({ screenLock: '1111', account: a.account, assetLinks: e2e.assetLinks });
    await assert.rejects(appOn(fresh, e2e).signInWithRestoreKey(), NoCredentialException);
  });

  it('only a signed-in app may create one; the restore option must be alone', async () => {
    const phone = phoneWithApp(e2e);
    await phone.app.signUp(uniqueName(), 'correct horse battery');
    phone.device.setAppSignedIn(PACKAGE, false); // the app forgot its session
    await assert.rejects(phone.app.createRestoreKey(), CreateCredentialUnknownException);
    const options = await phone.app.rp.post('/api/webauthn/authentication/options', { kind: 'restore' });
    await assert.rejects(
      phone.app.credentialManager.getCredential(
        phone.app.context,
        new GetCredentialRequest([
          new GetRestoreCredentialOption(JSON.stringify(options)),
          new GetPasswordOption(),
        ]),
      ),
      IllegalArgumentException,
    );
  });

  it('sign-out revokes the key on the server and clears it from the phone; uninstall and clear data remove it', async () => {
    const a = await signedUpWithRestoreKey();
    await a.app.signOut();
    assert.equal(a.device.provider.restoreKeys.get(PACKAGE), undefined);
    await assert.rejects(a.app.signInWithRestoreKey(), NoCredentialException);

    const b = await signedUpWithRestoreKey();
    b.device.clearAppData(PACKAGE);
    await assert.rejects(appOn(b.device, e2e).signInWithRestoreKey(), NoCredentialException);

    const c = await signedUpWithRestoreKey();
    c.device.uninstall(PACKAGE);
    await assert.rejects(appOn(c.device, e2e).signInWithRestoreKey(), NoCredentialException);
  });

  it('a second key on the same phone replaces the first; the server still accepts the current one', async () => {
    const a = await signedUpWithRestoreKey();
    const second = await a.app.createRestoreKey();
    assert.notEqual(second.id, a.key.id);
    assert.equal(a.device.provider.restoreKeys.list().length, 1);
    a.device.setAppSignedIn(PACKAGE, false);
    assert.equal((await a.app.signInWithRestoreKey()).credentialId, second.id);
  });
});
