// prepareGetCredential, then getCredential with the pending handle (sign-in guide, step 3): the query runs
// without UI, the handle finishes the request once.
import { IllegalStateException } from '@credkit/credential-manager';
import { GetCredentialRequest } from '@credkit/credential-manager';
import { GetPasswordOption } from '@credkit/credential-manager';
import { GetPublicKeyCredentialOption } from '@credkit/credential-manager';
import type { PrepareGetCredentialResponse } from '@credkit/credential-manager';
import { PublicKeyCredential } from '@credkit/credential-manager';
import { TYPE_PASSWORD_CREDENTIAL, TYPE_PUBLIC_KEY_CREDENTIAL } from '@credkit/credential-manager';
import type { AndroidApp } from '../android-app.js';
import { expect, need, rejectsWith } from '../expect.js';
import { scenario, type Stage } from '../scenario.js';
import { PASSWORD, person, phone, type Person } from './cast.js';

interface World {
  stage: Stage;
  who: Person;
  app?: AndroidApp;
  passkeyId?: string;
  prepared?: PrepareGetCredentialResponse;
}

export const PREPARE_GET = scenario<World>({
  name: 'prepare-get',
  summary: 'prepareGetCredential, then getCredential with the pending handle (once)',
  world: (stage) => ({ stage, who: person() }),
  steps: [
    {
      title: 'prepareGetCredential: a passkey is there, no password, nothing remote; no UI',
      async run(w) {
        const { device, app } = phone(w.stage, w.who);
        w.app = app;
        await app.signUp(w.who.username, PASSWORD);
        w.passkeyId = await app.createPasskey();
        let shown = false;
        device.chooser = () => ((shown = true), 0);
        const options = await app.rp.post('/api/webauthn/authentication/options', {});
        w.prepared = await app.credentialManager.prepareGetCredential(
          new GetCredentialRequest([
            new GetPublicKeyCredentialOption(JSON.stringify(options)),
            new GetPasswordOption(),
          ]),
        );
        expect(!shown, 'prepareGetCredential shows no UI');
        expect(w.prepared.hasCredentialResults(TYPE_PUBLIC_KEY_CREDENTIAL), 'a passkey result');
        expect(!w.prepared.hasCredentialResults(TYPE_PASSWORD_CREDENTIAL), 'no password saved');
        expect(!w.prepared.hasRemoteResults() && !w.prepared.hasAuthenticationResults(), 'nothing else');
        return 'hasCredentialResults(passkey) = true';
      },
    },
    {
      title: 'getCredential(pendingGetCredentialHandle) signs in; the handle cannot be used twice',
      async run(w) {
        const app = need(w.app, 'app');
        const handle = need(w.prepared, 'prepared response').pendingGetCredentialHandle;
        const { credential } = await app.credentialManager.getCredential(app.context, handle);
        expect(credential instanceof PublicKeyCredential, 'a passkey assertion');
        const result = await app.rp.post(
          '/api/webauthn/authentication/verify',
          JSON.parse(credential.authenticationResponseJson),
        );
        expect(result.credential.id === w.passkeyId, 'signed in with the passkey');
        await rejectsWith(
          app.credentialManager.getCredential(app.context, handle),
          IllegalStateException,
          'a second use of the handle',
        );
        return 'second use: IllegalStateException';
      },
    },
  ],
});
