// Both ceremonies end to end through the public entry point (src/webauthn/index.ts): options -> authenticator
// -> verifyRegistration -> stored record -> verifyAuthentication(Async), then a replayed assertion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as webauthn from '../../packages/webauthn/src/index.js';
import { ORIGIN, RP_ID, TestAuthenticator } from './authenticator.js';

test('register then sign in twice; the replayed assertion is a counter regression', async () => {
  const creation = webauthn.generateRegistrationOptions({
    rpName: 'Example',
    rpId: RP_ID,
    userName: 'alice',
  });
  const authenticator = new TestAuthenticator('ES256');
  const { registrationInfo } = webauthn.verifyRegistration({
    response: authenticator.packedSelf({ challenge: creation.challenge, signCount: 1 }),
    expected: {
      challenge: creation.challenge,
      origins: ORIGIN,
      rpId: RP_ID,
      algorithms: creation.pubKeyCredParams.map((p) => p.alg),
    },
  });
  const record = {
    id: registrationInfo.credential.id,
    publicKey: registrationInfo.credential.publicKey,
    counter: registrationInfo.credential.counter,
    backupEligible: registrationInfo.backupEligible,
  };
  assert.equal(record.counter, 1);

  const request = webauthn.generateAuthenticationOptions({
    rpId: RP_ID,
    allowCredentials: [{ id: record.id }],
  });
  const assertion = authenticator.authenticate({ challenge: request.challenge, signCount: 2 });
  const expected = { challenge: request.challenge, origins: [ORIGIN], rpId: RP_ID };
  const first = webauthn.verifyAuthentication({ response: assertion, expected, credential: record });
  assert.equal(first.authenticationInfo.newCounter, 2);
  record.counter = first.authenticationInfo.newCounter;

  const second = authenticator.authenticate({ challenge: request.challenge, signCount: 3 });
  assert.equal(
    (await webauthn.verifyAuthenticationAsync({ response: second, expected, credential: record }))
      .authenticationInfo.newCounter,
    3,
  );
  record.counter = 3;
  assert.throws(
    () => webauthn.verifyAuthentication({ response: second, expected, credential: record }),
    (e: unknown) => webauthn.isWebAuthnError(e) && e.code === 'counter_regression' && e.status === 401,
  );
});

test('every error code has an HTTP status and a meaning', () => {
  for (const [code, entry] of Object.entries(webauthn.WEBAUTHN_ERROR_CODES)) {
    assert.match(code, /^[a-z_]+$/);
    // the response's fault is 4xx; only the server's own unusable trust data (metadata_*) is 503
    if (code.startsWith('metadata_')) assert.equal(entry.status, 503, code);
    else assert.ok(entry.status >= 400 && entry.status < 500, code);
    assert.ok(entry.meaning.length > 10, code);
  }
});
