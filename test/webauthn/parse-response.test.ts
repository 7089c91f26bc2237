// parseRegistrationResponse / parseAuthenticationResponse: untrusted JSON (text or parsed) into the typed
// responses the verify calls take, or malformed_input; what they accept verifies as before. The verify calls'
// `response` is typed, so junk no longer compiles (checked by `npm run lint`, which typechecks the tests).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseAuthenticationResponse,
  parseRegistrationResponse,
  verifyAuthentication,
  verifyRegistration,
  WebAuthnError,
} from '../../src/webauthn/index.js';
import type { RegistrationExpectations } from '../../src/webauthn/types.js';
import { CHALLENGE, ORIGIN, RP_ID, TestAuthenticator } from './authenticator.js';

const es256 = new TestAuthenticator('ES256');
const expected: RegistrationExpectations = { challenge: CHALLENGE, origins: [ORIGIN], rpId: RP_ID };
const malformed = (e: unknown) => e instanceof WebAuthnError && e.code === 'malformed_input';

describe('parseRegistrationResponse', () => {
  test('takes a response as parsed JSON or as text, and it verifies', () => {
    const response = es256.register();
    for (const input of [JSON.parse(JSON.stringify(response)), JSON.stringify(response)]) {
      const parsed = parseRegistrationResponse(input);
      assert.equal(parsed.id, response.id);
      assert.equal(verifyRegistration({ response: parsed, expected }).registrationInfo.fmt, 'none');
    }
  });

  test('fills an absent clientExtensionResults with {}', () => {
    const { clientExtensionResults: _absent, ...rest } = es256.register();
    assert.deepEqual(parseRegistrationResponse(rest).clientExtensionResults, {});
  });

  test('refuses every malformed shape with malformed_input', () => {
    const valid = es256.register();
    const cases: [string, unknown][] = [
      ['not JSON', '{"id":'],
      ['a number', 42],
      ['null', null],
      ['an array', [valid]],
      ['no id', { ...valid, id: undefined }],
      ['id not base64url', { ...valid, id: 'a+b/' }],
      ['rawId a number', { ...valid, rawId: 7 }],
      ['type missing', { ...valid, type: undefined }],
      ['response missing', { ...valid, response: undefined }],
      ['clientDataJSON missing', { ...valid, response: { ...valid.response, clientDataJSON: undefined } }],
      [
        'attestationObject not base64url',
        { ...valid, response: { ...valid.response, attestationObject: '%%' } },
      ],
      ['transports a string', { ...valid, response: { ...valid.response, transports: 'usb' } }],
      ['transports with a number', { ...valid, response: { ...valid.response, transports: ['usb', 1] } }],
      [
        'publicKeyAlgorithm a string',
        { ...valid, response: { ...valid.response, publicKeyAlgorithm: '-7' } },
      ],
      ['clientExtensionResults a list', { ...valid, clientExtensionResults: [] }],
      ['authenticatorAttachment a number', { ...valid, authenticatorAttachment: 1 }],
    ];
    for (const [what, input] of cases) {
      assert.throws(() => parseRegistrationResponse(input), malformed, what);
    }
  });
});

describe('parseAuthenticationResponse', () => {
  test('takes a response as parsed JSON or as text, and it verifies', () => {
    es256.register();
    const response = es256.authenticate();
    for (const input of [JSON.parse(JSON.stringify(response)), JSON.stringify(response)]) {
      const parsed = parseAuthenticationResponse(input);
      const { authenticationInfo } = verifyAuthentication({
        response: parsed,
        expected,
        credential: es256.record(),
      });
      assert.ok(authenticationInfo.newCounter >= 0);
    }
  });

  test('refuses every malformed shape with malformed_input', () => {
    const valid = es256.authenticate();
    const cases: [string, unknown][] = [
      ['a string that is not JSON', 'hello'],
      ['signature missing', { ...valid, response: { ...valid.response, signature: undefined } }],
      ['authenticatorData a number', { ...valid, response: { ...valid.response, authenticatorData: 5 } }],
      ['userHandle a number', { ...valid, response: { ...valid.response, userHandle: 5 } }],
      ['userHandle not base64url', { ...valid, response: { ...valid.response, userHandle: 'a b' } }],
    ];
    for (const [what, input] of cases) {
      assert.throws(() => parseAuthenticationResponse(input), malformed, what);
    }
    // a null userHandle is allowed (§5.2.2: a non-discoverable credential may return none)
    parseAuthenticationResponse({ ...valid, response: { ...valid.response, userHandle: null } });
  });
});

test('the verify calls take typed responses: a number does not compile', () => {
  assert.throws(() =>
    // @ts-expect-error `response` is a RegistrationResponseJSON (parseRegistrationResponse makes one)
    verifyRegistration({ response: 42, expected }),
  );
});
