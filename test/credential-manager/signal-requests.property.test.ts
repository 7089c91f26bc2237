// Property tests for the signal requests' structural validation: well-formed JSON with base64url ids is
// always accepted; any id outside the URL-safe alphabet is always rejected before a provider is reached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  IllegalArgumentException,
  SignalAllAcceptedCredentialIdsRequest,
  SignalCurrentUserDetailsRequest,
  SignalUnknownCredentialRequest,
} from '../../packages/credential-manager/src/index.js';

const id = fc.uint8Array({ minLength: 0, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64url'));
// A string with at least one character that URL_SAFE base64 never contains.
const notBase64url = fc
  .tuple(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('+', '/', ' ', '*', '.', '~', 'é'),
    fc.string({ maxLength: 8 }),
  )
  .map(([a, bad, b]) => `${a}${bad}${b}`);

test('well-formed signal JSON is accepted', () => {
  fc.assert(
    fc.property(
      fc.domain(),
      id,
      id,
      fc.array(id, { maxLength: 5 }),
      fc.string(),
      fc.string(),
      (rpId, cred, user, ids, name, dn) => {
        new SignalUnknownCredentialRequest(JSON.stringify({ rpId, credentialId: cred }));
        new SignalAllAcceptedCredentialIdsRequest(
          JSON.stringify({ rpId, userId: user, allAcceptedCredentialIds: ids }),
        );
        new SignalCurrentUserDetailsRequest(JSON.stringify({ rpId, userId: user, name, displayName: dn }));
      },
    ),
    { numRuns: 200 },
  );
});

test('a non-base64url id is always rejected', () => {
  fc.assert(
    fc.property(fc.domain(), notBase64url, id, (rpId, bad, good) => {
      const cases = [
        () => new SignalUnknownCredentialRequest(JSON.stringify({ rpId, credentialId: bad })),
        () =>
          new SignalAllAcceptedCredentialIdsRequest(
            JSON.stringify({ rpId, userId: bad, allAcceptedCredentialIds: [] }),
          ),
        () =>
          new SignalAllAcceptedCredentialIdsRequest(
            JSON.stringify({ rpId, userId: good, allAcceptedCredentialIds: [good, bad] }),
          ),
        () =>
          new SignalCurrentUserDetailsRequest(
            JSON.stringify({ rpId, userId: bad, name: 'n', displayName: 'd' }),
          ),
      ];
      for (const make of cases) assert.throws(make, IllegalArgumentException);
    }),
    { numRuns: 200 },
  );
});
