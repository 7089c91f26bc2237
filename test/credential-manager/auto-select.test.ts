// isAutoSelectAllowed: a lone entry is picked without showing the selector, but only when both the app's
// option (CredentialOption.isAutoSelectAllowed) and the provider's entry (CredentialEntry.isAutoSelectAllowed)
// allow it; a lone create choice is saved without the sheet when the create request allows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as cm from '../../packages/credential-manager/src/index.js';
import { MemoryProvider } from './helpers/memory-provider.js';

const cert = Buffer.from('app signing certificate (DER stand-in)');

function setup(providers: cm.CredentialProvider[]) {
  const shown: number[] = [];
  const context: cm.Context = {
    packageName: 'com.example.app',
    signingCertificateSha256: createHash('sha256').update(cert).digest(),
    credentialProviders: providers,
    chooser: (r) => (shown.push(r.choices.length), 0),
  };
  return { context, manager: cm.CredentialManager.create(context), shown };
}

const creation = JSON.stringify({
  rp: { id: 'example.com', name: 'Example' },
  user: { id: 'dXNlci0x', name: 'alice@example.com', displayName: 'Alice' },
  challenge: 'Y3JlYXRlLWNoYWxsZW5nZS0x',
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
});
const passkeyOption = () =>
  new cm.GetPublicKeyCredentialOption(
    JSON.stringify({ challenge: 'Z2V0LWNoYWxsZW5nZQ', rpId: 'example.com' }),
  );

test('a lone passkey is auto-selected when the provider allows it (GetPublicKeyCredentialOption always does)', async () => {
  const provider = new MemoryProvider('vault');
  const { context, manager, shown } = setup([provider]);
  await manager.createCredential(context, new cm.CreatePublicKeyCredentialRequest(creation));
  shown.length = 0;
  assert.equal(passkeyOption().isAutoSelectAllowed, true);

  await manager.getCredential(context, new cm.GetCredentialRequest([passkeyOption()]));
  assert.deepEqual(shown, [1], 'the provider did not allow it: the selector shows the one entry');

  provider.autoSelect = true;
  const got = await manager.getCredential(context, new cm.GetCredentialRequest([passkeyOption()]));
  assert.ok(got.credential instanceof cm.PublicKeyCredential);
  assert.deepEqual(shown, [1], 'auto-selected: no selector');

  // two passkeys: the user chooses
  await manager.createCredential(context, new cm.CreatePublicKeyCredentialRequest(creation));
  await manager.getCredential(context, new cm.GetCredentialRequest([passkeyOption()]));
  assert.deepEqual(shown, [1, 1, 2]);
});

test('the option must allow it too: GetPasswordOption defaults to false', async () => {
  const provider = new MemoryProvider('vault');
  provider.autoSelect = true;
  provider.passwords.set('alice', 'pw');
  const { context, manager, shown } = setup([provider]);
  await manager.getCredential(context, new cm.GetCredentialRequest([new cm.GetPasswordOption()]));
  assert.deepEqual(shown, [1]);
  const got = await manager.getCredential(
    context,
    new cm.GetCredentialRequest([new cm.GetPasswordOption({ isAutoSelectAllowed: true })]),
  );
  assert.equal((got.credential as cm.PasswordCredential).password, 'pw');
  assert.deepEqual(shown, [1]);
});

test('any other entry on the selector (a remote entry, a second provider) prevents auto-select', async () => {
  const a = new MemoryProvider('a');
  const b = new MemoryProvider('b');
  a.autoSelect = true;
  b.autoSelect = true;
  a.passwords.set('alice', 'pw');
  const options = { isAutoSelectAllowed: true };
  const one = setup([a]);
  a.hasRemote = true;
  await one.manager.getCredential(
    one.context,
    new cm.GetCredentialRequest([new cm.GetPasswordOption(options)]),
  );
  assert.deepEqual(one.shown, [2]);
  // preferImmediatelyAvailableCredentials leaves out the remote entry: the local one is alone again
  await one.manager.getCredential(
    one.context,
    new cm.GetCredentialRequest([new cm.GetPasswordOption(options)], {
      preferImmediatelyAvailableCredentials: true,
    }),
  );
  assert.deepEqual(one.shown, [2]);
  a.hasRemote = false;
  b.passwords.set('bob', 'pw2');
  const two = setup([a, b]);
  await two.manager.getCredential(
    two.context,
    new cm.GetCredentialRequest([new cm.GetPasswordOption(options)]),
  );
  assert.deepEqual(two.shown, [2]);
  // a locked provider's unlock action is not a credential: never auto-selected
  a.locked = true;
  const locked = setup([a]);
  await assert.rejects(
    locked.manager.getCredential(
      locked.context,
      new cm.GetCredentialRequest([new cm.GetPasswordOption(options)]),
    ),
    cm.GetCredentialUnknownException,
  );
  assert.deepEqual(locked.shown, [1]);
});

test('create: a lone choice is saved without the sheet only when the request allows auto-select', async () => {
  const provider = new MemoryProvider('vault');
  const { context, manager, shown } = setup([provider]);
  await manager.createCredential(context, new cm.CreatePasswordRequest('alice', 'pw'));
  assert.deepEqual(shown, [1]);
  await manager.createCredential(
    context,
    new cm.CreatePasswordRequest('bob', 'pw', { isAutoSelectAllowed: true }),
  );
  assert.deepEqual(shown, [1]);
  assert.equal(provider.passwords.get('bob'), 'pw');
  const two = setup([provider, new MemoryProvider('other')]);
  await two.manager.createCredential(
    two.context,
    new cm.CreatePublicKeyCredentialRequest(creation, { isAutoSelectAllowed: true }),
  );
  assert.deepEqual(two.shown, [2]);
});
