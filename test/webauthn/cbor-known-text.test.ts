// The attestation-object reader takes WebAuthn's common text strings from a table (cbor-tokenizer.ts, under
// cbor-reader.ts): it must decode exactly what plain cborg decodes and reject what plain decoding rejects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from 'cborg';
import { decodeCbor } from '../../packages/webauthn/src/cbor.js';
import { CborReader } from '../../packages/webauthn/src/cbor-reader.js';
import { decodeAttestationObject } from '../../packages/webauthn/src/attestation-object.js';
import { WebAuthnError } from '../../packages/webauthn/src/errors.js';

const isMalformed = (e: unknown): boolean => e instanceof WebAuthnError && e.code === 'malformed_input';

/** One whole item through the reader (known-text tokens), as decodeCbor reads it. */
function readWhole(bytes: Uint8Array): unknown {
  const reader = new CborReader(bytes, 'x');
  const value = reader.item();
  reader.end();
  return value;
}
const TEXTS = [
  'fmt',
  'attStmt',
  'authData',
  'none',
  'packed',
  'alg',
  'sig',
  'x5c',
  'fm',
  'fmtx',
  'Fmt',
  'attStmts',
  'é',
  '',
];

test('known and unknown text strings decode as plain cborg decodes them', () => {
  for (const t of TEXTS) {
    const bytes = encode(
      new Map<unknown, unknown>([
        [t, t],
        [1, new Uint8Array([1, 2, 3])],
      ]),
    );
    assert.deepEqual(readWhole(bytes), decodeCbor(bytes, 'x'), t);
  }
});

test('a known text string cut short or repeated as a map key is still malformed', () => {
  const truncated = Uint8Array.of(0xa1, 0x63, 0x66, 0x6d); // {"fm… (3-byte text with 2 bytes)
  assert.throws(() => readWhole(truncated), isMalformed);
  const duplicate = Uint8Array.of(0xa2, 0x63, 0x66, 0x6d, 0x74, 0x01, 0x63, 0x66, 0x6d, 0x74, 0x02);
  assert.throws(() => readWhole(duplicate), isMalformed);
  const trailing = Uint8Array.of(...encode('fmt'), 0x00);
  assert.throws(() => readWhole(trailing), isMalformed);
});

test('decodeAttestationObject reads authData in place: a plain Uint8Array view of its input, not a copy', () => {
  const authData = new Uint8Array(40).fill(7);
  const input = Buffer.from(
    encode(
      new Map<unknown, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    ),
  );
  const decoded = decodeAttestationObject(input);
  assert.equal(decoded.fmt, 'none');
  assert.equal(Object.getPrototypeOf(decoded.authData), Uint8Array.prototype);
  assert.deepEqual(decoded.authData, authData);
  assert.equal(decoded.authData.buffer, input.buffer);
  input.fill(0);
  assert.deepEqual(decoded.authData, new Uint8Array(40));
});

test('decodeAttestationObject: the empty attStmt of "none" is an empty map nobody can fill', () => {
  const input = encode(
    new Map<unknown, unknown>([
      ['fmt', 'none'],
      ['attStmt', new Map()],
      ['authData', new Uint8Array(37)],
    ]),
  );
  const { attStmt } = decodeAttestationObject(input);
  assert.equal(attStmt.size, 0);
  assert.ok(attStmt instanceof Map);
  assert.throws(() => (attStmt as Map<unknown, unknown>).set('x', 1), TypeError);
  assert.equal(decodeAttestationObject(input).attStmt.size, 0);
  // a non-empty attStmt is decoded as before
  const packed = encode(
    new Map<unknown, unknown>([
      ['fmt', 'packed'],
      ['attStmt', new Map<unknown, unknown>([['alg', -7]])],
      ['authData', new Uint8Array(37)],
    ]),
  );
  assert.equal(decodeAttestationObject(packed).attStmt.get('alg'), -7);
});
