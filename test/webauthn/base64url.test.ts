// base64url as WebAuthn JSON uses it (base64url.ts): strict decoding, comparison in place, and the canonical form
// the registration record reuses instead of encoding the credential ID again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  base64urlEquals,
  fromBase64url,
  isBase64url,
  isCanonicalBase64url,
  toBase64url,
  utf8FromBase64url,
} from '../../packages/webauthn/src/base64url.js';

test('isCanonicalBase64url: unpadded, with zero spare bits in the last symbol', () => {
  for (const s of ['', 'AA', 'AAA', 'AAAA', 'AQ', 'AAE', '_w', '__8'])
    assert.equal(isCanonicalBase64url(s), true, s);
  // 'AB' and 'AAB' decode to the same bytes as 'AA' and 'AAA' with spare bits set; padding is not canonical
  for (const s of ['AB', 'AAB', 'AA==', 'AAA=', '_x', 'A']) assert.equal(isCanonicalBase64url(s), false, s);
});

test('a base64url string is canonical exactly when it is the encoding of the bytes it decodes to', () => {
  const alphabet = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_='];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }), (symbols) => {
      const s = symbols.join('');
      if (!isBase64url(s)) return;
      assert.equal(isCanonicalBase64url(s), toBase64url(fromBase64url(s)) === s, s);
    }),
    { numRuns: 5000 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      assert.equal(isCanonicalBase64url(toBase64url(bytes)), true);
    }),
  );
});

test('base64urlEquals compares with bytes[start, end) in place', () => {
  const bytes = Uint8Array.of(9, 1, 2, 3, 9);
  const text = toBase64url(Uint8Array.of(1, 2, 3));
  assert.equal(base64urlEquals(text, bytes, 'x', 1, 4), true);
  assert.equal(base64urlEquals(text, bytes, 'x', 1, 5), false);
  assert.equal(base64urlEquals(text, bytes, 'x', 0, 3), false);
  assert.equal(base64urlEquals(text, bytes.subarray(1, 4)), true);
  assert.throws(() => base64urlEquals('a+b', bytes), /x is not base64url|value is not base64url/);
});

test('utf8FromBase64url: the text of UTF-8 bytes; bytes that are not UTF-8 are malformed', () => {
  const text = 'caf\u00e9 \uFFFD \u{1F642}';
  assert.equal(utf8FromBase64url(Buffer.from(text).toString('base64url')), text);
  for (const bytes of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xef, 0xbf, 0xbd, 0x80]]) {
    assert.throws(
      () => utf8FromBase64url(Buffer.from(bytes).toString('base64url'), 'clientDataJSON'),
      /clientDataJSON: not UTF-8/,
    );
  }
  assert.throws(() => utf8FromBase64url('a+b'), /value is not base64url/);
});
