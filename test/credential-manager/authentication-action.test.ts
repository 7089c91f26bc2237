// CredentialManager and a locked provider: picking the provider's authentication action calls
// onAuthenticationAction, and the selector is shown again with what the provider then offers. A provider
// without onAuthenticationAction gets the action in onGetCredential, as before. Also, through a bare
// Context: the platform versions gate the calls, and platformFault fails a call before any provider is asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as cm from '../../packages/credential-manager/src/index.js';
import { MemoryProvider } from './helpers/memory-provider.js';

class UnlockableProvider extends MemoryProvider {
  unlocks = 0;
  async onAuthenticationAction(request: cm.ProviderAuthenticationActionRequest) {
    this.unlocks++;
    this.locked = false;
    return this.onBeginGetCredential(request);
  }
}

function setup(provider: cm.CredentialProvider, choose: cm.Chooser, extra: Partial<cm.Context> = {}) {
  const context: cm.Context = {
    packageName: 'com.example.app',
    signingCertificate: new Uint8Array(32).fill(7),
    credentialProviders: [provider],
    chooser: choose,
    ...extra,
  };
  return { context, manager: cm.CredentialManager.create(context) };
}

const passwordGet = () => new cm.GetCredentialRequest([new cm.GetPasswordOption()]);

test('an unlock action re-queries the provider and shows the selector again', async () => {
  const provider = new UnlockableProvider('vault');
  provider.passwords.set('alice', 'hunter2');
  provider.locked = true;
  const sheets: string[][] = [];
  const { context, manager } = setup(provider, (r) => {
    sheets.push(r.choices.map((c) => ('selected' in c ? `${c.selected.kind}:${c.selected.entry.id}` : '')));
    return 0;
  });
  const response = await manager.getCredential(context, passwordGet());
  assert.ok(response.credential instanceof cm.PasswordCredential);
  assert.equal(response.credential.password, 'hunter2');
  assert.deepEqual(sheets, [['authentication:unlock'], ['credential:alice']]);
  assert.equal(provider.unlocks, 1);
  assert.ok(
    !provider.calls.some((c) => c.startsWith('get:authentication')),
    'onGetCredential never saw the action',
  );
});

test('cancelling the second sheet is a cancellation', async () => {
  const provider = new UnlockableProvider('vault');
  provider.passwords.set('alice', 'hunter2');
  provider.locked = true;
  let shown = 0;
  const { context, manager } = setup(provider, () => (shown++ === 0 ? 0 : null));
  await assert.rejects(manager.getCredential(context, passwordGet()), cm.GetCredentialCancellationException);
});

test('a provider without onAuthenticationAction receives the action in onGetCredential', async () => {
  const provider = new MemoryProvider('plain');
  provider.locked = true;
  const { context, manager } = setup(provider, () => 0);
  // MemoryProvider does not support it: its plain Error becomes the family's Unknown exception
  await assert.rejects(manager.getCredential(context, passwordGet()), cm.GetCredentialUnknownException);
  assert.ok(provider.calls.includes('get:authentication:unlock'));
});

test('a Context without platform versions is a current device; with them the gates apply', async () => {
  const provider = new MemoryProvider('p', true);
  const current = setup(provider, () => 0);
  await current.manager.prepareGetCredential(passwordGet());
  const old = setup(provider, () => 0, { platform: { sdkInt: 33, playServicesVersion: 250_000_000 } });
  await assert.rejects(
    old.manager.prepareGetCredential(passwordGet()),
    cm.GetCredentialProviderConfigurationException,
  );
  // getCredential itself is not gated: it reaches the provider, which has nothing saved
  await assert.rejects(old.manager.getCredential(old.context, passwordGet()), cm.NoCredentialException);
});

test('platformFault fails the call before any provider is asked, with the call it was asked about', async () => {
  const provider = new MemoryProvider('p');
  const seen: [cm.CredentialManagerApi, cm.PlatformCall][] = [];
  const { context, manager } = setup(provider, () => 0, {
    platformFault: (api, call) => {
      seen.push([api, call]);
      return api === 'getCredential' ? new cm.GetCredentialInterruptedException() : undefined;
    },
  });
  await assert.rejects(manager.getCredential(context, passwordGet()), cm.GetCredentialInterruptedException);
  assert.deepEqual(provider.calls, []);
  await manager.createCredential(context, new cm.CreatePasswordRequest('alice', 'pw'));
  assert.deepEqual(seen, [
    ['getCredential', { packageName: 'com.example.app', types: [cm.TYPE_PASSWORD_CREDENTIAL] }],
    ['createCredential', { packageName: 'com.example.app', types: [cm.TYPE_PASSWORD_CREDENTIAL] }],
  ]);
});
