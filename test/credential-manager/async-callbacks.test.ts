// The callback twins: result/error delivered through the executor, cancellation, synchronous caller errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as cm from '../../packages/credential-manager/src/index.js';
import { MemoryProvider } from './helpers/memory-provider.js';

function setup(providers: cm.CredentialProvider[]) {
  const context: cm.Context = {
    packageName: 'com.example.app',
    signingCertificateSha256: new Uint8Array(32).fill(3),
    credentialProviders: providers,
    permissions: [cm.CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS],
  };
  return { context, manager: cm.CredentialManager.create(context) };
}

function capture<R, E extends Error>() {
  let settle!: (v: { result?: R; error?: E }) => void;
  const done = new Promise<{ result?: R; error?: E }>((resolve) => (settle = resolve));
  const callback: cm.CredentialManagerCallback<R, E> = {
    onResult: (result) => settle({ result }),
    onError: (error) => settle({ error }),
  };
  return { callback, done };
}

test('getCredentialAsync delivers the result through the executor; errors to onError', async () => {
  const provider = new MemoryProvider('vault');
  provider.passwords.set('alice', 'pw');
  const { context, manager } = setup([provider]);
  const ran: string[] = [];
  const executor: cm.Executor = (command) => {
    ran.push('executor');
    command();
  };
  const ok = capture<cm.GetCredentialResponse, cm.GetCredentialException>();
  manager.getCredentialAsync(
    context,
    new cm.GetCredentialRequest([new cm.GetPasswordOption()]),
    null,
    executor,
    ok.callback,
  );
  const { result } = await ok.done;
  assert.ok(result?.credential instanceof cm.PasswordCredential);
  assert.deepEqual(ran, ['executor']);

  const empty = setup([new MemoryProvider('empty')]);
  const err = capture<cm.GetCredentialResponse, cm.GetCredentialException>();
  empty.manager.getCredentialAsync(
    empty.context,
    new cm.GetCredentialRequest([new cm.GetPasswordOption()]),
    null,
    undefined,
    err.callback,
  );
  assert.ok((await err.done).error instanceof cm.NoCredentialException);
});

test('a cancelled signal delivers nothing and never reaches the provider', async () => {
  const provider = new MemoryProvider('vault');
  const { context, manager } = setup([provider]);
  const signal = new cm.CancellationSignal();
  let cancelled = 0;
  signal.setOnCancelListener(() => cancelled++);
  signal.cancel();
  signal.cancel();
  assert.equal(cancelled, 1);
  const never: cm.CredentialManagerCallback<cm.CreateCredentialResponse, cm.CreateCredentialException> = {
    onResult: () => assert.fail('no result after cancel'),
    onError: () => assert.fail('no error after cancel'),
  };
  manager.createCredentialAsync(context, new cm.CreatePasswordRequest('a', 'b'), signal, undefined, never);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(provider.calls, []);
});

test('cancelling while the provider works drops the result', async () => {
  const provider = new MemoryProvider('vault');
  const { context, manager } = setup([provider]);
  const signal = new cm.CancellationSignal();
  const never: cm.CredentialManagerCallback<cm.CreateCredentialResponse, cm.CreateCredentialException> = {
    onResult: () => assert.fail('no result after cancel'),
    onError: () => assert.fail('no error after cancel'),
  };
  manager.createCredentialAsync(context, new cm.CreatePasswordRequest('a', 'b'), signal, undefined, never);
  signal.cancel();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(provider.passwords.get('a'), 'b'); // the provider did its work; the app hears nothing
});

test('caller errors are thrown synchronously by the twins', () => {
  const { context, manager } = setup([new MemoryProvider('gms', true)]);
  const callback = { onResult: () => assert.fail(), onError: () => assert.fail() };
  assert.throws(
    () =>
      manager.getCredentialAsync(
        context,
        new cm.GetCredentialRequest([
          new cm.GetRestoreCredentialOption('{"challenge":"AAAA"}'),
          new cm.GetPasswordOption(),
        ]),
        null,
        undefined,
        callback,
      ),
    cm.IllegalArgumentException,
  );
  assert.throws(
    () =>
      manager.createCredentialAsync(
        context,
        new cm.CreatePasswordRequest('a', 'b', { origin: 'https://x.example' }),
        null,
        undefined,
        callback,
      ),
    cm.SecurityException,
  );
});

test('prepare, clear and signal twins', async () => {
  const provider = new MemoryProvider('gms', true);
  provider.passwords.set('alice', 'pw');
  const { context, manager } = setup([provider]);
  const prep = capture<cm.PrepareGetCredentialResponse, cm.GetCredentialException>();
  manager.prepareGetCredentialAsync(
    new cm.GetCredentialRequest([new cm.GetPasswordOption()]),
    null,
    undefined,
    prep.callback,
  );
  const prepared = (await prep.done).result!;
  assert.equal(prepared.hasCredentialResults(cm.TYPE_PASSWORD_CREDENTIAL), true);
  const got = capture<cm.GetCredentialResponse, cm.GetCredentialException>();
  manager.getCredentialAsync(context, prepared.pendingGetCredentialHandle, null, undefined, got.callback);
  assert.ok((await got.done).result?.credential instanceof cm.PasswordCredential);
  assert.throws(
    () =>
      manager.getCredentialAsync(context, prepared.pendingGetCredentialHandle, null, undefined, got.callback),
    cm.IllegalStateException,
  );

  const cleared = capture<void, cm.ClearCredentialException>();
  manager.clearCredentialStateAsync(
    new cm.ClearCredentialStateRequest(cm.TYPE_CLEAR_RESTORE_CREDENTIAL),
    null,
    undefined,
    cleared.callback,
  );
  assert.deepEqual(await cleared.done, { result: undefined });
  assert.ok(provider.calls.includes(`clear:${cm.TYPE_CLEAR_RESTORE_CREDENTIAL}`));

  provider.failWith = new cm.SignalCredentialRateLimitExceededException(1000);
  const signalled = capture<cm.SignalCredentialStateResponse, cm.SignalCredentialStateException>();
  manager.signalCredentialStateAsync(
    new cm.SignalUnknownCredentialRequest('{"rpId":"x.example","credentialId":"AQID"}'),
    undefined,
    signalled.callback,
  );
  assert.ok((await signalled.done).error instanceof cm.SignalCredentialRateLimitExceededException);
});
