// Signal request validation: required keys and base64url ids, else
// IllegalArgumentException "Structural/type validation failed for JSON: '<json>'".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUNDLE_KEY_SIGNAL_REQUEST_JSON,
  IllegalArgumentException,
  SIGNAL_ALL_ACCEPTED_CREDENTIALS_REQUEST_TYPE,
  SIGNAL_CURRENT_USER_DETAILS_STATE_REQUEST_TYPE,
  SIGNAL_UNKNOWN_CREDENTIAL_STATE_REQUEST_TYPE,
  SignalAllAcceptedCredentialIdsRequest,
  SignalCurrentUserDetailsRequest,
  SignalUnknownCredentialRequest,
  signalCredentialStateRequestFrom,
} from '../../packages/credential-manager/src/index.js';

function rejects(make: (json: string) => unknown, value: unknown): void {
  const json = typeof value === 'string' ? value : JSON.stringify(value);
  assert.throws(
    () => make(json),
    (e: unknown) =>
      e instanceof IllegalArgumentException &&
      e.message === `Structural/type validation failed for JSON: '${json}'`,
    json,
  );
}

test('type strings', () => {
  assert.equal(
    SIGNAL_UNKNOWN_CREDENTIAL_STATE_REQUEST_TYPE,
    'androidx.credentials.SIGNAL_UNKNOWN_CREDENTIAL_STATE_REQUEST_TYPE',
  );
  assert.equal(
    SIGNAL_ALL_ACCEPTED_CREDENTIALS_REQUEST_TYPE,
    'androidx.credentials.SIGNAL_ALL_ACCEPTED_CREDENTIALS_REQUEST_TYPE',
  );
  assert.equal(
    SIGNAL_CURRENT_USER_DETAILS_STATE_REQUEST_TYPE,
    'androidx.credentials.SIGNAL_CURRENT_USER_DETAILS_STATE_REQUEST_TYPE',
  );
});

test('SignalUnknownCredentialRequest', () => {
  const json = JSON.stringify({ rpId: 'example.com', credentialId: 'AQID' });
  const r = new SignalUnknownCredentialRequest(json);
  assert.equal(r.type, SIGNAL_UNKNOWN_CREDENTIAL_STATE_REQUEST_TYPE);
  assert.equal(r.origin, null);
  assert.equal(r.requestData[BUNDLE_KEY_SIGNAL_REQUEST_JSON], json);
  assert.equal(new SignalUnknownCredentialRequest(json, 'https://example.com').origin, 'https://example.com');
  const make = (j: string) => new SignalUnknownCredentialRequest(j);
  rejects(make, '');
  rejects(make, 'nope');
  rejects(make, []);
  rejects(make, { rpId: 'example.com' });
  rejects(make, { credentialId: 'AQID' });
  rejects(make, { rpId: 'example.com', credentialId: 'a+b/' }); // standard alphabet is not URL_SAFE
  rejects(make, { rpId: 'example.com', credentialId: 'A' }); // impossible length
  // rpId's type and extra keys are not checked client-side
  assert.doesNotThrow(() => make(JSON.stringify({ rpId: 7, credentialId: 'AQID', extra: true })));
});

test('SignalAllAcceptedCredentialIdsRequest', () => {
  const ok = { rpId: 'example.com', userId: 'dXNlcg', allAcceptedCredentialIds: ['AQID', 'BAUG'] };
  assert.equal(
    new SignalAllAcceptedCredentialIdsRequest(JSON.stringify(ok)).type,
    SIGNAL_ALL_ACCEPTED_CREDENTIALS_REQUEST_TYPE,
  );
  assert.doesNotThrow(
    () => new SignalAllAcceptedCredentialIdsRequest(JSON.stringify({ ...ok, allAcceptedCredentialIds: [] })),
  );
  const make = (j: string) => new SignalAllAcceptedCredentialIdsRequest(j);
  rejects(make, { rpId: 'example.com', userId: 'dXNlcg' });
  rejects(make, { rpId: 'example.com', allAcceptedCredentialIds: [] });
  rejects(make, { userId: 'dXNlcg', allAcceptedCredentialIds: [] });
  rejects(make, { ...ok, userId: 'not base64url!' });
  rejects(make, { ...ok, allAcceptedCredentialIds: 'AQID' });
  rejects(make, { ...ok, allAcceptedCredentialIds: ['AQID', 'x y'] });
  rejects(make, { ...ok, allAcceptedCredentialIds: ['AQID', 5] });
});

test('SignalCurrentUserDetailsRequest', () => {
  const ok = { rpId: 'example.com', userId: 'dXNlcg', name: 'alice', displayName: 'Alice' };
  assert.equal(
    new SignalCurrentUserDetailsRequest(JSON.stringify(ok)).type,
    SIGNAL_CURRENT_USER_DETAILS_STATE_REQUEST_TYPE,
  );
  const make = (j: string) => new SignalCurrentUserDetailsRequest(j);
  for (const key of ['rpId', 'userId', 'name', 'displayName'] as const) {
    const { [key]: _omit, ...rest } = ok;
    rejects(make, rest);
  }
  rejects(make, { ...ok, userId: '***' });
});

test('signalCredentialStateRequestFrom dispatches on type, rejects others', () => {
  const json = JSON.stringify({ rpId: 'example.com', credentialId: 'AQID' });
  assert.ok(
    signalCredentialStateRequestFrom(SIGNAL_UNKNOWN_CREDENTIAL_STATE_REQUEST_TYPE, json) instanceof
      SignalUnknownCredentialRequest,
  );
  assert.throws(
    () => signalCredentialStateRequestFrom('other', json),
    (e: unknown) => e instanceof IllegalArgumentException && e.message === 'Request type is not supported',
  );
});
