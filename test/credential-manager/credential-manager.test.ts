// CredentialManager routing against a real in-memory provider: checks before providers, restore routing,
// the chooser, prepareGetCredential, clear and signal, and the origin that ends up in clientDataJSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import * as cm from '../../packages/credential-manager/src/index.js';
import { MemoryProvider } from './helpers/memory-provider.js';

const cert = Buffer.from('app signing certificate (DER stand-in)');
const appOrigin = `android:apk-key-hash:${createHash('sha256').update(cert).digest('base64url')}`;

function setup(providers: cm.CredentialProvider[], extra: Partial<cm.Context> = {}) {
  const context: cm.Context = {
    packageName: 'com.example.app',
    signingCertificate: cert,
    credentialProviders: providers,
    ...extra,
  };
  return { context, manager: cm.CredentialManager.create(context) };
}

const creation = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    rp: { id: 'example.com', name: 'Example' },
    user: { id: 'dXNlci0x', name: 'alice@example.com', displayName: 'Alice' },
    challenge: 'Y3JlYXRlLWNoYWxsZW5nZS0x',
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    ...over,
  });
const requestOptions = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    challenge: 'Z2V0LWNoYWxsZW5nZS0x',
    rpId: 'example.com',
    userVerification: 'required',
    ...over,
  });

test('passkey: create then get; both verify with @simplewebauthn/server at the apk-key-hash origin', async () => {
  const provider = new MemoryProvider('vault');
  const { context, manager } = setup([provider]);
  const created = await manager.createCredential(
    context,
    new cm.CreatePublicKeyCredentialRequest(creation()),
  );
  assert.ok(created instanceof cm.CreatePublicKeyCredentialResponse);
  const reg = await verifyRegistrationResponse({
    response: JSON.parse(created.registrationResponseJson),
    expectedChallenge: 'Y3JlYXRlLWNoYWxsZW5nZS0x',
    expectedOrigin: appOrigin,
    expectedRPID: 'example.com',
  });
  assert.equal(reg.verified, true);

  const got = await manager.getCredential(
    context,
    new cm.GetCredentialRequest([
      new cm.GetPublicKeyCredentialOption(requestOptions()),
      new cm.GetPasswordOption(),
    ]),
  );
  assert.ok(got.credential instanceof cm.PublicKeyCredential);
  const info = reg.registrationInfo!;
  const auth = await verifyAuthenticationResponse({
    response: JSON.parse(got.credential.authenticationResponseJson),
    expectedChallenge: 'Z2V0LWNoYWxsZW5nZS0x',
    expectedOrigin: appOrigin,
    expectedRPID: 'example.com',
    credential: {
      id: info.credential.id,
      publicKey: info.credential.publicKey,
      counter: info.credential.counter,
    },
    requireUserVerification: true,
  });
  assert.equal(auth.verified, true);
});

test('a privileged browser sets origin; an ordinary app may not', async () => {
  const provider = new MemoryProvider('vault');
  const browser = setup([provider], {
    packageName: 'com.android.chrome',
    permissions: [cm.CREDENTIAL_MANAGER_SET_ORIGIN],
  });
  const res = await browser.manager.createCredential(
    browser.context,
    new cm.CreatePublicKeyCredentialRequest(creation(), { origin: 'https://example.com' }),
  );
  const cdj = JSON.parse(
    Buffer.from(JSON.parse(res.registrationResponseJson).response.clientDataJSON, 'base64url').toString(),
  );
  assert.equal(cdj.origin, 'https://example.com');

  const app = setup([provider]);
  await assert.rejects(
    app.manager.createCredential(
      app.context,
      new cm.CreatePublicKeyCredentialRequest(creation(), { origin: 'https://example.com' }),
    ),
    cm.SecurityException,
  );
  await assert.rejects(
    app.manager.getCredential(
      app.context,
      new cm.GetCredentialRequest([new cm.GetPasswordOption()], { origin: 'https://example.com' }),
    ),
    cm.SecurityException,
  );
  await assert.rejects(
    app.manager.createCredential(
      app.context,
      new cm.CreatePublicKeyCredentialRequest(creation(), { clientDataHash: new Uint8Array(32) }),
    ),
    cm.SecurityException,
  );
  const signal = new cm.SignalUnknownCredentialRequest(
    '{"rpId":"example.com","credentialId":"AQID"}',
    'https://example.com',
  );
  await assert.rejects(app.manager.signalCredentialState(signal), cm.SignalCredentialSecurityException);
  await browser.manager.signalCredentialState(signal);
  assert.equal(provider.signals.length, 1);
  assert.equal(provider.signals[0]!.callingApp.origin, 'https://example.com');
  // Nothing reached the provider for the rejected calls.
  assert.deepEqual(
    provider.calls.filter((c) => c.startsWith('create')),
    ['create:androidx.credentials.TYPE_PUBLIC_KEY_CREDENTIAL'],
  );
});

test('WebAuthn shape errors: DomExceptions before any provider is reached', async () => {
  const provider = new MemoryProvider('gms', true);
  const { context, manager } = setup([provider]);
  const longId = Buffer.alloc(65, 1).toString('base64url');
  await assert.rejects(
    manager.createCredential(
      context,
      new cm.CreateRestoreCredentialRequest(creation({ user: { id: longId, name: 'a', displayName: 'A' } })),
    ),
    (e: unknown) =>
      e instanceof cm.CreateRestoreCredentialDomException &&
      e.domError instanceof cm.DataError &&
      e.type ===
        'androidx.credentials.TYPE_CREATE_RESTORE_CREDENTIAL_DOM_EXCEPTION/androidx.credentials.TYPE_DATA_ERROR',
  );
  for (const bad of [
    { challenge: undefined },
    { rp: undefined },
    { pubKeyCredParams: undefined },
    { user: { id: 'a+b/', name: 'a', displayName: 'A' } },
  ]) {
    await assert.rejects(
      manager.createCredential(
        context,
        new cm.CreateRestoreCredentialRequest(
          creation({ ...bad, user: (bad as any).user ?? { id: 'dXNlcg', name: 'a', displayName: 'A' } }),
        ),
      ),
      cm.CreateRestoreCredentialDomException,
      JSON.stringify(bad),
    );
  }
  await assert.rejects(
    manager.createCredential(
      context,
      new cm.CreatePublicKeyCredentialRequest(
        creation({ user: { id: longId, name: 'a', displayName: 'A' } }),
      ),
    ),
    (e: unknown) =>
      e instanceof cm.CreatePublicKeyCredentialDomException && e.domError instanceof cm.DataError,
  );
  await assert.rejects(
    manager.createCredential(context, new cm.CreatePublicKeyCredentialRequest(creation({ challenge: 42 }))),
    (e: unknown) =>
      e instanceof cm.CreatePublicKeyCredentialDomException && e.domError instanceof cm.EncodingError,
  );
  await assert.rejects(
    manager.getCredential(
      context,
      new cm.GetCredentialRequest([new cm.GetPublicKeyCredentialOption('{"rpId":"example.com"}')]),
    ),
    cm.GetPublicKeyCredentialDomException,
  );
  assert.deepEqual(provider.calls, []);
});

test('restore keys: only restore-capable providers, silent, UV forced, E2EE, clear', async () => {
  const vault = new MemoryProvider('vault');
  const gms = new MemoryProvider('gms', true);
  const { context, manager } = setup([vault, gms], { chooser: () => assert.fail('restore must be silent') });

  gms.e2eeAvailable = false;
  await assert.rejects(
    manager.createCredential(context, new cm.CreateRestoreCredentialRequest(creation())),
    cm.E2eeUnavailableException,
  );
  const local = await manager.createCredential(
    context,
    new cm.CreateRestoreCredentialRequest(creation(), false),
  );
  assert.ok(local instanceof cm.CreateRestoreCredentialResponse);
  assert.equal(JSON.parse(local.responseJson).type, 'public-key');
  assert.ok(gms.restoreKeys.has('com.example.app'));
  assert.equal(vault.calls.length, 0);

  const request = new cm.GetCredentialRequest([new cm.GetRestoreCredentialOption(requestOptions())]);
  const got = await manager.getCredential(context, request);
  assert.ok(got.credential instanceof cm.RestoreCredential);
  assert.ok(
    gms.calls.some(
      (c) => c.startsWith('restoreJson:') && JSON.parse(c.slice(12)).userVerification === 'discouraged',
    ),
  );
  assert.equal(vault.calls.length, 0);

  await manager.clearCredentialState(new cm.ClearCredentialStateRequest(cm.TYPE_CLEAR_RESTORE_CREDENTIAL));
  assert.equal(gms.restoreKeys.size, 0);
  assert.ok(!vault.calls.includes(`clear:${cm.TYPE_CLEAR_RESTORE_CREDENTIAL}`));
  await assert.rejects(
    manager.getCredential(context, request),
    (e: unknown) =>
      e instanceof cm.NoCredentialException &&
      e.errorMessage === 'The device does not contain a restore credential.',
  );

  // A restore option must be alone.
  await assert.rejects(
    manager.getCredential(
      context,
      new cm.GetCredentialRequest([
        new cm.GetRestoreCredentialOption(requestOptions()),
        new cm.GetPasswordOption(),
      ]),
    ),
    cm.IllegalArgumentException,
  );
  // Sign-out (default clear) reaches every provider and keeps restore keys.
  await manager.createCredential(context, new cm.CreateRestoreCredentialRequest(creation(), false));
  await manager.clearCredentialState(new cm.ClearCredentialStateRequest());
  assert.ok(vault.calls.includes(`clear:${cm.TYPE_CLEAR_CREDENTIAL_STATE}`));
  assert.equal(gms.restoreKeys.size, 1);
});

test('no restore-capable provider → ProviderConfiguration exceptions', async () => {
  const { context, manager } = setup([new MemoryProvider('vault')]);
  await assert.rejects(
    manager.createCredential(context, new cm.CreateRestoreCredentialRequest(creation())),
    cm.CreateCredentialProviderConfigurationException,
  );
  await assert.rejects(
    manager.getCredential(
      context,
      new cm.GetCredentialRequest([new cm.GetRestoreCredentialOption(requestOptions())]),
    ),
    cm.GetCredentialProviderConfigurationException,
  );
  await assert.rejects(
    manager.clearCredentialState(new cm.ClearCredentialStateRequest(cm.TYPE_CLEAR_RESTORE_CREDENTIAL)),
    cm.ClearCredentialProviderConfigurationException,
  );
});

test('chooser: picks among providers and credentials; null cancels', async () => {
  const a = new MemoryProvider('a');
  const b = new MemoryProvider('b');
  b.passwords.set('bob', 'pw-b');
  a.passwords.set('alice', 'pw-a');
  const seen: cm.GetChoice[][] = [];
  const { context, manager } = setup([a, b], {
    chooser: (r) => {
      if (r.kind === 'get') seen.push([...r.choices]);
      return r.kind === 'create' ? 1 : r.choices.findIndex((c) => c.providerId === 'b');
    },
  });
  const got = await manager.getCredential(context, new cm.GetCredentialRequest([new cm.GetPasswordOption()]));
  assert.ok(got.credential instanceof cm.PasswordCredential);
  assert.deepEqual([got.credential.id, got.credential.password], ['bob', 'pw-b']);
  assert.deepEqual(
    seen[0]!.map((c) => c.providerId),
    ['a', 'b'],
  );

  await manager.createCredential(context, new cm.CreatePasswordRequest('carol', 'pw-c'));
  assert.equal(b.passwords.get('carol'), 'pw-c');
  assert.equal(a.passwords.has('carol'), false);

  const cancelling = setup([a], { chooser: () => null });
  await assert.rejects(
    cancelling.manager.getCredential(
      cancelling.context,
      new cm.GetCredentialRequest([new cm.GetPasswordOption()]),
    ),
    cm.GetCredentialCancellationException,
  );
  await assert.rejects(
    cancelling.manager.createCredential(cancelling.context, new cm.CreatePasswordRequest('d', 'pw')),
    cm.CreateCredentialCancellationException,
  );
});

test('allowedProviders restricts which providers are asked', async () => {
  const a = new MemoryProvider('a');
  const b = new MemoryProvider('b');
  a.passwords.set('alice', 'x');
  b.passwords.set('bob', 'y');
  const { context, manager } = setup([a, b]);
  const got = await manager.getCredential(
    context,
    new cm.GetCredentialRequest([new cm.GetPasswordOption({ allowedProviders: new Set(['b']) })]),
  );
  assert.equal((got.credential as cm.PasswordCredential).id, 'bob');
  assert.deepEqual(a.calls, []);
});

test('NoCredentialException and preferImmediatelyAvailableCredentials', async () => {
  const provider = new MemoryProvider('vault');
  provider.hasRemote = true;
  const { context, manager } = setup([provider]);
  const option = new cm.GetPublicKeyCredentialOption(requestOptions());
  await assert.rejects(
    manager.getCredential(
      context,
      new cm.GetCredentialRequest([option], { preferImmediatelyAvailableCredentials: true }),
    ),
    cm.NoCredentialException,
  );
  // Without the flag the hybrid entry is offered; picking it is the provider's business (here: unsupported → Unknown).
  await assert.rejects(
    manager.getCredential(context, new cm.GetCredentialRequest([option])),
    cm.GetCredentialUnknownException,
  );
  provider.hasRemote = false;
  await assert.rejects(
    manager.getCredential(context, new cm.GetCredentialRequest([option])),
    cm.NoCredentialException,
  );
  const none = setup([]);
  await assert.rejects(
    none.manager.createCredential(none.context, new cm.CreatePasswordRequest('a', 'b')),
    cm.CreateCredentialProviderConfigurationException,
  );
});

test('prepareGetCredential answers without UI; the handle finishes the request once', async () => {
  const provider = new MemoryProvider('vault');
  provider.passwords.set('alice', 'pw');
  let shown = 0;
  const { context, manager } = setup([provider], {
    chooser: () => (shown++, 0),
    permissions: [cm.CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS],
  });
  const prepared = await manager.prepareGetCredential(
    new cm.GetCredentialRequest([
      new cm.GetPasswordOption(),
      new cm.GetPublicKeyCredentialOption(requestOptions()),
    ]),
  );
  assert.equal(shown, 0);
  assert.equal(prepared.hasCredentialResults(cm.TYPE_PASSWORD_CREDENTIAL), true);
  assert.equal(prepared.hasCredentialResults(cm.TYPE_PUBLIC_KEY_CREDENTIAL), false);
  assert.equal(prepared.hasAuthenticationResults(), false);
  assert.equal(prepared.hasRemoteResults(), false);
  assert.ok(!provider.calls.some((c) => c.startsWith('get:')));
  const got = await manager.getCredential(context, prepared.pendingGetCredentialHandle);
  assert.equal(shown, 1);
  assert.ok(got.credential instanceof cm.PasswordCredential);
  await assert.rejects(
    manager.getCredential(context, prepared.pendingGetCredentialHandle),
    cm.IllegalStateException,
  );

  provider.locked = true;
  provider.hasRemote = true;
  const locked = await manager.prepareGetCredential(
    new cm.GetCredentialRequest([new cm.GetPasswordOption()]),
  );
  assert.equal(locked.hasAuthenticationResults(), true);
  assert.equal(locked.hasCredentialResults(cm.TYPE_PASSWORD_CREDENTIAL), false);
});

test('provider failures: family exceptions pass through, others become Unknown', async () => {
  const provider = new MemoryProvider('vault');
  provider.passwords.set('alice', 'pw');
  const { context, manager } = setup([provider]);
  const request = new cm.GetCredentialRequest([new cm.GetPasswordOption()]);
  provider.failWith = new cm.GetCredentialInterruptedException('interrupted');
  await assert.rejects(manager.getCredential(context, request), cm.GetCredentialInterruptedException);
  provider.failWith = new TypeError('boom');
  await assert.rejects(
    manager.getCredential(context, request),
    (e: unknown) => e instanceof cm.GetCredentialUnknownException && e.errorMessage === 'boom',
  );
  provider.failWith = new Error('disk full');
  await assert.rejects(
    manager.createCredential(context, new cm.CreatePasswordRequest('x', 'y')),
    cm.CreateCredentialUnknownException,
  );
});

test('signals: reach every signal-handling provider; rate limit surfaces with retryMillis', async () => {
  const a = new MemoryProvider('a');
  const silent = new MemoryProvider('silent', false, false);
  const { manager } = setup([a, silent]);
  const request = new cm.SignalCurrentUserDetailsRequest(
    JSON.stringify({ rpId: 'example.com', userId: 'dXNlcg', name: 'alice2', displayName: 'Alice 2' }),
  );
  const response = await manager.signalCredentialState(request);
  assert.ok(response instanceof cm.SignalCredentialStateResponse);
  assert.equal(a.signals[0]!.callingRequest, request);
  assert.equal(a.signals[0]!.callingApp.packageName, 'com.example.app');
  assert.deepEqual(silent.calls, []);

  a.failWith = new cm.SignalCredentialRateLimitExceededException(30_000, 'called too frequently');
  await assert.rejects(
    manager.signalCredentialState(request),
    (e: unknown) => e instanceof cm.SignalCredentialRateLimitExceededException && e.retryMillis === 30_000,
  );
  a.failWith = new Error('x');
  await assert.rejects(manager.signalCredentialState(request), cm.SignalCredentialUnknownException);
  const none = setup([silent]);
  await assert.rejects(
    none.manager.signalCredentialState(request),
    cm.SignalCredentialStateProviderConfigurationException,
  );
});
