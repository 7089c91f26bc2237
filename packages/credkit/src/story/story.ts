// The device story of `credkit simulate`, step by step as the three Android guides tell it: sign up on
// phone A, passkey + restore key, backup, phone B from the backup, silent restore sign-in, passkey sign-in,
// a deleted passkey hidden by a signal, a rename pushed to the provider, sign-out removing the restore key.
import { NoCredentialException } from '@credkit/credential-manager';
import { join } from 'node:path';
import type { EncryptedBackup } from '@credkit/provider';
import { Device } from '@credkit/provider';
import { ProviderAccount } from '@credkit/provider';
import type { AssetLinksResolver } from '@credkit/provider';
import { AndroidApp } from './android-app.js';
import type { Step } from './steps.js';
import { expect, need, offersPasskey, rejectsWith } from './expect.js';
import { playTag, scenario, type Stage } from './scenario.js';
import { SIMULATOR_APP, SIMULATOR_PACKAGE } from './world.js';

export interface StoryWorld {
  serverUrl: string;
  rpId: string;
  assetLinks: AssetLinksResolver;
  lockSecret: string;
  username: string;
  account: ProviderAccount;
  phoneA?: Device;
  appA?: AndroidApp;
  backup?: EncryptedBackup;
  phoneB?: Device;
  appB?: AndroidApp;
  userId?: string;
  passkeyId?: string;
  restoreKeyA?: string;
}

export function newStoryWorld(serverUrl: string, rpId: string, assetLinks: AssetLinksResolver): StoryWorld {
  const tag = playTag();
  return {
    serverUrl,
    rpId,
    assetLinks,
    lockSecret: '482915',
    username: `alice-${tag}`,
    account: new ProviderAccount({ email: `alice-${tag}@provider.example` }),
  };
}

export const STORY: readonly Step<StoryWorld>[] = [
  {
    title: 'Set up phone A: screen lock, backup on, provider account; install the app',
    async run(w) {
      w.phoneA = new Device({
        name: 'phone A',
        screenLock: w.lockSecret,
        backupEnabled: true,
        account: w.account,
        assetLinks: w.assetLinks,
      });
      w.phoneA.install(SIMULATOR_APP);
      w.appA = new AndroidApp(w.phoneA, SIMULATOR_PACKAGE, w.serverUrl);
      expect(w.phoneA.isE2eeAvailable(), 'phone A should offer end-to-end-encrypted backup');
      return `${SIMULATOR_PACKAGE} on ${w.rpId}`;
    },
  },
  {
    title: 'Sign up on phone A',
    async run(w) {
      const user = await need(w.appA, 'app A').signUp(w.username, 'correct horse battery', 'Alice');
      w.userId = user.id;
      return `user ${user.username}`;
    },
  },
  {
    title: 'Create a passkey on phone A (synced by the provider account)',
    async run(w) {
      w.passkeyId = await need(w.appA, 'app A').createPasskey();
      const { passkeys } = await w.appA!.rp.get('/api/passkeys');
      const stored = (passkeys as { id: string; backupEligible: boolean; backedUp: boolean }[]).find(
        (p) => p.id === w.passkeyId,
      );
      expect(
        stored?.backupEligible && stored.backedUp,
        'the server should record a backed-up, multi-device passkey',
      );
      return `passkey ${w.passkeyId.slice(0, 10)}…`;
    },
  },
  {
    title: 'Create a restore key on phone A (isCloudBackupEnabled = true)',
    async run(w) {
      const { id, cloudBackup } = await need(w.appA, 'app A').createRestoreKey();
      w.restoreKeyA = id;
      expect(
        cloudBackup && w.phoneA!.provider.restoreKeys.get(SIMULATOR_PACKAGE)?.cloudBackup,
        'the key should be cloud-backed',
      );
      const { passkeys } = await w.appA!.rp.get('/api/passkeys');
      expect(
        !(passkeys as { id: string }[]).some((p) => p.id === id),
        'restore keys must not be listed as passkeys',
      );
      return `restore key ${id.slice(0, 10)}…`;
    },
  },
  {
    title: 'Back up phone A (AES-256-GCM, key from the lock-screen secret)',
    async run(w) {
      w.backup = need(w.phoneA, 'phone A').backup();
      expect(
        !JSON.stringify(w.backup).includes(need(w.restoreKeyA, 'restore key')),
        'the backup must not show the key in clear',
      );
      return `${Buffer.from(w.backup.ciphertext, 'base64url').length} encrypted bytes`;
    },
  },
  {
    title: 'Set up phone B from the backup',
    async run(w) {
      w.phoneB = Device.restore(need(w.backup, 'backup'), w.lockSecret, w.account, {
        name: 'phone B',
        assetLinks: w.assetLinks,
      });
      expect(
        w.phoneB.app(SIMULATOR_PACKAGE)?.signedIn === false,
        'the app should be reinstalled, signed out',
      );
      expect(
        w.phoneB.provider.restoreKeys.get(SIMULATOR_PACKAGE),
        'the cloud-backed restore key should come along',
      );
      expect(
        w.phoneB.account!.passkeys.credentials().length === 1,
        'the passkey should come through the provider account',
      );
      w.appB = new AndroidApp(w.phoneB, SIMULATOR_PACKAGE, w.serverUrl);
      return `${w.phoneB.apps().length} app(s), restore key and passkey present`;
    },
  },
  {
    title: 'Restore step: sign in silently with the restore key on phone B',
    async run(w) {
      const phoneB = need(w.phoneB, 'phone B');
      const chooser = phoneB.chooser;
      let shown = false;
      phoneB.chooser = (r) => ((shown = true), chooser(r));
      try {
        const result = await need(w.appB, 'app B').signInWithRestoreKey();
        expect(
          result.via === 'restore' && result.user.id === w.userId,
          'signed in as the same user with the restore key',
        );
        expect(result.credentialId === w.restoreKeyA, "phone A's restore key should have been used");
      } finally {
        phoneB.chooser = chooser;
      }
      expect(!shown, 'a restore-key sign-in must not show UI');
      return 'no UI shown';
    },
  },
  {
    title: 'Phone B creates its own restore key',
    async run(w) {
      const { id } = await need(w.appB, 'app B').createRestoreKey();
      expect(id !== w.restoreKeyA, 'a new key for phone B');
      return `restore key ${id.slice(0, 10)}…`;
    },
  },
  {
    title: 'Sign in with the passkey on phone B',
    async run(w) {
      const result = await need(w.appB, 'app B').signIn();
      expect(
        result.via === 'passkey' && result.credentialId === w.passkeyId,
        'signed in with the synced passkey',
      );
      return `user ${result.user.username}`;
    },
  },
  {
    title: 'Delete the passkey on the server; the signal hides it on the phone',
    async run(w) {
      const app = need(w.appB, 'app B');
      const before = app.device.notifications.size;
      await app.deletePasskey(need(w.passkeyId, 'passkey'));
      const n = app.device.notifications.list('allAcceptedCredentials').at(-1);
      expect(
        app.device.notifications.size > before && n?.credentialIds.includes(w.passkeyId!),
        'a notification should say the passkey was hidden',
      );
      expect(!(await offersPasskey(app)), 'the hidden passkey must not be offered');
      await rejectsWith(app.signIn(), NoCredentialException, 'sign-in with only a hidden passkey');
      return `notification: "${n!.title}"`;
    },
  },
  {
    title: 'Rename the account; the provider updates the user name',
    async run(w) {
      const app = need(w.appB, 'app B');
      // the passkey was deleted; sign in again with the password to change the profile
      await app.rp.post('/api/signin/password', { username: w.username, password: 'correct horse battery' });
      const renamed = `${w.username}-renamed`;
      await app.updateProfile({ username: renamed, displayName: 'Alice Renamed' });
      const stored = w.account.passkeys.credentials().find((c) => c.id === w.passkeyId);
      expect(
        stored?.userName === renamed && stored.userDisplayName === 'Alice Renamed',
        'the provider should hold the new names',
      );
      const n = app.device.notifications.list('currentUserDetails').at(-1);
      expect(n, 'a notification should say the details were updated');
      return `now ${renamed}`;
    },
  },
  {
    title: 'Sign out on phone B; the restore key is gone',
    async run(w) {
      const app = need(w.appB, 'app B');
      await app.signOut();
      expect(
        !app.device.provider.restoreKeys.get(SIMULATOR_PACKAGE),
        'the restore key should be cleared from the device',
      );
      await rejectsWith(app.signInWithRestoreKey(), NoCredentialException, 'restore sign-in after sign-out');
      return 'NoCredentialException, as the guide says';
    },
  },
];

export const NEW_PHONE = scenario({
  name: 'new-phone',
  summary: 'passkey + restore key, backup, phone B signs in silently, signals hide and rename, sign-out',
  world: (stage: Stage) => newStoryWorld(stage.serverUrl, stage.rpId, stage.assetLinks),
  steps: STORY,
  save(world, dir) {
    const written: string[] = [];
    for (const [name, device] of [
      ['phone-a.json', world.phoneA],
      ['phone-b.json', world.phoneB],
    ] as const) {
      if (!device) continue;
      device.save(join(dir, name));
      written.push(name);
    }
    return written;
  },
});
