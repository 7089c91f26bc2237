// Signal API guide, end to end over HTTP: the server's signals, forwarded by the app through
// CredentialManager, hide / unhide / rename in the provider (seen as notifications); throttling.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Device } from '../../packages/provider/src/device.js';
import { NoCredentialException } from '../../packages/credential-manager/src/exceptions/get.js';
import { RpClient, RpError } from '../../packages/credkit/src/story/rp-client.js';
import { ManualClock } from './manual-clock.js';
import { PACKAGE, appOn, phoneWithApp, startE2e, uniqueName, type E2e } from './e2e-harness.js';

let e2e: E2e;
before(async () => {
  e2e = await startE2e();
});
after(async () => {
  await e2e?.close();
});

async function userWithPasskey() {
  const phone = phoneWithApp(e2e);
  const name = uniqueName();
  const user = await phone.app.signUp(name, 'correct horse battery');
  const passkeyId = await phone.app.createPasskey();
  return { ...phone, account: phone.account!, user, name, passkeyId };
}

describe('signals end to end', () => {
  it('deleted on the web: the next sign-in gets 404 unknown_credential and the unknownCredential signal hides the passkey', async () => {
    const a = await userWithPasskey();
    // the user deletes the passkey from the web account page (another session)
    const web = new RpClient(e2e.url);
    await web.post('/api/signin/password', { username: a.name, password: 'correct horse battery' });
    await web.call('DELETE', `/api/passkeys/${a.passkeyId}`);
    // the phone still offers it (the web session's signal never reached the phone) ...
    await assert.rejects(
      a.app.signIn(),
      (e) => e instanceof RpError && e.status === 404 && e.code === 'unknown_credential',
    );
    // ... and the app forwarded the error's unknownCredential signal: now hidden
    const [n] = a.device.notifications.list('unknownCredential');
    assert.deepEqual(n?.credentialIds, [a.passkeyId]);
    assert.equal(n?.packageName, PACKAGE);
    await assert.rejects(a.app.signIn(), NoCredentialException);
  });

  it('deleted in the app: allAcceptedCredentials hides it on every phone of the account; a later list unhides it', async () => {
    const a = await userWithPasskey();
    const phoneB = new Device({ screenLock: '2222', account: a.account, assetLinks: e2e.assetLinks });
    const appB = appOn(phoneB, e2e);
    await a.app.deletePasskey(a.passkeyId);
    assert.deepEqual(a.device.notifications.list('allAcceptedCredentials').at(-1)?.credentialIds, [
      a.passkeyId,
    ]);
    await assert.rejects(appB.signIn(), NoCredentialException, 'synced: hidden on phone B too');
    // the RP lists it again (e.g. the deletion was undone): the provider unhides it
    await a.app.applySignals({
      allAcceptedCredentials: {
        rpId: 'localhost',
        userId: a.user.id,
        allAcceptedCredentialIds: [a.passkeyId],
      },
    });
    assert.equal(a.account.passkeys.credentials({ includeHidden: false }).length, 1);
  });

  it('rename: currentUserDetails updates the name and display name in the provider', async () => {
    const a = await userWithPasskey();
    const renamed = `${a.name}-new`;
    await a.app.updateProfile({ username: renamed, displayName: 'New Name' });
    const [stored] = a.account.passkeys.credentials();
    assert.equal(stored?.userName, renamed);
    assert.equal(stored?.userDisplayName, 'New Name');
    assert.equal(a.device.notifications.list('currentUserDetails').length, 1);
    // the selector shows the new name
    const options = await a.app.rp.post('/api/webauthn/authentication/options', {});
    const { credentialEntries } = await a.device.provider.onBeginGetCredential({
      option: new (
        await import('../../packages/credential-manager/src/requests/get-public-key-credential-option.js')
      ).GetPublicKeyCredentialOption(JSON.stringify(options)),
      callingApp: (
        await import('../../packages/credential-manager/src/calling-app.js')
      ).CallingAppInfo.fromApp(a.device.context(a.app.packageName)),
    });
    assert.equal(credentialEntries[0]?.displayName, renamed);
  });

  it('throttled: the app sends 10 signals within 120 s, keeps the 11th and sends it when the window allows', async () => {
    const clock = new ManualClock();
    const phone = phoneWithApp(e2e, { now: clock.now }, { signalBudget: { schedule: clock.schedule } });
    const name = uniqueName();
    const user = await phone.app.signUp(name, 'correct horse battery');
    await phone.app.createPasskey(); // registration forwarded 1 signal (allAcceptedCredentials)
    const signals = (n: number) => ({
      currentUserDetails: { rpId: 'localhost', userId: user.id, name, displayName: `Alice ${n}` },
    });
    for (let i = 0; i < 9; i++) await phone.app.applySignals(signals(i));
    assert.equal(phone.app.signals.sent.length, 10);
    assert.equal(phone.device.notifications.list('currentUserDetails').length, 9);
    // the 11th and 12th: the same kind for the same user, so only the newest waits
    await phone.app.applySignals(signals(10));
    await phone.app.applySignals(signals(11));
    assert.equal(phone.app.signals.pending.length, 1);
    assert.equal(phone.app.signals.superseded.length, 1);
    assert.equal(phone.app.signals.failures.length, 0, 'the provider was never asked beyond the budget');
    await clock.advance(120_000);
    assert.equal(phone.app.signals.pending.length, 0);
    assert.equal(phone.account!.passkeys.credentials()[0]?.userDisplayName, 'Alice 11');
    assert.equal(phone.device.notifications.list('currentUserDetails').length, 10);
  });
});
