// Cancellation and interruption (sign-in guide, "Handle exceptions"): the user dismisses the selector
// (GetCredentialCancellationException, nothing reaches the server); a fault injected on the device
// interrupts getCredential once (GetCredentialInterruptedException) and the app's one retry signs in; a
// fault in the provider while saving a passkey reaches the app as CreateCredentialInterruptedException.
import { CreateCredentialInterruptedException } from '@credkit/credential-manager';
import {
  GetCredentialCancellationException,
  GetCredentialInterruptedException,
} from '@credkit/credential-manager';
import { chooseFirst } from '@credkit/credential-manager';
import type { Device } from '@credkit/provider';
import type { AndroidApp } from '../android-app.js';
import { expect, need, rejectsWith } from '../expect.js';
import { scenario, type Stage } from '../scenario.js';
import { person, signedUpPhone, type Person } from './cast.js';

interface World {
  stage: Stage;
  who: Person;
  device?: Device;
  app?: AndroidApp;
  passkeyId?: string;
}

export const INTERRUPTIONS = scenario<World>({
  name: 'interruptions',
  summary: 'cancellation at the selector, and interruptions injected on the device and in the provider',
  world: (stage) => ({ stage, who: person() }),
  steps: [
    {
      title: 'The user dismisses the selector: GetCredentialCancellationException',
      async run(w) {
        const app = await signedUpPhone(w);
        w.passkeyId = await app.createPasskey();
        w.device!.chooser = () => null;
        const e = await rejectsWith(app.signIn(), GetCredentialCancellationException, 'dismissed selector');
        w.device!.chooser = chooseFirst;
        return e.type;
      },
    },
    {
      title: 'A fault interrupts getCredential once: the app retries and signs in',
      async run(w) {
        const app = need(w.app, 'app');
        need(w.device, 'phone').faults.next(
          'getCredential',
          new GetCredentialInterruptedException('another sign-in sheet took over'),
        );
        const result = await app.signIn();
        expect(app.interruptedRetries === 1, 'one retry');
        expect(result.credentialId === w.passkeyId, 'signed in with the passkey');
        return 'GetCredentialInterruptedException, then one retry';
      },
    },
    {
      title: 'A fault in the provider while saving a passkey: CreateCredentialInterruptedException',
      async run(w) {
        need(w.device, 'phone').provider.faults.next(
          'onCreateCredential',
          new CreateCredentialInterruptedException('the provider was interrupted'),
        );
        const e = await rejectsWith(
          need(w.app, 'app').createPasskey(),
          CreateCredentialInterruptedException,
          'passkey creation',
        );
        expect(w.who.account.passkeys.credentials().length === 1, 'no second passkey was saved');
        return e.type;
      },
    },
  ],
});
