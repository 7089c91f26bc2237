// A password chosen in the selector: the app saved it with CreatePasswordRequest; the sign-in request offers
// passkeys and passwords; the user picks the password and the app signs in with it.
import { TYPE_PASSWORD_CREDENTIAL } from '@credkit/credential-manager';
import type { Device } from '@credkit/provider';
import type { AndroidApp } from '../android-app.js';
import { expect, need } from '../expect.js';
import { scenario, type Stage } from '../scenario.js';
import { PASSWORD, person, signedUpPhone, type Person } from './cast.js';

interface World {
  stage: Stage;
  who: Person;
  device?: Device;
  app?: AndroidApp;
}

export const PASSWORD_CHOSEN = scenario<World>({
  name: 'password',
  summary: 'a saved password chosen in the selector next to a passkey',
  world: (stage) => ({ stage, who: person() }),
  steps: [
    {
      title: 'Sign up, save the password with CreatePasswordRequest, create a passkey',
      async run(w) {
        const app = await signedUpPhone(w);
        await app.savePassword(w.who.username, PASSWORD);
        await app.createPasskey();
        expect(w.who.account.passwords.list(app.packageName).length === 1, 'the provider holds the password');
        return 'password and passkey saved';
      },
    },
    {
      title: 'Sign in: the selector offers both; the user picks the password',
      async run(w) {
        const device = need(w.device, 'phone');
        let offered: string[] = [];
        device.chooser = (request) => {
          if (request.kind !== 'get') return 0;
          offered = request.choices.map((c) => c.optionType);
          return offered.indexOf(TYPE_PASSWORD_CREDENTIAL);
        };
        const result = await need(w.app, 'app').signIn();
        expect(offered.length === 2, `the selector should show 2 entries, showed ${offered.length}`);
        expect(result.via === 'password' && result.user.username === w.who.username, 'signed in with it');
        return `selector: ${offered.length} entries; signed in with the password`;
      },
    },
  ],
});
