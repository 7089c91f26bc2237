// End-to-end encryption unavailable (no screen lock): a cloud-backed restore key fails with
// E2eeUnavailableException; the app retries with isCloudBackupEnabled = false and gets a local-only key.
import { E2eeUnavailableException } from '@credkit/credential-manager';
import type { Device } from '@credkit/provider';
import { DeviceError } from '@credkit/provider';
import type { AndroidApp } from '../android-app.js';
import { expect, need, rejectsWith } from '../expect.js';
import { scenario, type Stage } from '../scenario.js';
import { SIMULATOR_PACKAGE } from '../world.js';
import { PASSWORD, person, phone, short, type Person } from './cast.js';

interface World {
  stage: Stage;
  who: Person;
  device?: Device;
  app?: AndroidApp;
  keyId?: string;
}

export const E2EE_FALLBACK = scenario<World>({
  name: 'e2ee-fallback',
  summary: 'no screen lock: E2eeUnavailableException, then a local-only restore key',
  world: (stage) => ({ stage, who: person() }),
  steps: [
    {
      title:
        'On a phone without a screen lock, isCloudBackupEnabled = true fails with E2eeUnavailableException',
      async run(w) {
        Object.assign(w, phone(w.stage, w.who, { screenLock: null }));
        const app = need(w.app, 'app');
        await app.signUp(w.who.username, PASSWORD);
        expect(!need(w.device, 'phone').isE2eeAvailable(), 'no E2EE without a screen lock');
        const e = await rejectsWith(app.createRestoreKey(), E2eeUnavailableException, 'cloud-backed key');
        return e.type;
      },
    },
    {
      title: 'The app falls back to isCloudBackupEnabled = false: a local-only restore key',
      async run(w) {
        const { id, cloudBackup } = await need(w.app, 'app').createRestoreKey({ fallbackToLocal: true });
        w.keyId = id;
        expect(!cloudBackup, 'the key should be local only');
        expect(
          w.device!.provider.restoreKeys.get(SIMULATOR_PACKAGE)?.cloudBackup === false,
          'the provider should hold it without cloud backup',
        );
        return `restore key ${short(id)}, local only`;
      },
    },
    {
      title: 'There is no cloud backup of this phone; the key still signs in silently here',
      async run(w) {
        const device = need(w.device, 'phone');
        const e = await rejectsWith(
          Promise.resolve().then(() => device.backup()),
          DeviceError,
          'backup()',
        );
        const result = await need(w.app, 'app').signInWithRestoreKey();
        expect(result.credentialId === w.keyId, 'signed in with the local key');
        return `backup: ${e.message}; restore sign-in works on this phone`;
      },
    },
  ],
});
