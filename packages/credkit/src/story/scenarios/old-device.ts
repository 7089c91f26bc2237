// Platform gates on older phones: restore keys need Android 9 and Play services 242200000,
// prepareGetCredential Android 14, the Signal API Android 15. Each call fails the way the library fails
// there (a ProviderConfigurationException); the rest of the app keeps working.
import { CreateCredentialProviderConfigurationException } from '@credkit/credential-manager';
import { GetCredentialProviderConfigurationException } from '@credkit/credential-manager';
import { SignalCredentialStateProviderConfigurationException } from '@credkit/credential-manager';
import { expect, offersPasskey, rejectsWith } from '../expect.js';
import { scenario, type Stage } from '../scenario.js';
import { PASSWORD, person, phone, type Person } from './cast.js';

interface World {
  stage: Stage;
}

const onPhone = async (w: World, apiLevel: number, playServicesVersion: number | null = 254_625_000) => {
  const who: Person = person();
  const p = phone(w.stage, who, { apiLevel, playServicesVersion });
  await p.app.signUp(who.username, PASSWORD);
  return { ...p, who };
};

export const OLD_DEVICE = scenario<World>({
  name: 'old-device',
  summary: 'platform gates: restore keys on Android 8.1, prepareGetCredential on 13, signals on 14',
  world: (stage) => ({ stage }),
  steps: [
    {
      title:
        'Android 8.1 (API 27): creating a restore key fails with CreateCredentialProviderConfigurationException',
      async run(w) {
        const { app } = await onPhone(w, 27);
        const e = await rejectsWith(
          app.createRestoreKey(),
          CreateCredentialProviderConfigurationException,
          'restore key on API 27',
        );
        return e.message;
      },
    },
    {
      title: 'Android 9 with an old Play services (24.1): restore keys fail the same way',
      async run(w) {
        const { app } = await onPhone(w, 28, 241_000_000);
        await rejectsWith(
          app.createRestoreKey(),
          CreateCredentialProviderConfigurationException,
          'restore key with Play services 241000000',
        );
        return 'needs 242200000';
      },
    },
    {
      title: 'Android 13 (API 33): prepareGetCredential fails; getCredential itself signs in',
      async run(w) {
        const { app } = await onPhone(w, 33);
        const passkeyId = await app.createPasskey();
        await rejectsWith(
          offersPasskey(app),
          GetCredentialProviderConfigurationException,
          'prepareGetCredential',
        );
        const result = await app.signIn();
        expect(result.credentialId === passkeyId, 'signed in with the passkey');
        return 'prepare: GetCredentialProviderConfigurationException; sign-in works';
      },
    },
    {
      title:
        'Android 14 (API 34): signals fail with SignalCredentialStateProviderConfigurationException; the app goes on',
      async run(w) {
        const { app } = await onPhone(w, 34);
        await app.createPasskey(); // its allAcceptedCredentials signal cannot be sent
        const [failure] = app.signals.failures;
        expect(
          failure instanceof SignalCredentialStateProviderConfigurationException,
          `the app should keep the failure, got ${String(failure)}`,
        );
        expect(app.signals.pending.length === 0, 'not retried: it will never work on this phone');
        return failure.type;
      },
    },
  ],
});
