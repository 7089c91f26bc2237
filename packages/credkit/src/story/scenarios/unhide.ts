// Unhide on a later accepted list: on phone B (another provider account), a stale allAcceptedCredentials
// (sent before phone B's passkey existed, arriving late) hides that passkey; the next accepted list from the
// server names it again and the provider unhides it.
import type { Device } from '@credkit/provider';
import type { AndroidApp } from '../android-app.js';
import { expect, need } from '../expect.js';
import { scenario, type Stage } from '../scenario.js';
import { PASSWORD, person, phone, short, type Person } from './cast.js';

interface World {
  stage: Stage;
  who: Person;
  /** Phone B's provider account (the user's second password manager). */
  second: Person;
  phoneB?: Device;
  appB?: AndroidApp;
  userId?: string;
  passkeyA?: string;
  passkeyB?: string;
}

const visibleOnB = (w: World) =>
  w.second.account.passkeys.credentials({ includeHidden: false }).map((c) => c.id);

export const UNHIDE = scenario<World>({
  name: 'unhide',
  summary: 'a stale accepted list hides a passkey; a later accepted list unhides it',
  world: (stage) => ({ stage, who: person(), second: person('alice-vault') }),
  steps: [
    {
      title: "Passkeys on phone A and phone B; a stale accepted list (from before B's) hides B's",
      async run(w) {
        const a = phone(w.stage, w.who);
        w.userId = (await a.app.signUp(w.who.username, PASSWORD)).id;
        w.passkeyA = await a.app.createPasskey();
        const b = phone(w.stage, w.second);
        Object.assign(w, { phoneB: b.device, appB: b.app });
        await b.app.signInWithPassword(w.who.username, PASSWORD);
        w.passkeyB = await b.app.createPasskey();
        // what the server sent after phone A's registration, delivered late to phone B (e.g. from a queue)
        await b.app.applySignals({
          allAcceptedCredentials: {
            rpId: w.stage.rpId,
            userId: w.userId,
            allAcceptedCredentialIds: [w.passkeyA],
          },
        });
        expect(!visibleOnB(w).includes(w.passkeyB), "phone B's passkey is hidden");
        return `hidden ${short(w.passkeyB)}`;
      },
    },
    {
      title: "Phone B's next call gets the server's accepted list naming it: the provider unhides it",
      async run(w) {
        const passkeyB = need(w.passkeyB, "phone B's passkey");
        await need(w.appB, 'app B').createRestoreKey(); // the registration answer carries allAcceptedCredentials
        expect(visibleOnB(w).includes(passkeyB), "phone B's passkey is offered again");
        const n = need(w.phoneB, 'phone B').notifications.list('allAcceptedCredentials').at(-1);
        expect(n?.credentialIds.includes(passkeyB), 'a notification names the unhidden passkey');
        return `unhidden ${short(passkeyB)}`;
      },
    },
  ],
});
