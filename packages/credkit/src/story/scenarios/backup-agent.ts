// BackupAgent.onRestore: on the new phone the app's agent signs in with the restore key and notifies the user
// before the app is ever opened; at first launch the app is already signed in.
import { Device } from '@credkit/provider';
import type { EncryptedBackup } from '@credkit/provider';
import { expect, need } from '../expect.js';
import { scenario, type Stage } from '../scenario.js';
import { ShrineBackupAgent } from '../shrine-backup-agent.js';
import { SIMULATOR_PACKAGE } from '../world.js';
import { appOn, LOCK_SECRET, PASSWORD, person, phone, type Person } from './cast.js';

interface World {
  stage: Stage;
  who: Person;
  userId?: string;
  backup?: EncryptedBackup;
  phoneB?: Device;
  agent?: ShrineBackupAgent;
}

export const BACKUP_AGENT = scenario<World>({
  name: 'backup-agent',
  summary: 'BackupAgent.onRestore signs in with the restore key and notifies before the first launch',
  world: (stage) => ({ stage, who: person() }),
  steps: [
    {
      title: 'Phone A: sign up, create a cloud-backed restore key, back up',
      async run(w) {
        const { device, app } = phone(w.stage, w.who);
        w.userId = (await app.signUp(w.who.username, PASSWORD, 'Alice')).id;
        await app.createRestoreKey();
        w.backup = device.backup();
        return 'backup taken';
      },
    },
    {
      title: "Cloud restore to phone B: the app's onRestore signs in and posts a notification",
      async run(w) {
        w.agent = new ShrineBackupAgent(w.stage.serverUrl);
        const { device, apps } = await Device.restoreFromCloud(need(w.backup, 'backup'), LOCK_SECRET, {
          account: w.who.account,
          assetLinks: w.stage.assetLinks,
          name: 'phone B',
          backupAgents: { [SIMULATOR_PACKAGE]: w.agent },
        });
        w.phoneB = device;
        const restored = apps.find((a) => a.packageName === SIMULATOR_PACKAGE);
        expect(
          restored?.agent === 'ran' && restored.restoreKey,
          `the agent should run: ${String(restored?.error)}`,
        );
        expect(w.agent.user?.id === w.userId, 'the agent signed in as the same user');
        const [n] = device.appNotifications.list(SIMULATOR_PACKAGE);
        expect(n?.beforeFirstLaunch, 'the notification comes before the app is opened');
        return `notification "${n!.title}"`;
      },
    },
    {
      title: 'The user opens the app on phone B: already signed in',
      async run(w) {
        const device = need(w.phoneB, 'phone B');
        device.launch(SIMULATOR_PACKAGE);
        const app = appOn(w.stage, device);
        app.rp.token = need(w.agent, 'agent').token;
        const { user } = await app.rp.get('/api/me');
        expect(user.id === w.userId && device.app(SIMULATOR_PACKAGE)?.signedIn, 'signed in at first launch');
        return `user ${user.username}`;
      },
    },
  ],
});
