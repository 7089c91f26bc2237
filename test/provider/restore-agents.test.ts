// Moving to a new phone: a cloud restore and a device-to-device transfer both reinstall the apps and call
// each restored app's BackupAgent.onRestore before the app is ever opened; the agent fetches the restore key
// (as the restore-credentials guide recommends) and posts a notification. A key created with
// isCloudBackupEnabled = false moves only with the transfer; one created with true moves with both.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CredentialManager } from '../../packages/credential-manager/src/credential-manager.js';
import { NoCredentialException } from '../../packages/credential-manager/src/exceptions/get.js';
import { CreateRestoreCredentialRequest } from '../../packages/credential-manager/src/requests/create-restore-credential-request.js';
import { GetCredentialRequest } from '../../packages/credential-manager/src/requests/get-credential-request.js';
import { GetRestoreCredentialOption } from '../../packages/credential-manager/src/requests/get-restore-credential-option.js';
import { RestoreCredential } from '../../packages/credential-manager/src/responses/credential.js';
import type { BackupAgent, RestoreContext } from '../../packages/provider/src/backup-agent.js';
import { Device } from '../../packages/provider/src/device.js';
import { DeviceError } from '../../packages/provider/src/device-errors.js';
import { CERT, PACKAGE, assetLinks, creationJson, phone, requestJson } from './fixtures.js';

const OTHER = 'com.example.notes';

async function oldPhoneWithKey(isCloudBackupEnabled: boolean) {
  const p = phone();
  p.device.install({ packageName: OTHER, signingCertificate: CERT });
  p.device.setAppSignedIn(PACKAGE, true);
  const context = p.device.context(PACKAGE);
  const created = await CredentialManager.create(context).createCredential(
    context,
    new CreateRestoreCredentialRequest(creationJson(), isCloudBackupEnabled),
  );
  return { ...p, keyId: JSON.parse(created.responseJson).id as string };
}

/** The agent the guide recommends: fetch the restore key, sign in, tell the user before first launch. */
function signInAgent(log: string[]): BackupAgent {
  return {
    async onRestore(restore: RestoreContext) {
      const manager = CredentialManager.create(restore.context);
      try {
        const response = await manager.getCredential(
          restore.context,
          new GetCredentialRequest([new GetRestoreCredentialOption(requestJson())]),
        );
        assert.ok(response.credential instanceof RestoreCredential);
        log.push(JSON.parse(response.credential.authenticationResponseJson).id);
        restore.setSignedIn(true);
        restore.postNotification({ title: 'Welcome back', text: 'You are signed in', channelId: 'account' });
      } catch (e) {
        if (!(e instanceof NoCredentialException)) throw e;
        log.push('no key');
        restore.postNotification({ title: 'Sign in', text: 'Open the app to sign in again' });
      }
    },
  };
}

describe('BackupAgent.onRestore on a new phone', () => {
  it('cloud restore: the agent signs in with the key and notifies before the first launch', async () => {
    const old = await oldPhoneWithKey(true);
    const log: string[] = [];
    const transports: string[] = [];
    const { device, apps, transport } = await Device.restoreFromCloud(old.device.backup(), '1234', {
      assetLinks,
      backupAgents: {
        [PACKAGE]: signInAgent(log),
        [OTHER]: { onRestore: (r) => void transports.push(`${r.packageName}:${r.transport}`) },
      },
    });
    assert.equal(transport, 'cloud');
    assert.deepEqual(log, [old.keyId]);
    assert.deepEqual(transports, [`${OTHER}:cloud`]);
    assert.deepEqual(
      apps.map((a) => [a.packageName, a.restoreKey, a.agent]),
      [
        [PACKAGE, true, 'ran'],
        [OTHER, false, 'ran'],
      ],
    );
    assert.equal(device.app(PACKAGE)!.signedIn, true, 'the agent signed the app in');
    assert.equal(device.hasLaunched(PACKAGE), false);
    const [notice] = device.appNotifications.list(PACKAGE);
    assert.equal(notice!.title, 'Welcome back');
    assert.equal(notice!.channelId, 'account');
    assert.equal(notice!.beforeFirstLaunch, true);

    device.launch(PACKAGE);
    assert.equal(device.postNotification(PACKAGE, { title: 't', text: 'x' }).beforeFirstLaunch, false);
  });

  it('an app without an agent is restored without one; a failing agent does not stop the others', async () => {
    const old = await oldPhoneWithKey(true);
    const { apps, device } = await Device.restoreFromCloud(old.device.backup(), '1234', {
      backupAgents: {
        [PACKAGE]: {
          onRestore() {
            throw new Error('agent crashed');
          },
        },
      },
    });
    assert.equal(apps[0]!.agent, 'failed');
    assert.match(String(apps[0]!.error), /agent crashed/);
    assert.equal(apps[1]!.agent, 'none');
    assert.equal(device.app(PACKAGE)!.signedIn, false);
    assert.equal(device.appNotifications.size, 0);
  });

  it('Device.restore (no agents) still restores synchronously; a notification from an unknown app fails', async () => {
    const old = await oldPhoneWithKey(true);
    const device = Device.restore(old.device.backup(), '1234');
    assert.ok(device.provider.restoreKeys.get(PACKAGE));
    assert.throws(
      () => device.postNotification('com.not.installed', { title: 'x', text: 'y' }),
      (e) => e instanceof DeviceError && e.code === 'app_not_installed',
    );
  });
});

describe('device-to-device transfer versus cloud restore', () => {
  it('isCloudBackupEnabled = false: the key moves with a transfer and not with a cloud restore', async () => {
    const old = await oldPhoneWithKey(false);

    const cloudLog: string[] = [];
    const cloud = await Device.restoreFromCloud(old.device.backup(), '1234', {
      assetLinks,
      backupAgents: { [PACKAGE]: signInAgent(cloudLog) },
    });
    assert.deepEqual(cloudLog, ['no key']);
    assert.equal(cloud.device.provider.restoreKeys.get(PACKAGE), undefined);
    assert.equal(cloud.apps[0]!.restoreKey, false);
    assert.equal(cloud.device.app(PACKAGE)!.signedIn, false);

    const d2dLog: string[] = [];
    const d2d = await Device.restoreFromTransfer(old.device.deviceTransfer(), {
      assetLinks,
      screenLock: '5678',
      backupAgents: { [PACKAGE]: signInAgent(d2dLog) },
    });
    assert.equal(d2d.transport, 'deviceToDevice');
    assert.deepEqual(d2dLog, [old.keyId]);
    assert.equal(d2d.device.provider.restoreKeys.get(PACKAGE)!.cloudBackup, false);
    assert.equal(d2d.device.app(PACKAGE)!.signedIn, true);
    assert.equal(d2d.device.appNotifications.list(PACKAGE)[0]!.beforeFirstLaunch, true);
  });

  it('isCloudBackupEnabled = true: the key moves with both', async () => {
    const old = await oldPhoneWithKey(true);
    const cloud = Device.restore(old.device.backup(), '1234');
    const d2d = await Device.restoreFromTransfer(old.device.deviceTransfer());
    for (const device of [cloud, d2d.device]) {
      const key = device.provider.restoreKeys.get(PACKAGE)!;
      assert.equal(key.credential.id, old.keyId);
      assert.equal(key.cloudBackup, true);
    }
  });

  it('a transfer works with the backup switch off (a cloud backup does not), and apps arrive signed out', async () => {
    const old = await oldPhoneWithKey(false);
    old.device.backupEnabled = false;
    assert.throws(
      () => old.device.backup(),
      (e) => e instanceof DeviceError && e.code === 'backup_unavailable',
    );
    const transfer = old.device.deviceTransfer();
    assert.equal(transfer.restoreKeys.length, 1);
    assert.ok(transfer.apps.every((a) => !a.signedIn));
    const { device } = await Device.restoreFromTransfer(transfer);
    assert.deepEqual(
      device.apps().map((a) => [a.packageName, a.signedIn]),
      [
        [PACKAGE, false],
        [OTHER, false],
      ],
    );
  });

  it('rejects a malformed transfer', async () => {
    await assert.rejects(
      Device.restoreFromTransfer({ format: 'nope' } as never),
      (e) => e instanceof DeviceError && e.code === 'transfer_invalid',
    );
  });
});
