// Validation of every request class, with the library's messages as the oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUNDLE_KEY_CLEAR_RESTORE_CREDENTIAL_REQUEST,
  ClearCredentialStateRequest,
  CreatePasswordRequest,
  CreatePublicKeyCredentialRequest,
  CreateRestoreCredentialRequest,
  DisplayInfo,
  GetCredentialRequest,
  GetPasswordOption,
  GetPublicKeyCredentialOption,
  GetRestoreCredentialOption,
  IllegalArgumentException,
  PRIORITY_DEFAULT,
  PRIORITY_PASSKEY_OR_SIMILAR,
  PRIORITY_PASSWORD_OR_SIMILAR,
  TYPE_CLEAR_CREDENTIAL_STATE,
  TYPE_CLEAR_RESTORE_CREDENTIAL,
  TYPE_PASSWORD_CREDENTIAL,
  TYPE_PUBLIC_KEY_CREDENTIAL,
  TYPE_RESTORE_CREDENTIAL,
} from '../../packages/credential-manager/src/index.js';

const iae = (message: string) => (e: unknown) =>
  e instanceof IllegalArgumentException && e.message === message;

const creation = {
  rp: { id: 'example.com', name: 'Example' },
  user: { id: 'dXNlcg', name: 'alice@example.com', displayName: 'Alice' },
  challenge: 'Y2hhbGxlbmdlY2hhbGxlbmdl',
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
};

test('CreatePublicKeyCredentialRequest: type, defaults, DisplayInfo from user.name', () => {
  const r = new CreatePublicKeyCredentialRequest(JSON.stringify(creation));
  assert.equal(r.type, TYPE_PUBLIC_KEY_CREDENTIAL);
  assert.equal(r.type, 'androidx.credentials.TYPE_PUBLIC_KEY_CREDENTIAL');
  assert.equal(r.clientDataHash, null);
  assert.equal(r.origin, null);
  assert.equal(r.preferImmediatelyAvailableCredentials, false);
  assert.equal(r.isAutoSelectAllowed, false);
  assert.equal(r.isConditional, false);
  assert.equal(r.displayInfo.userId, 'alice@example.com');
  assert.equal(r.displayInfo.userDisplayName, 'Alice');
});

test('CreatePublicKeyCredentialRequest: IAE "user.name must be defined in requestJson"', () => {
  const msg = 'user.name must be defined in requestJson';
  for (const json of [
    '',
    'not json',
    '[]',
    '{}',
    '{"user":"x"}',
    '{"user":{}}',
    '{"user":{"id":"AA"}}',
    '{"user":{"name":""}}',
  ]) {
    assert.throws(() => new CreatePublicKeyCredentialRequest(json), iae(msg), json);
  }
  // Only user.name is checked: no challenge, user.id or residentKey checks at construction.
  assert.doesNotThrow(() => new CreatePublicKeyCredentialRequest('{"user":{"name":"bob"}}'));
});

test('CreatePasswordRequest: type, checks id then password', () => {
  const r = new CreatePasswordRequest('alice', 'hunter2');
  assert.equal(r.type, 'android.credentials.TYPE_PASSWORD_CREDENTIAL');
  assert.equal(r.displayInfo.userId, 'alice');
  assert.equal(r.origin, null);
  assert.throws(() => new CreatePasswordRequest('alice', ''), iae('password should not be empty'));
  assert.throws(() => new CreatePasswordRequest('', 'pw'), iae('userId should not be empty'));
});

test('CreateRestoreCredentialRequest: isCloudBackupEnabled defaults to true; only user.id is checked', () => {
  const r = new CreateRestoreCredentialRequest(JSON.stringify(creation));
  assert.equal(r.type, TYPE_RESTORE_CREDENTIAL);
  assert.equal(r.type, 'androidx.credentials.TYPE_RESTORE_CREDENTIAL');
  assert.equal(r.isCloudBackupEnabled, true);
  assert.equal(r.origin, null);
  assert.equal(r.preferImmediatelyAvailableCredentials, false);
  assert.equal(r.isAutoSelectAllowed, false);
  assert.equal(r.displayInfo.userId, 'dXNlcg');
  assert.equal(
    new CreateRestoreCredentialRequest(JSON.stringify(creation), false).isCloudBackupEnabled,
    false,
  );
  // A 100-byte user.id is not checked here (it fails later as CreateRestoreCredentialDomException).
  assert.doesNotThrow(() => new CreateRestoreCredentialRequest('{"user":{"id":"' + 'A'.repeat(134) + '"}}'));
});

test('CreateRestoreCredentialRequest: IAE "user.id must be defined in requestJson"', () => {
  const msg = 'user.id must be defined in requestJson';
  for (const json of ['', '{', '[]', '{}', '{"user":[]}', '{"user":{"name":"a"}}', '{"user":{"id":""}}']) {
    assert.throws(() => new CreateRestoreCredentialRequest(json), iae(msg), json);
  }
});

test('DisplayInfo requires a non-empty userId', () => {
  assert.throws(() => new DisplayInfo(''), iae('userId should not be empty'));
  assert.equal(new DisplayInfo('u').userDisplayName, null);
});

test('GetPublicKeyCredentialOption: JSON object required, passkey priority', () => {
  const o = new GetPublicKeyCredentialOption('{"challenge":"AAAA"}');
  assert.equal(o.type, TYPE_PUBLIC_KEY_CREDENTIAL);
  assert.equal(o.typePriorityHint, PRIORITY_PASSKEY_OR_SIMILAR);
  assert.equal(o.clientDataHash, null);
  assert.equal(o.allowedProviders.size, 0);
  for (const json of ['', 'x', '[1]', '"s"']) {
    assert.throws(
      () => new GetPublicKeyCredentialOption(json),
      iae('requestJson must not be empty, and must be a valid JSON'),
    );
  }
});

test('GetPasswordOption: defaults, password priority, no secrets in requestData', () => {
  const o = new GetPasswordOption();
  assert.equal(o.type, TYPE_PASSWORD_CREDENTIAL);
  assert.equal(o.allowedUserIds.size, 0);
  assert.equal(o.isAutoSelectAllowed, false);
  assert.equal(o.typePriorityHint, PRIORITY_PASSWORD_OR_SIMILAR);
  assert.equal(new GetPasswordOption({ allowedUserIds: new Set(['a']) }).allowedUserIds.has('a'), true);
});

test('GetRestoreCredentialOption: JSON required, default priority, userVerification forced to discouraged', () => {
  const o = new GetRestoreCredentialOption(
    '{"challenge":"AAAA","userVerification":"required","rpId":"x.com"}',
  );
  assert.equal(o.type, TYPE_RESTORE_CREDENTIAL);
  assert.equal(o.typePriorityHint, PRIORITY_DEFAULT);
  assert.deepEqual(JSON.parse(o.providerRequestJson), {
    challenge: 'AAAA',
    userVerification: 'discouraged',
    rpId: 'x.com',
  });
  assert.equal(JSON.parse(o.requestJson).userVerification, 'required');
  for (const json of ['', '{', 'null']) {
    assert.throws(
      () => new GetRestoreCredentialOption(json),
      iae('requestJson must not be empty, and must be a valid JSON'),
    );
  }
});

test('GetCredentialRequest: non-empty options; defaults', () => {
  assert.throws(() => new GetCredentialRequest([]), iae('credentialOptions should not be empty'));
  const r = new GetCredentialRequest([new GetPasswordOption()]);
  assert.equal(r.origin, null);
  assert.equal(r.preferImmediatelyAvailableCredentials, false);
  assert.equal(r.preferIdentityDocUi, false);
  assert.equal(r.preferUiBrandingComponentName, null);
  const p = new GetCredentialRequest([new GetPasswordOption()], {
    origin: 'https://x.com',
    preferImmediatelyAvailableCredentials: true,
  });
  assert.equal(p.origin, 'https://x.com');
  assert.equal(p.preferImmediatelyAvailableCredentials, true);
});

test('ClearCredentialStateRequest: two types, anything else IAE', () => {
  assert.equal(TYPE_CLEAR_CREDENTIAL_STATE, 'androidx.credentials.TYPE_CLEAR_CREDENTIAL_STATE');
  assert.equal(TYPE_CLEAR_RESTORE_CREDENTIAL, 'androidx.credentials.TYPE_CLEAR_RESTORE_CREDENTIAL');
  assert.equal(new ClearCredentialStateRequest().requestType, TYPE_CLEAR_CREDENTIAL_STATE);
  assert.deepEqual(new ClearCredentialStateRequest().requestBundle, {});
  const restore = new ClearCredentialStateRequest(TYPE_CLEAR_RESTORE_CREDENTIAL);
  assert.equal(restore.requestBundle[BUNDLE_KEY_CLEAR_RESTORE_CREDENTIAL_REQUEST], true);
  assert.throws(
    () => new ClearCredentialStateRequest('bogus'),
    iae('The request type bogus is not supported.'),
  );
  assert.throws(() => new ClearCredentialStateRequest(''), iae('The request type  is not supported.'));
});
