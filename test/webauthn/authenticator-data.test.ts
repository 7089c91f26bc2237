// Authenticator data (§6.1, §6.5.2) read by offset (readAuthenticatorData) and as views (parseAuthenticatorData):
// both describe the same parts; attestedParts finds the AAGUID and credential ID at their fixed offsets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from 'cborg';
import {
  AAGUID_OFFSET,
  CREDENTIAL_ID_OFFSET,
  aaguidToString,
  attestedParts,
  parseAuthenticatorData,
  readAuthenticatorData,
} from '../../packages/webauthn/src/authenticator-data.js';
import { WebAuthnError } from '../../packages/webauthn/src/errors.js';

const isMalformed = (e: unknown): boolean => e instanceof WebAuthnError && e.code === 'malformed_input';

const aaguid = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
const credentialId = Uint8Array.of(1, 2, 3, 4, 5);
const coseKey = encode(
  new Map<number, unknown>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, new Uint8Array(32).fill(4)],
    [-3, new Uint8Array(32).fill(5)],
  ]),
);
const extensions = encode(new Map([['credProtect', 2]]));

function authData(withExtensions: boolean): Uint8Array {
  const header = new Uint8Array(37);
  header[32] = 0x45 | (withExtensions ? 0x80 : 0); // UP UV AT (ED)
  header.set([0, 0, 1, 2], 33);
  return Uint8Array.from([
    ...header,
    ...aaguid,
    0,
    credentialId.length,
    ...credentialId,
    ...coseKey,
    ...(withExtensions ? extensions : []),
  ]);
}

test('readAuthenticatorData locates the parts parseAuthenticatorData hands out as views', () => {
  for (const withExtensions of [false, true]) {
    const bytes = authData(withExtensions);
    const layout = readAuthenticatorData(bytes);
    assert.equal(layout.signCount, 258);
    assert.equal(layout.flags.at, true);
    assert.equal(layout.credentialIdEnd, CREDENTIAL_ID_OFFSET + credentialId.length);
    assert.equal(layout.credentialPublicKeyEnd, layout.credentialIdEnd! + coseKey.length);
    assert.equal(layout.credentialPublicKeyMap!.get(3), -7);
    assert.deepEqual(layout.extensions, withExtensions ? new Map([['credProtect', 2]]) : undefined);

    const parsed = parseAuthenticatorData(bytes);
    const acd = parsed.attestedCredentialData!;
    assert.deepEqual(parsed.rpIdHash, bytes.subarray(0, 32));
    assert.deepEqual(acd.aaguid, aaguid);
    assert.deepEqual(acd.credentialId, credentialId);
    assert.deepEqual(acd.credentialPublicKey, coseKey);
    assert.equal(acd.credentialId.buffer, bytes.buffer, 'views, not copies');
    assert.deepEqual(attestedParts(bytes), { aaguid: acd.aaguid, credentialId: acd.credentialId });
  }
});

test('readAuthenticatorData is as strict as before: truncated, empty ID, leftovers', () => {
  const bytes = authData(false);
  assert.throws(() => readAuthenticatorData(bytes.subarray(0, 50)), isMalformed);
  assert.throws(() => readAuthenticatorData(Uint8Array.of(...bytes, 0)), isMalformed);
  const noId = Uint8Array.from(bytes);
  noId[CREDENTIAL_ID_OFFSET - 1] = 0;
  assert.throws(() => readAuthenticatorData(noId), isMalformed);
});

test('attestedParts: only for authenticatorData with attested credential data', () => {
  const short = new Uint8Array(37);
  short[32] = 0x05;
  assert.throws(() => attestedParts(short), isMalformed);
  const noAt = authData(false);
  noAt[32] &= ~0x40;
  assert.throws(() => attestedParts(noAt), isMalformed);
  const longId = authData(false);
  longId[CREDENTIAL_ID_OFFSET - 2] = 0xff;
  assert.throws(() => attestedParts(longId), isMalformed);
});

test('aaguidToString reads 16 bytes at an offset as it reads a 16-byte array', () => {
  const bytes = authData(false);
  const text = 'a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf';
  assert.equal(aaguidToString(aaguid), text);
  assert.equal(aaguidToString(bytes, AAGUID_OFFSET), text);
  // remembered strings are matched byte for byte, never by position alone
  const other = Uint8Array.from(bytes);
  other[AAGUID_OFFSET + 15] = 0;
  assert.equal(aaguidToString(other, AAGUID_OFFSET), 'a0a1a2a3-a4a5-a6a7-a8a9-aaabacadae00');
  assert.equal(aaguidToString(bytes, AAGUID_OFFSET), text);
});
