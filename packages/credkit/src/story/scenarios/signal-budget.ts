// The Signal API's rate rule on the app side (10 calls per 120 s) on a virtual clock: ten signals go out,
// the next ones wait in the app (a newer one of the same kind for the same user supersedes the waiting one),
// and the waiting signal goes out when the oldest call leaves the window.
import type { Device } from '@credkit/provider';
import type { AndroidApp } from '../android-app.js';
import { expect, need } from '../expect.js';
import { scenario, type Stage } from '../scenario.js';
import { VirtualClock } from '../virtual-clock.js';
import { PASSWORD, person, phone, type Person } from './cast.js';

interface World {
  stage: Stage;
  who: Person;
  clock: VirtualClock;
  device?: Device;
  app?: AndroidApp;
  firstCallAt?: number;
}

export const SIGNAL_BUDGET = scenario<World>({
  name: 'signal-budget',
  summary: 'signals over the 10-per-120-s budget wait in the app and go out when the window allows',
  world: (stage) => ({ stage, who: person(), clock: new VirtualClock(Date.now()) }),
  steps: [
    {
      title: 'Ten signals within 120 s: a passkey, then nine renames; all reach the provider',
      async run(w) {
        Object.assign(
          w,
          phone(w.stage, w.who, { now: w.clock.now }, { signalBudget: { schedule: w.clock.schedule } }),
        );
        const app = need(w.app, 'app');
        await app.signUp(w.who.username, PASSWORD, 'Alice');
        w.firstCallAt = w.clock.now();
        await app.createPasskey(); // the registration's allAcceptedCredentials: call 1
        for (let i = 2; i <= 10; i++) {
          await w.clock.advance(1_000);
          await app.updateProfile({ displayName: `Alice ${i}` });
        }
        expect(app.signals.sent.length === 10 && app.signals.pending.length === 0, 'ten sent, none waiting');
        return '10 calls in 9 s';
      },
    },
    {
      title: 'The 11th and 12th wait in the app; the 12th (same user, same kind) supersedes the 11th',
      async run(w) {
        const app = need(w.app, 'app');
        await app.updateProfile({ displayName: 'Alice 11' });
        await app.updateProfile({ displayName: 'Alice Final' });
        expect(app.signals.sent.length === 10, 'no 11th call to Credential Manager');
        expect(
          app.signals.pending.length === 1 && app.signals.superseded.length === 1,
          'one waits, one dropped',
        );
        expect(app.signals.failures.length === 0, 'the provider never refused: the app kept to the budget');
        expect(
          app.signals.retryAt === need(w.firstCallAt, 'first call') + 120_000,
          'retry at the window edge',
        );
        return `retry at +${(app.signals.retryAt! - w.clock.now()) / 1000} s`;
      },
    },
    {
      title: 'At the window edge the waiting signal goes out: the provider shows the newest name',
      async run(w) {
        const app = need(w.app, 'app');
        const waiting = (): number => app.signals.pending.length;
        await w.clock.advance(need(app.signals.retryAt, 'retry') - 1 - w.clock.now());
        expect(waiting() === 1, 'a millisecond early: still waiting');
        await w.clock.advance(1);
        expect(waiting() === 0 && app.signals.sent.length === 11, 'sent at the edge');
        const [stored] = w.who.account.passkeys.credentials();
        expect(stored?.userDisplayName === 'Alice Final', `the provider shows ${stored?.userDisplayName}`);
        return `provider: "${stored.userDisplayName}"`;
      },
    },
  ],
});
