// Property tests over every attestation format: a mutated statement never makes a verifier throw anything but
// WebAuthnError, and changing signed input (sig, authenticatorData, clientDataHash, TPM certInfo/pubArea) is
// never accepted.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { attestationVerifiers } from '../../packages/webauthn/src/attestation/index.js';
import { verifyTrustPath } from '../../packages/webauthn/src/attestation/trust.js';
import type { AttestationInput } from '../../packages/webauthn/src/attestation/types.js';
import { isWebAuthnError } from '../../packages/webauthn/src/errors.js';
import { readAuthenticatorData } from '../../packages/webauthn/src/authenticator-data.js';
import type { AttestationFormat } from '../../packages/webauthn/src/types.js';
import { attestationInputFor, findCase, peer, w3c } from './attestation-helpers.js';

const samples: Array<[AttestationFormat, AttestationInput]> = [
  ['packed', attestationInputFor(findCase(w3c, 'packed.ES256 registration')).input],
  ['packed', attestationInputFor(findCase(w3c, 'packed-self.ES256 registration')).input],
  ['fido-u2f', attestationInputFor(findCase(w3c, 'fido-u2f.ES256 registration')).input],
  ['android-key', attestationInputFor(findCase(w3c, 'android-key.ES256 registration')).input],
  ['apple', attestationInputFor(findCase(w3c, 'apple.ES256 registration')).input],
  ['tpm', attestationInputFor(findCase(w3c, 'tpm.ES256 registration')).input],
  [
    'tpm',
    attestationInputFor(findCase(peer, 'duo-labs/py_webauthn: test_verify_attestation_dell_xps_13')).input,
  ],
  [
    'android-safetynet',
    attestationInputFor(findCase(peer, 'duo-labs/py_webauthn: test_verify_attestation_android_safetynet'))
      .input,
  ],
];

/** Members whose change must always be rejected (they are signed or are the signature). */
const SIGNED = new Set(['sig', 'certInfo', 'pubArea']);

type Mutation = { target: string; index: number; bit: number; truncate: boolean };
const mutation = fc.record({
  target: fc.string({ maxLength: 12 }),
  index: fc.nat(),
  bit: fc.integer({ min: 0, max: 7 }),
  truncate: fc.boolean(),
});

function mutateBytes(bytes: Uint8Array, m: Mutation): Uint8Array {
  if (bytes.length === 0) return Uint8Array.of(m.bit);
  if (m.truncate) return bytes.subarray(0, m.index % bytes.length);
  const copy = Uint8Array.from(bytes);
  copy[m.index % copy.length]! ^= 1 << m.bit;
  return copy;
}

/** Applies the mutation to one attStmt member (chosen by index), authData or clientDataHash. */
function apply(
  fmt: AttestationFormat,
  input: AttestationInput,
  m: Mutation,
): { input: AttestationInput; signedChange: boolean } {
  const keys = [...input.attStmt.keys()].map(String);
  const choice = m.index % (keys.length + 2);
  if (choice === keys.length) {
    // authData changes reach the verifier once read strictly (the ceremony reads it before it verifies).
    // fido-u2f signs only rpIdHash, credential ID and key from it, not flags and signCount (§8.6 step 5).
    const authData = mutateBytes(input.authData, m);
    const signedChange = fmt !== 'fido-u2f' || m.truncate || m.index % input.authData.length < 32;
    readAuthenticatorData(authData);
    return { input: { ...input, authData }, signedChange };
  }
  if (choice === keys.length + 1)
    return { input: { ...input, clientDataHash: mutateBytes(input.clientDataHash, m) }, signedChange: true };
  const key = keys[choice]!;
  const value = input.attStmt.get(key);
  const attStmt = new Map(input.attStmt);
  if (value instanceof Uint8Array) attStmt.set(key, mutateBytes(value, m));
  else if (Array.isArray(value))
    attStmt.set(
      key,
      value.map((v, i) => (i === m.bit % value.length && v instanceof Uint8Array ? mutateBytes(v, m) : v)),
    );
  else attStmt.set(key, m.truncate ? undefined : m.target);
  return { input: { ...input, attStmt }, signedChange: SIGNED.has(key) && value instanceof Uint8Array };
}

describe('attestation verifiers under mutation', () => {
  for (const [fmt, input] of samples) {
    it(`${fmt}: only typed errors, and no changed signed input accepted`, () => {
      fc.assert(
        fc.property(mutation, (m) => {
          try {
            const mutated = apply(fmt, input, m);
            const result = attestationVerifiers[fmt](mutated.input);
            verifyTrustPath({
              trustPath: result.trustPath,
              expected: { ...input.expected, skipCertificateTimeChecks: true },
            });
            assert.equal(mutated.signedChange, false, 'a change to signed input was accepted');
          } catch (e) {
            if (e instanceof assert.AssertionError) throw e;
            assert.ok(isWebAuthnError(e), `untyped error: ${String(e)}`);
          }
        }),
        { numRuns: 150 },
      );
    });
  }
});
