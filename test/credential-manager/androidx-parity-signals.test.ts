// Parity with androidx's SignalUnknownCredentialRequestTest, SignalAllAcceptedCredentialIdsRequestTest and
// SignalCurrentUserDetailsRequestTest (isValidRequestJson), restated for credkit: the same JSON inputs, the
// same verdicts; the constructor throws exactly when isValidRequestJson is false.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  IllegalArgumentException,
  SignalAllAcceptedCredentialIdsRequest,
  SignalCurrentUserDetailsRequest,
  SignalUnknownCredentialRequest,
} from '../../packages/credential-manager/src/index.js';

type SignalClass = (new (json: string) => unknown) & { isValidRequestJson(json: string): boolean };

function verdicts(cls: SignalClass, cases: [string, string, boolean][]): void {
  for (const [what, json, valid] of cases) {
    it(`${what}: ${valid ? 'valid' : 'invalid'}`, () => {
      assert.equal(cls.isValidRequestJson(json), valid);
      if (valid) new cls(json);
      else assert.throws(() => new cls(json), IllegalArgumentException);
    });
  }
}

const IDS = '["Y3JlZDE","Y3JlZDIi","Y3JlZDM"]';

describe('androidx SignalUnknownCredentialRequestTest', () => {
  verdicts(SignalUnknownCredentialRequest, [
    ['rpId and a base64url credentialId', '{"rpId":"example.com","credentialId":"dXNlcklkMTIz"}', true],
    ['a credentialId with "+"', '{"rpId":"example.com","credentialId":"Zm9mFy+"}', false],
    ['rpId missing (misspelt)', '{"rpd":"example.com","credentialId":"Zm9mFy"}', false],
    ['an extra key', '{"rpId":"example.com","credentialId":"dXNlcklkMTIz", "userId":"user"}', true],
  ]);
});

describe('androidx SignalAllAcceptedCredentialIdsRequestTest', () => {
  verdicts(SignalAllAcceptedCredentialIdsRequest, [
    [
      'rpId, userId and base64url ids',
      `{"rpId":"example.com","userId":"dXNlcklkMTIz","allAcceptedCredentialIds":${IDS}}`,
      true,
    ],
    [
      'a userId with "+" and ids that are not base64url',
      '{"rpId":"example.com","userId":"d+","allAcceptedCredentialIds":["YlZDE","Y","Y3JlZDM"]}',
      false,
    ],
    [
      'rpId missing',
      `{"rpd":"example.com","userId":"dXNlcklkMTIz","allAcceptedCredentialIds":${IDS}}`,
      false,
    ],
    [
      'an extra key',
      `{"rpId":"example.com","userId":"dXNlcklkMTIz","allAcceptedCredentialIds":${IDS}, "extra":"extra"}`,
      true,
    ],
  ]);
});

describe('androidx SignalCurrentUserDetailsRequestTest', () => {
  const base = (rpKey: string, userId: string, extra = '') =>
    `{"${rpKey}":"example.com","userId":"${userId}","allAcceptedCredentialIds":${IDS}, "name":"name", "displayName":"displayName"${extra}}`;
  verdicts(SignalCurrentUserDetailsRequest, [
    ['rpId, userId, name and displayName', base('rpId', 'dXNlcklkMTIz'), true],
    ['a userId with "+"', base('rpId', 'd+'), false],
    ['rpId missing', base('rpd', 'dXNlcklkMTIz'), false],
    ['an extra key', base('rpId', 'dXNlcklkMTIz', ', "extra":"extra"'), true],
  ]);
});
