// GetRestoreCredentialOption must be alone in its request (IllegalArgumentException before any provider is
// asked, also through prepareGetCredential), and providers always see userVerification "discouraged".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as cm from '../../packages/credential-manager/src/index.js';
import { MemoryProvider } from './helpers/memory-provider.js';

function setup() {
  const gms = new MemoryProvider('gms', true);
  gms.passwords.set('alice', 'pw');
  const context: cm.Context = {
    packageName: 'com.example.app',
    signingCertificateSha256: new Uint8Array(32).fill(5),
    credentialProviders: [gms],
  };
  return { gms, context, manager: cm.CredentialManager.create(context) };
}

const restoreOption = (over: Record<string, unknown> = {}) =>
  new cm.GetRestoreCredentialOption(
    JSON.stringify({ challenge: 'cmVzdG9yZS1jaGFsbGVuZ2U', rpId: 'example.com', ...over }),
  );

test('a restore option with any other option (or a second restore option) is an IllegalArgumentException', async () => {
  const { gms, context, manager } = setup();
  for (const options of [
    [restoreOption(), new cm.GetPasswordOption()],
    [new cm.GetPasswordOption(), restoreOption()],
    [restoreOption(), restoreOption()],
    [restoreOption(), new cm.GetPublicKeyCredentialOption('{"challenge":"AAAA"}')],
  ]) {
    const request = new cm.GetCredentialRequest(options);
    await assert.rejects(manager.getCredential(context, request), cm.IllegalArgumentException);
    await assert.rejects(manager.prepareGetCredential(request), cm.IllegalArgumentException);
    assert.throws(
      () => manager.getCredentialAsync(context, request, null, undefined, { onResult() {}, onError() {} }),
      cm.IllegalArgumentException,
    );
  }
  assert.deepEqual(gms.calls, [], 'no provider was asked');
});

test('the provider sees userVerification "discouraged" whatever the app asked, other members unchanged', async () => {
  const { gms, context, manager } = setup();
  await manager.createCredential(
    context,
    new cm.CreateRestoreCredentialRequest(
      JSON.stringify({
        rp: { id: 'example.com', name: 'Example' },
        user: { id: 'dXNlcg', name: 'alice', displayName: 'Alice' },
        challenge: 'Y3JlYXRl',
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      }),
    ),
  );
  for (const userVerification of ['required', 'preferred', undefined]) {
    gms.calls.length = 0;
    const got = await manager.getCredential(
      context,
      new cm.GetCredentialRequest([restoreOption({ userVerification })]),
    );
    assert.ok(got.credential instanceof cm.RestoreCredential);
    const seen = gms.calls.filter((c) => c.startsWith('restoreJson:')).map((c) => JSON.parse(c.slice(12)));
    assert.deepEqual(seen, [
      { challenge: 'cmVzdG9yZS1jaGFsbGVuZ2U', rpId: 'example.com', userVerification: 'discouraged' },
    ]);
  }
});
