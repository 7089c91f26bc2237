// Strictness beyond the popular libraries: every CBOR item a response carries (attestationObject, the attested
// COSE key, the authenticator extension outputs) must be one well-formed data item (RFC 8949 §5.3.1) with no
// duplicate map keys and nothing after it. Each case fails with malformed_input.
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../../src/webauthn/index.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode } from 'cborg';
import { verifyAuthentication } from '../../src/webauthn/authentication.js';
import { verifyRegistration } from '../../src/webauthn/registration.js';
import { WebAuthnError } from '../../src/webauthn/errors.js';
import { CHALLENGE, FLAGS, ORIGIN, RP_ID, TestAuthenticator } from './authenticator.js';

const es256 = new TestAuthenticator('ES256');
const expected = { challenge: CHALLENGE, origins: [ORIGIN], rpId: RP_ID };
const isMalformed = (e: unknown): boolean => e instanceof WebAuthnError && e.code === 'malformed_input';

/** A `none` registration whose attestationObject is exactly `bytes`. */
function withAttestationObject(bytes: Uint8Array): any {
  const r = es256.register();
  return { ...r, response: { ...r.response, attestationObject: Buffer.from(bytes).toString('base64url') } };
}

const register = (response: unknown) =>
  verifyRegistration({ response: response as RegistrationResponseJSON, expected });
const authData = (): Buffer => {
  const attObj = decode(Buffer.from(es256.register().response.attestationObject, 'base64url'), {
    useMaps: true,
  }) as Map<string, Uint8Array>;
  return Buffer.from(attObj.get('authData')!);
};
const text = (s: string) => encode(s);

describe('CBOR: one well-formed item, nothing after it', () => {
  test('the untouched response verifies (the cases below change one thing)', () => {
    register(es256.register());
    const attObj = Buffer.concat([
      Buffer.from([0xa3]),
      ...[text('fmt'), text('none'), text('attStmt'), encode(new Map())],
      ...[text('authData'), encode(authData())],
    ]);
    register(withAttestationObject(attObj));
  });

  test('attestationObject: duplicate map key', () => {
    const duplicated = Buffer.concat([
      Buffer.from([0xa4]),
      ...[text('fmt'), text('none'), text('fmt'), text('none')],
      ...[text('attStmt'), encode(new Map()), text('authData'), encode(authData())],
    ]);
    assert.throws(() => register(withAttestationObject(duplicated)), isMalformed);
  });

  test('attestationObject: truncated, reserved additional information, a lone break', () => {
    const whole = Buffer.from(es256.register().response.attestationObject, 'base64url');
    for (const bytes of [whole.subarray(0, whole.length - 1), Buffer.from([0xbc]), Buffer.from([0xff])])
      assert.throws(() => register(withAttestationObject(bytes)), isMalformed, bytes.toString('hex'));
  });

  test('attested COSE key with a duplicate label', () => {
    const ad = authData();
    const keyStart = 55 + ad.readUInt16BE(53);
    const key = ad.subarray(keyStart);
    assert.equal(key[0] >> 5, 5, 'COSE key is a map');
    // one more entry, repeating label 3 (alg) with -7 (ES256): same meaning, but two values for one key
    const duplicated = Buffer.concat([Buffer.from([key[0] + 1]), key.subarray(1), Buffer.from([0x03, 0x26])]);
    const patched = Buffer.concat([ad.subarray(0, keyStart), duplicated]);
    const attObj = encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', patched],
      ]),
    );
    assert.throws(() => register(withAttestationObject(attObj)), isMalformed);
  });

  test('registration: a byte after the extension outputs (ED set)', () => {
    const extensions = new Map([['credProtect', 2]]);
    register(es256.register({ extensions }));
    assert.throws(() => register(es256.register({ extensions, trailing: Buffer.from([0]) })), isMalformed);
  });

  test('assertion: a byte after the extension outputs, duplicate extension identifiers', () => {
    const flags = FLAGS.UP | FLAGS.UV | FLAGS.ED;
    const extensions = new Map([['credProtect', 2]]);
    const authenticate = (response: unknown) =>
      verifyAuthentication({
        response: response as AuthenticationResponseJSON,
        expected,
        credential: es256.record(),
      });
    authenticate(es256.authenticate({ flags, extensions }));
    assert.throws(
      () => authenticate(es256.authenticate({ flags, extensions, trailing: Buffer.from([0]) })),
      isMalformed,
    );
    // a map of two entries whose keys are both "credProtect", appended raw after the 37 bytes
    const entry = Buffer.concat([text('credProtect'), encode(2)]);
    const duplicateMap = Buffer.concat([Buffer.from([0xa2]), entry, entry]);
    const r = es256.authenticate({ flags, trailing: duplicateMap });
    assert.throws(() => authenticate(r), isMalformed);
  });
});
