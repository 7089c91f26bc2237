// PrepareGetCredentialResponse's hasCredentialResults / hasAuthenticationResults / hasRemoteResults require
// CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS; without it they throw SecurityException, while the pending
// handle still finishes the request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as cm from '../../packages/credential-manager/src/index.js';
import { MemoryProvider } from './helpers/memory-provider.js';

function prepare(permissions: string[]) {
  const provider = new MemoryProvider('vault');
  provider.passwords.set('alice', 'pw');
  const context: cm.Context = {
    packageName: 'com.example.app',
    signingCertificateSha256: new Uint8Array(32).fill(9),
    credentialProviders: [provider],
    permissions,
  };
  const manager = cm.CredentialManager.create(context);
  const request = new cm.GetCredentialRequest([new cm.GetPasswordOption()]);
  return { context, manager, prepared: manager.prepareGetCredential(request) };
}

test('without CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS the has* queries throw SecurityException', async () => {
  assert.equal(
    cm.CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS,
    'android.permission.CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS',
  );
  const { context, manager, prepared } = prepare([cm.CREDENTIAL_MANAGER_SET_ORIGIN]);
  const response = await prepared;
  const denied = (e: unknown) =>
    e instanceof cm.SecurityException &&
    e.message.includes('android.permission.CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS');
  assert.throws(() => response.hasCredentialResults(cm.TYPE_PASSWORD_CREDENTIAL), denied);
  assert.throws(() => response.hasAuthenticationResults(), denied);
  assert.throws(() => response.hasRemoteResults(), denied);
  // the handle does not need the permission
  const got = await manager.getCredential(context, response.pendingGetCredentialHandle);
  assert.equal((got.credential as cm.PasswordCredential).id, 'alice');
});

test('with the permission the queries answer', async () => {
  const response = await prepare([cm.CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS]).prepared;
  assert.equal(response.hasCredentialResults(cm.TYPE_PASSWORD_CREDENTIAL), true);
  assert.equal(response.hasCredentialResults(cm.TYPE_PUBLIC_KEY_CREDENTIAL), false);
  assert.equal(response.hasAuthenticationResults(), false);
  assert.equal(response.hasRemoteResults(), false);
});
