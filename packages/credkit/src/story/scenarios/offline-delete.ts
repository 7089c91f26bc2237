// A passkey deleted on the server while the phone was offline: the web's signal never reached the phone, so
// the phone still offers the passkey; the sign-in's 404 unknown_credential carries unknownCredential, the app
// forwards it and the provider hides the passkey.
import { NoCredentialException } from '@credkit/credential-manager';
import type { Device } from '@credkit/provider';
import type { AndroidApp } from '../android-app.js';
import { expect, need, offersPasskey, rejectsWith } from '../expect.js';
import { RpClient, RpError } from '../rp-client.js';
import { scenario, type Stage } from '../scenario.js';
import { PASSWORD, person, signedUpPhone, short, type Person } from './cast.js';

interface World {
  stage: Stage;
  who: Person;
  device?: Device;
  app?: AndroidApp;
  passkeyId?: string;
}

export const OFFLINE_DELETE = scenario<World>({
  name: 'offline-delete',
  summary: 'a passkey deleted on the server while the phone was offline; the 404 hides it',
  world: (stage) => ({ stage, who: person() }),
  steps: [
    {
      title: 'Sign up on the phone and create a passkey',
      async run(w) {
        w.passkeyId = await (await signedUpPhone(w)).createPasskey();
        return `passkey ${short(w.passkeyId)}`;
      },
    },
    {
      title: 'The phone is offline; the passkey is deleted from the web account page',
      async run(w) {
        const web = new RpClient(w.stage.serverUrl);
        await web.post('/api/signin/password', { username: w.who.username, password: PASSWORD });
        await web.call('DELETE', `/api/passkeys/${encodeURIComponent(need(w.passkeyId, 'passkey'))}`);
        expect(await offersPasskey(need(w.app, 'app')), 'the phone should still offer the passkey');
        return "the web's allAcceptedCredentials signal reached only the web";
      },
    },
    {
      title: 'Sign in on the phone: 404 unknown_credential carries unknownCredential; the provider hides it',
      async run(w) {
        const app = need(w.app, 'app');
        const e = await rejectsWith(app.signIn(), RpError, 'sign-in with the deleted passkey');
        expect(e.status === 404 && e.code === 'unknown_credential', `got ${e.status} ${e.code}`);
        expect(
          e.signals.unknownCredential?.credentialId === w.passkeyId,
          'the error should carry signals.unknownCredential for the passkey',
        );
        const n = need(w.device, 'phone').notifications.list('unknownCredential').at(-1);
        expect(n?.credentialIds.includes(w.passkeyId!), 'the provider should say it hid the passkey');
        await rejectsWith(app.signIn(), NoCredentialException, 'the next sign-in');
        return `notification "${n!.title}"; next sign-in: NoCredentialException`;
      },
    },
  ],
});
