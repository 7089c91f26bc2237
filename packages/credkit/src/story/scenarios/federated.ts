// Federated sign-in (sign-in guide, "Handle the response"): an ID-token provider enabled beside the device's
// own answers Sign in with Google's option with a CustomCredential; the app's CustomCredential branch reads
// it and its backend checks the ID token. credkit's server has no federated endpoint, so the story plays the
// backend with verifyIdToken (issuer, audience, nonce, signature).
import type { Device } from '@credkit/provider';
import { TYPE_GOOGLE_ID_TOKEN_CREDENTIAL } from '@credkit/provider';
import { verifyIdToken } from '@credkit/provider';
import { IdTokenProvider } from '@credkit/provider';
import type { AndroidApp, FederatedSignIn } from '../android-app.js';
import { expect, need } from '../expect.js';
import { scenario, type Stage } from '../scenario.js';
import { appOn, person, phone, type Person } from './cast.js';

const SERVER_CLIENT_ID = 'shrine-backend.apps.idp.example';

interface World {
  stage: Stage;
  who: Person;
  idp: IdTokenProvider;
  checked: string[];
  device?: Device;
  app?: AndroidApp;
}

function backend(w: World): FederatedSignIn['backend'] {
  return async (idToken, nonce) => {
    const claims = verifyIdToken(idToken, {
      issuer: w.idp.issuer,
      audience: SERVER_CLIENT_ID,
      publicKey: w.idp.signer.publicKey,
      ...(nonce !== undefined ? { nonce } : {}),
    });
    w.checked.push(claims.email);
    return { id: claims.sub, username: claims.email, displayName: claims.name ?? claims.email };
  };
}

export const FEDERATED = scenario<World>({
  name: 'federated',
  summary: 'Sign in with Google: a CustomCredential from a second provider, handled by the app',
  world: (stage) => {
    const who = person('dana');
    return {
      stage,
      who,
      idp: new IdTokenProvider({ accounts: [{ email: `${who.username}@idp.example`, displayName: 'Dana' }] }),
      checked: [],
    };
  },
  steps: [
    {
      title: "Install an ID-token provider beside the device's own and enable it",
      async run(w) {
        const { device } = phone(w.stage, w.who);
        device.providerSettings.install(w.idp);
        device.providerSettings.setEnabled(w.idp.id, true);
        w.device = device;
        w.app = appOn(w.stage, device, {
          federated: {
            serverClientId: SERVER_CLIENT_ID,
            backend: backend(w),
            filterByAuthorizedAccounts: false,
          },
        });
        return `${device.providerSettings.active().length} providers enabled`;
      },
    },
    {
      title: 'Sign in: the selector offers the Google account; the app reads the CustomCredential',
      async run(w) {
        let offered: string[] = [];
        need(w.device, 'phone').chooser = (request) => {
          if (request.kind === 'get') offered = request.choices.map((c) => c.optionType);
          return 0;
        };
        const result = await need(w.app, 'app').signIn();
        expect(offered.includes(TYPE_GOOGLE_ID_TOKEN_CREDENTIAL), 'the Google account should be offered');
        expect(result.via === 'federated', `signed in via ${result.via}`);
        expect(w.checked.length === 1, 'the backend checked the ID token');
        return `${result.credentialId}: ID token checked (iss, aud, nonce, signature)`;
      },
    },
  ],
});
