// Signal API guide, end to end over HTTP: the server's signals, forwarded by the app through
// CredentialManager, hide / unhide / rename in the provider (seen as notifications); throttling.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Device } from '../../src/provider/device.js';
import { SignalCredentialRateLimitExceededException } from '../../src/credential-manager/exceptions/signal.js';
import { NoCredentialException } from '../../src/credential-manager/exceptions/get.js';
import { RpClient, RpError } from '../../src/provider/story/rp-client.js';
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
        await import('../../src/credential-manager/requests/get-public-key-credential-option.js')
      ).GetPublicKeyCredentialOption(JSON.stringify(options)),
      callingApp: (await import('../../src/credential-manager/calling-app.js')).CallingAppInfo.fromApp(
        a.device.context(a.app.packageName),
      ),
    });
    assert.equal(credentialEntries[0]?.displayName, renamed);
  });

  it('throttled: the 11th signal within 120 s fails with SignalCredentialRateLimitExceededException and the time to wait', async () => {
    const a = await userWithPasskey(); // registration forwarded 1 signal
    const signals = {
      currentUserDetails: { rpId: 'localhost', userId: a.user.id, name: a.name, displayName: 'Alice' },
    };
    for (let i = 0; i < 9; i++) await a.app.applySignals(signals);
    const failures = a.app.signalFailures;
    assert.equal(failures.length, 0);
    await a.app.applySignals(signals);
    assert.equal(failures.length, 1);
    const failure = failures[0];
    assert.ok(failure instanceof SignalCredentialRateLimitExceededException);
    assert.ok(failure.retryMillis > 0 && failure.retryMillis <= 120_000);
    assert.equal(failure.type, 'androidx.credentials.SignalCredentialStateException.RATE_LIMIT_EXCEEDED');
  });
});
