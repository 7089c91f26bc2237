// Restore keys go with the app's data: "clear data" and uninstalling remove the key (restore-credentials
// guide, "Delete the restore key"), and a silent sign-in then finds none.
import { NoCredentialException } from '@credkit/credential-manager';
import type { Device } from '@credkit/provider';
import type { AndroidApp } from '../android-app.js';
import { expect, need, rejectsWith } from '../expect.js';
import { scenario, type Stage } from '../scenario.js';
import { SIMULATOR_APP, SIMULATOR_PACKAGE } from '../world.js';
import { appOn, PASSWORD, person, signedUpPhone, type Person } from './cast.js';

interface World {
  stage: Stage;
  who: Person;
  device?: Device;
  app?: AndroidApp;
}

export const APP_DATA = scenario<World>({
  name: 'app-data',
  summary: 'clear data and uninstall remove the restore key',
  world: (stage) => ({ stage, who: person() }),
  steps: [
    {
      title: "Clear the app's data: signed out, restore key gone",
      async run(w) {
        const app = await signedUpPhone(w);
        await app.createRestoreKey();
        w.device!.clearAppData(SIMULATOR_PACKAGE);
        expect(!w.device!.provider.restoreKeys.get(SIMULATOR_PACKAGE), 'the key should be gone');
        expect(w.device!.app(SIMULATOR_PACKAGE)?.signedIn === false, 'the app should be signed out');
        await rejectsWith(
          app.signInWithRestoreKey(),
          NoCredentialException,
          'restore sign-in after clear data',
        );
        return 'NoCredentialException';
      },
    },
    {
      title: 'Sign in again and create a new key; uninstall and reinstall: the key is gone',
      async run(w) {
        const device = need(w.device, 'phone');
        const app = need(w.app, 'app');
        await app.signInWithPassword(w.who.username, PASSWORD);
        await app.createRestoreKey();
        device.uninstall(SIMULATOR_PACKAGE);
        device.install(SIMULATOR_APP);
        expect(!device.provider.restoreKeys.get(SIMULATOR_PACKAGE), 'uninstall removes the key');
        await rejectsWith(
          appOn(w.stage, device).signInWithRestoreKey(),
          NoCredentialException,
          'restore sign-in after reinstall',
        );
        return 'NoCredentialException';
      },
    },
  ],
});
