// Options fetched at app start expire: the first verify gets 400 challenge_expired, the app fetches new
// options once and signs in. The server decides the TTL; a server whose TTL is too long to wait out here
// does not play the scenario (its steps are skipped with the reason).
import { setTimeout as sleep } from 'node:timers/promises';
import type { AndroidApp } from '../android-app.js';
import { expect, need } from '../expect.js';
import { scenario, type Stage } from '../scenario.js';
import { NotPlayed } from '../steps.js';
import { PASSWORD, person, phone, type Person } from './cast.js';

/** The longest challenge TTL simulate waits out. */
export const MAX_WAIT_MS = 30_000;

interface World {
  stage: Stage;
  who: Person;
  app?: AndroidApp;
  passkeyId?: string;
}

export const CHALLENGE_EXPIRED = scenario<World>({
  name: 'challenge-expired',
  summary: 'sign-in options fetched at app start expire; the app refetches once',
  world: (stage) => ({ stage, who: person() }),
  steps: [
    {
      title: 'The app fetches sign-in options at start; the user waits past the challenge TTL',
      async run(w) {
        const { app } = phone(w.stage, w.who);
        w.app = app;
        await app.signUp(w.who.username, PASSWORD);
        w.passkeyId = await app.createPasskey();
        const { timeout } = await app.rp.post('/api/webauthn/authentication/options', {});
        if (typeof timeout !== 'number' || timeout > MAX_WAIT_MS)
          throw new NotPlayed(
            `the server's challenge TTL (${timeout} ms) is longer than ${MAX_WAIT_MS} ms; start it with CHALLENGE_TTL_SECONDS=3`,
          );
        await app.prefetchSignInOptions();
        await sleep(timeout + 250);
        return `waited ${timeout + 250} ms`;
      },
    },
    {
      title: 'Sign in: 400 challenge_expired, the app fetches new options once and signs in',
      async run(w) {
        const app = need(w.app, 'app');
        const result = await app.signIn();
        expect(result.credentialId === w.passkeyId, 'signed in with the passkey');
        expect(app.optionsRefetched === 1, `refetched ${app.optionsRefetched} times`);
        return 'one refetch';
      },
    },
  ],
});
