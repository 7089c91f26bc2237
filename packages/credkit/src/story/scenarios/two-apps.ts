// Two apps of the same RP on one phone: "A restore key is tied to an application's unique package name",
// so each app creates its own; one app's sign-out clears only its own key.
import { NoCredentialException } from '@credkit/credential-manager';
import type { Device } from '@credkit/provider';
import { AndroidApp } from '../android-app.js';
import { expect, need, rejectsWith } from '../expect.js';
import { scenario, type Stage } from '../scenario.js';
import { SIMULATOR_LITE_APP, SIMULATOR_LITE_PACKAGE, SIMULATOR_PACKAGE } from '../world.js';
import { PASSWORD, person, phone, short, type Person } from './cast.js';

interface World {
  stage: Stage;
  who: Person;
  device?: Device;
  shrine?: AndroidApp;
  lite?: AndroidApp;
  keys: string[];
}

export const TWO_APPS = scenario<World>({
  name: 'two-apps',
  summary: 'two apps of one RP on one phone, each with its own restore key',
  world: (stage) => ({ stage, who: person(), keys: [] }),
  steps: [
    {
      title: 'Both apps sign in and create their own restore keys',
      async run(w) {
        const { device, app } = phone(w.stage, w.who);
        device.install(SIMULATOR_LITE_APP);
        w.device = device;
        w.shrine = app;
        w.lite = new AndroidApp(device, SIMULATOR_LITE_PACKAGE, w.stage.serverUrl);
        await app.signUp(w.who.username, PASSWORD);
        await w.lite.signInWithPassword(w.who.username, PASSWORD);
        w.keys = [(await app.createRestoreKey()).id, (await w.lite.createRestoreKey()).id];
        expect(w.keys[0] !== w.keys[1], 'two different keys');
        const held = [SIMULATOR_PACKAGE, SIMULATOR_LITE_PACKAGE].map(
          (p) => device.provider.restoreKeys.get(p)?.credential.id,
        );
        expect(held[0] === w.keys[0] && held[1] === w.keys[1], 'each package holds its own key');
        return w.keys.map(short).join(' and ');
      },
    },
    {
      title: "The lite app signs out: its key is gone, Shrine's still signs in silently",
      async run(w) {
        const lite = need(w.lite, 'lite app');
        await lite.signOut();
        await rejectsWith(lite.signInWithRestoreKey(), NoCredentialException, 'lite restore sign-in');
        const result = await need(w.shrine, 'Shrine').signInWithRestoreKey();
        expect(result.credentialId === w.keys[0], "Shrine's own key");
        return 'Shrine: signed in; lite: NoCredentialException';
      },
    },
  ],
});
