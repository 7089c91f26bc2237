// The lean reader (cbor-reader.ts) walks cborg's tokens instead of calling cborg's decode: it must accept exactly
// what decodeCbor accepts, give the same values (byte strings as views where asked), and reject duplicate keys,
// breaks out of place and trailing bytes as decodeCbor does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encode } from 'cborg';
import { decodeCbor } from '../../packages/webauthn/src/cbor.js';
import { CborReader } from '../../packages/webauthn/src/cbor-reader.js';
import { WebAuthnError } from '../../packages/webauthn/src/errors.js';

const isMalformed = (e: unknown): boolean => e instanceof WebAuthnError && e.code === 'malformed_input';

/** Outcome of reading one whole item with the reader: the value, or 'malformed'. */
function readWhole(bytes: Uint8Array, views: boolean): unknown {
  try {
    const reader = new CborReader(bytes, 'x');
    const value = views ? reader.itemWithViews() : reader.item();
    reader.end();
    return value;
  } catch (e) {
    assert.ok(isMalformed(e), `reader threw ${String(e)}`);
    return 'malformed';
  }
}

function decodeWhole(bytes: Uint8Array): unknown {
  try {
    return decodeCbor(bytes, 'x');
  } catch (e) {
    assert.ok(isMalformed(e));
    return 'malformed';
  }
}

/** Byte strings of every length class: in the initial byte, one length byte, two, four. */
const byteStrings = fc.oneof(
  fc.uint8Array({ maxLength: 23 }),
  fc.uint8Array({ minLength: 24, maxLength: 255 }),
  fc.uint8Array({ minLength: 256, maxLength: 600 }),
);
const cborValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: -100000, max: 100000 }),
    fc.string({ maxLength: 30 }),
    byteStrings,
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc
      .array(
        fc.tuple(fc.oneof(fc.integer({ min: -30, max: 30 }), fc.string({ maxLength: 8 })), tie('value')),
        {
          maxLength: 5,
        },
      )
      .map((entries) => new Map(entries)),
  ),
})).value;

test('reader and decodeCbor agree on valid CBOR and on every mutation of it', () => {
  fc.assert(
    fc.property(
      cborValue,
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
      fc.integer({ min: -3, max: 2 }),
      (value, edits, cut) => {
        const bytes = encode(value);
        for (const [at, byte] of edits) if (bytes.length > 0) bytes[at % bytes.length] = byte;
        const input = cut < 0 ? bytes.subarray(0, Math.max(0, bytes.length + cut)) : bytes;
        const padded = cut > 0 ? Uint8Array.of(...input, ...new Array<number>(cut).fill(0)) : input;
        const expected = padded.length === 0 ? 'malformed' : decodeWhole(padded);
        assert.deepEqual(readWhole(padded, false), expected);
        assert.deepEqual(readWhole(padded, true), expected);
      },
    ),
    { numRuns: 2000 },
  );
});

test('itemWithViews gives byte strings as views of the input; item gives copies', () => {
  for (const length of [0, 5, 23, 24, 255, 256, 65535]) {
    const input = encode(new Uint8Array(length).fill(9));
    const view = new CborReader(input, 'x').itemWithViews() as Uint8Array;
    const copy = new CborReader(input, 'x').item() as Uint8Array;
    assert.equal(view.length, length);
    assert.equal(view.buffer, input.buffer, `length ${length} is a view`);
    assert.notEqual(copy.buffer, input.buffer, `length ${length} is a copy`);
    assert.deepEqual(copy, view);
  }
});

test('mapEntries: entries in order, get/has with Map key semantics, duplicate keys malformed', () => {
  const reader = new CborReader(
    encode(
      new Map<unknown, unknown>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, new Uint8Array([1, 2])],
        ['t', 'x'],
      ]),
    ),
    'x',
  );
  const entries = reader.mapEntries()!;
  reader.end();
  assert.equal(entries.size, 5);
  assert.equal(entries.get(3), -7);
  assert.equal(entries.get('t'), 'x');
  assert.deepEqual(entries.get(-2), new Uint8Array([1, 2]));
  assert.equal(entries.has(-3), false);
  assert.equal(entries.get('1'), undefined);

  // {1: 2, 1: 3}
  assert.throws(
    () => new CborReader(Uint8Array.of(0xa2, 0x01, 0x02, 0x01, 0x03), 'x').mapEntries(),
    isMalformed,
  );
  // an indefinite-length map {_ 1: 2} with its break, and without it
  const indefinite = new CborReader(Uint8Array.of(0xbf, 0x01, 0x02, 0xff), 'x');
  assert.equal(indefinite.mapEntries()!.get(1), 2);
  indefinite.end();
  assert.throws(() => new CborReader(Uint8Array.of(0xbf, 0x01, 0x02), 'x').mapEntries(), isMalformed);
  // not a map
  assert.equal(new CborReader(Uint8Array.of(0x80), 'x').mapEntries(), undefined);
  // a break where a value belongs, and a map cut short
  assert.throws(() => new CborReader(Uint8Array.of(0xa1, 0x01, 0xff), 'x').mapEntries(), isMalformed);
  assert.throws(() => new CborReader(Uint8Array.of(0xa2, 0x01, 0x02), 'x').mapEntries(), isMalformed);
});

test('end() rejects trailing bytes; the reader starts wherever offset is set', () => {
  const bytes = Uint8Array.of(0x00, 0xa1, 0x01, 0x02, 0x07);
  const reader = new CborReader(bytes, 'x');
  reader.offset = 1;
  assert.equal(reader.mapEntries()!.get(1), 2);
  assert.equal(reader.offset, 4);
  assert.throws(() => reader.end(), isMalformed);
});

/** A CBOR head of major type `major` carrying `value` in an argument of `size` extra bytes (0: in the initial byte). */
function head(major: number, value: number, size: 0 | 1 | 2 | 4 | 8): number[] {
  if (size === 0) return [(major << 5) | value];
  const out = [(major << 5) | (24 + Math.log2(size))];
  for (let i = size - 1; i >= 0; i--) out.push(Math.floor(value / 2 ** (8 * i)) % 256);
  return out;
}

const headSize = fc.constantFrom<0 | 1 | 2 | 4 | 8>(0, 1, 2, 4, 8);

test('byte strings and maps with heads of every size (minimal or not), read from a Buffer or a Uint8Array, as decodeCbor reads them', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 40 }),
      headSize,
      headSize,
      fc.integer({ min: -2, max: 2 }),
      fc.boolean(),
      (content, bytesHead, mapHead, skew, asBuffer) => {
        const length = Math.max(0, content.length + skew); // a length that may run past the data, or stop short
        if (bytesHead === 0 && length > 23) return;
        const bytes = [...head(2, length, bytesHead), ...content];
        const map = [...head(5, 1, mapHead), 0x01, ...bytes];
        for (const encoded of [bytes, map]) {
          const input = asBuffer ? Buffer.from(encoded) : Uint8Array.from(encoded);
          const expected = decodeWhole(input);
          assert.deepEqual(readWhole(input, false), expected);
          assert.deepEqual(readWhole(input, true), expected);
        }
        // mapEntries reads the map head in place: the same entries, or malformed where decodeCbor says so
        const input = asBuffer ? Buffer.from(map) : Uint8Array.from(map);
        const expected = decodeWhole(input);
        let entries: unknown = 'malformed';
        try {
          const reader = new CborReader(input, 'x');
          const read = reader.mapEntries()!;
          reader.end();
          entries = new Map([[1, read.get(1)]]);
        } catch (e) {
          assert.ok(isMalformed(e));
        }
        assert.deepEqual(entries, expected);
      },
    ),
    { numRuns: 1000 },
  );
});

test('byte strings come back as plain Uint8Arrays from a Buffer too (a Buffer slice would be a view)', () => {
  const input = Buffer.from(encode(new Map<unknown, unknown>([[1, new Uint8Array([5, 6, 7])]])));
  const copy = (new CborReader(input, 'x').item() as Map<unknown, Uint8Array>).get(1)!;
  const view = (new CborReader(input, 'x').itemWithViews() as Map<unknown, Uint8Array>).get(1)!;
  assert.equal(Object.getPrototypeOf(copy), Uint8Array.prototype);
  assert.equal(Object.getPrototypeOf(view), Uint8Array.prototype);
  assert.notEqual(copy.buffer, input.buffer);
  assert.equal(view.buffer, input.buffer);
  input[input.length - 1] = 0;
  assert.deepEqual(copy, new Uint8Array([5, 6, 7]));
  assert.deepEqual(view, new Uint8Array([5, 6, 0]));
});

test('CborReader.at: the one shared reader starts afresh at the offset it is given, whatever the last read left', () => {
  const first = CborReader.at(Uint8Array.of(0xa1, 0x01), 0, 'first');
  assert.throws(() => first.mapEntries(), /first is not well-formed CBOR/);
  const second = CborReader.at(Uint8Array.of(0x07, 0xa1, 0x01, 0x41, 0x09), 1, 'second');
  assert.equal(second, first);
  assert.deepEqual(second.mapEntries()!.get(1), Uint8Array.of(9));
  second.end();
  // a read left inside itemWithViews by a throw does not make the next read hand out views
  assert.throws(() => CborReader.at(Uint8Array.of(0x82, 0x41), 0, 'x').itemWithViews(), isMalformed);
  const input = Uint8Array.of(0x41, 0x03);
  const copy = CborReader.at(input, 0, 'x').item() as Uint8Array;
  assert.notEqual(copy.buffer, input.buffer);
});
