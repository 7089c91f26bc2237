// A restore key created with isCloudBackupEnabled = false moves with a device-to-device transfer, not with a
// cloud restore (restore-credentials guide, "Caution").
import { NoCredentialException } from '@credkit/credential-manager';
import { Device } from '@credkit/provider';
import type { AndroidApp } from '../android-app.js';
import { expect, need, rejectsWith } from '../expect.js';
import { scenario, type Stage } from '../scenario.js';
import { SIMULATOR_PACKAGE } from '../world.js';
import { appOn, LOCK_SECRET, PASSWORD, person, phone, short, type Person } from './cast.js';

interface World {
  stage: Stage;
  who: Person;
  phoneA?: Device;
  appA?: AndroidApp;
  userId?: string;
  keyId?: string;
}

export const TRANSFER_VS_CLOUD = scenario<World>({
  name: 'transfer-vs-cloud',
  summary: 'a local-only restore key: gone after a cloud restore, present after a device-to-device transfer',
  world: (stage) => ({ stage, who: person() }),
  steps: [
    {
      title: 'Phone A creates a restore key with isCloudBackupEnabled = false',
      async run(w) {
        const { device, app } = phone(w.stage, w.who);
        Object.assign(w, { phoneA: device, appA: app });
        w.userId = (await app.signUp(w.who.username, PASSWORD)).id;
        const { id, cloudBackup } = await app.createRestoreKey({ isCloudBackupEnabled: false });
        expect(!cloudBackup, 'local only');
        w.keyId = id;
        return `restore key ${short(id)}, local only`;
      },
    },
    {
      title: 'Cloud restore to phone B: the app comes back, the local-only key does not',
      async run(w) {
        const phoneA = need(w.phoneA, 'phone A');
        const { device } = await Device.restoreFromCloud(phoneA.backup(), LOCK_SECRET, {
          account: w.who.account,
          assetLinks: w.stage.assetLinks,
          name: 'phone B',
        });
        expect(device.app(SIMULATOR_PACKAGE), 'the app should be reinstalled');
        expect(!device.provider.restoreKeys.get(SIMULATOR_PACKAGE), 'no restore key after a cloud restore');
        await rejectsWith(
          appOn(w.stage, device).signInWithRestoreKey(),
          NoCredentialException,
          'restore sign-in on phone B',
        );
        return 'NoCredentialException: the user signs in by hand';
      },
    },
    {
      title: 'Device-to-device transfer to phone C: the key comes along and signs in silently',
      async run(w) {
        const phoneA = need(w.phoneA, 'phone A');
        const { device, transport } = await Device.restoreFromTransfer(phoneA.deviceTransfer(), {
          account: w.who.account,
          assetLinks: w.stage.assetLinks,
          screenLock: '7777',
          name: 'phone C',
        });
        expect(transport === 'deviceToDevice', 'a transfer');
        const result = await appOn(w.stage, device).signInWithRestoreKey();
        expect(result.credentialId === w.keyId && result.user.id === w.userId, "phone A's key, same user");
        return `signed in as ${result.user.username}`;
      },
    },
  ],
});
