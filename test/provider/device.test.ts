// The Device: encrypted backup (AES-256-GCM under a key from the lock-screen secret), restore on a new phone
// (cloud-backed restore keys come along, local-only ones do not; passkeys come through the account), and
// saving/loading its state.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Device } from '../../packages/provider/src/device.js';
import { DeviceError } from '../../packages/provider/src/device-errors.js';
import { ProviderAccount } from '../../packages/provider/src/provider-account.js';
import { GetRestoreCredentialOption } from '../../packages/credential-manager/src/requests/get-restore-credential-option.js';
import { NoCredentialException } from '../../packages/credential-manager/src/exceptions/get.js';
import { CERT, PACKAGE, assetLinks, caller, creationJson, phone, requestJson } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'credkit-device-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function withRestoreKey(cloud: boolean) {
  const p = phone();
  p.device.setAppSignedIn(PACKAGE, true);
  p.device.provider.createRestoreCredential(creationJson(), cloud, caller());
  p.device.provider.createPublicKeyCredential(creationJson(), caller());
  return p;
}

async function restoreKeyOn(device: Device): Promise<string> {
  const option = new GetRestoreCredentialOption(requestJson());
  const { credentialEntries } = await device.provider.onBeginGetCredential({ option, callingApp: caller() });
  if (credentialEntries.length === 0)
    throw new NoCredentialException('The device does not contain a restore credential.');
  const data = await device.provider.onGetCredential({
    option,
    callingApp: caller(),
    selected: { kind: 'credential', entry: credentialEntries[0]! },
  });
  return JSON.parse(String(Object.values(data.data)[0])).id;
}

/** Neither the blob's text nor its ciphertext bytes show any of `secrets` (base64url values) or the app. */
function assertNothingInClear(backup: object, secrets: Record<string, string>): void {
  const text = JSON.stringify(backup);
  const raw = Buffer.from((backup as { ciphertext: string }).ciphertext, 'base64url');
  for (const [what, value] of Object.entries(secrets)) {
    assert.ok(!text.includes(value), `${what} in the backup's text`);
    assert.ok(!raw.includes(Buffer.from(value)), `${what} (base64url) in the ciphertext`);
    assert.ok(!raw.includes(Buffer.from(value, 'base64url')), `${what} (bytes) in the ciphertext`);
  }
  assert.ok(!text.includes(PACKAGE) && !raw.includes(Buffer.from(PACKAGE)), 'package name in clear');
}

describe('Device backup and restore', () => {
  it('a cloud-backed restore key and the apps come along; passkeys come through the account', async () => {
    const { device, account } = withRestoreKey(true);
    const key = device.provider.restoreKeys.get(PACKAGE)!.credential;
    const keyId = key.id;
    const backup = device.backup();
    assertNothingInClear(backup, {
      'credential id': key.id,
      'private key': key.privateKey,
      'user id': key.userId,
    });
    const phoneB = Device.restore(backup, '1234', account, { assetLinks });
    assert.deepEqual(
      phoneB.apps().map((a) => [a.packageName, a.signedIn]),
      [[PACKAGE, false]],
    );
    assert.equal(await restoreKeyOn(phoneB), keyId);
    assert.equal(phoneB.account!.passkeys.credentials().length, 1);
    assert.notEqual(phoneB.id, device.id);
  });

  it('Device.restore(backup, lockSecret) alone: the restore key comes along, passkeys need the account', async () => {
    const { device } = withRestoreKey(true);
    const phoneB = Device.restore(device.backup(), '1234');
    phoneB.assetLinks = assetLinks;
    assert.equal(phoneB.account, null);
    assert.equal(await restoreKeyOn(phoneB), device.provider.restoreKeys.get(PACKAGE)!.credential.id);
  });

  it('a local-only restore key does not come along', async () => {
    const { device, account } = withRestoreKey(false);
    const phoneB = Device.restore(device.backup(), '1234', account, { assetLinks });
    await assert.rejects(restoreKeyOn(phoneB), NoCredentialException);
    await restoreKeyOn(device); // still on the old phone
  });

  it('a phone set up without the backup has no restore key', async () => {
    const { account } = withRestoreKey(true);
    const fresh = new Device({ account, assetLinks, screenLock: '0000' });
    fresh.install({ packageName: PACKAGE, signingCertificate: CERT });
    await assert.rejects(restoreKeyOn(fresh), NoCredentialException);
  });

  it('the wrong lock-screen secret or a tampered blob cannot be restored', () => {
    const { device, account } = withRestoreKey(true);
    const backup = device.backup();
    assert.throws(
      () => Device.restore(backup, '9999', account),
      (e) => e instanceof DeviceError && e.code === 'backup_invalid',
    );
    const tampered = {
      ...backup,
      ciphertext: Buffer.from(backup.ciphertext, 'base64url').reverse().toString('base64url'),
    };
    assert.throws(
      () => Device.restore(tampered, '1234', account),
      (e) => e instanceof DeviceError && e.code === 'backup_invalid',
    );
    const greedy = { ...backup, kdf: { ...backup.kdf, N: 1 << 30 } };
    assert.throws(
      () => Device.restore(greedy, '1234', account),
      (e) => e instanceof DeviceError && e.code === 'backup_invalid',
    );
  });

  it('backup needs the backup switch and a screen lock', () => {
    const { device } = phone();
    device.backupEnabled = false;
    assert.throws(
      () => device.backup(),
      (e) => e instanceof DeviceError && e.code === 'backup_unavailable',
    );
    device.backupEnabled = true;
    device.setScreenLock(null);
    assert.throws(
      () => device.backup(),
      (e) => e instanceof DeviceError && e.code === 'backup_unavailable',
    );
  });
});

describe('Device state file', () => {
  it('saves and loads apps, restore keys, lock key and the account; keys still sign', async () => {
    const { device } = withRestoreKey(true);
    const path = join(dir, 'phone.json');
    device.save(path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const loaded = Device.load(path, { assetLinks });
    assert.equal(loaded.id, device.id);
    assert.equal(loaded.hasScreenLock(), true);
    assert.equal(loaded.isAppSignedIn(PACKAGE), true);
    assert.equal(await restoreKeyOn(loaded), device.provider.restoreKeys.get(PACKAGE)!.credential.id);
    assert.equal(loaded.account!.passkeys.credentials().length, 1);
    // a loaded device can still back up with the saved lock key; the secret restores it
    const phoneB = Device.restore(loaded.backup(), '1234', loaded.account, { assetLinks });
    assert.ok(phoneB.provider.restoreKeys.get(PACKAGE));
  });

  it('shares a live account when given one', () => {
    const { device } = phone();
    const path = join(dir, 'shared.json');
    device.save(path);
    const account = new ProviderAccount({ email: 'x@y.example' });
    assert.equal(Device.load(path, { account }).account, account);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'nope' }));
    assert.throws(
      () => Device.load(bad),
      (e) => e instanceof DeviceError && e.code === 'state_invalid',
    );
  });
});
