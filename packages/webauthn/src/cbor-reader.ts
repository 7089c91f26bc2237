// A lean reader for the CBOR structures on the registration hot path (the attestationObject's top-level map, the
// credential's COSE_Key): it walks cborg's own tokenizer one map entry at a time instead of building a Map. Map heads
// and byte strings it reads itself, in place (byte strings as views of the input where asked, else as copies);
// every other item (integers, text, arrays, nested maps, tags, simple values) cborg decodes, and anything odd in a
// head it reads goes to cborg too, so it accepts exactly what decodeCbor accepts (a property test holds it to that).
// It adds the same two rules decodeCbor asks cborg for: no duplicate map keys, no trailing bytes.
import { Token, Type, tokensToObject } from 'cborg';
import { copyBytes } from './bytes.js';
import { CBOR_DECODE_OPTIONS } from './cbor.js';
import { KnownTextTokenizer } from './cbor-tokenizer.js';
import { WebAuthnError } from './errors.js';

/** credkit's rules (cbor.ts) over cborg's other decode defaults, as cborg's decode() merges them. */
const OPTIONS = { allowIndefinite: true, allowBigInt: true, ...CBOR_DECODE_OPTIONS };

const BREAK = 0xff;

/** Map key equality (SameValueZero). */
const sameKey = (a: unknown, b: unknown): boolean => a === b || (a !== a && b !== b);

/**
 * A map's labels and values in order (a Map's `get`/`has` for the few entries of a COSE_Key, without a hash table).
 * Keys compare with SameValueZero, as Map keys do.
 */
export class CborMapEntries {
  readonly #flat: unknown[];
  #length = 0;

  /** `expected`: the number of entries the map header announced (room is made for them at once). */
  constructor(expected: number) {
    this.#flat = expected <= 32 ? new Array<unknown>(expected * 2) : [];
  }

  get size(): number {
    return this.#length >> 1;
  }

  has(key: unknown): boolean {
    const flat = this.#flat;
    for (let i = 0; i < this.#length; i += 2) if (sameKey(flat[i], key)) return true;
    return false;
  }

  get(key: unknown): unknown {
    const flat = this.#flat;
    for (let i = 0; i < this.#length; i += 2) if (sameKey(flat[i], key)) return flat[i + 1];
    return undefined;
  }

  /** Adds an entry; false (and nothing added) when the key is already there. */
  add(key: unknown, value: unknown): boolean {
    if (this.has(key)) return false;
    this.#flat[this.#length++] = key;
    this.#flat[this.#length++] = value;
    return true;
  }
}

/**
 * The argument of the CBOR head at `pos` (RFC 8949 §3: additional information below 24 is the argument, 24-27 say
 * that a 1, 2, 4 or 8-byte one follows), or -1 for anything else (indefinite, reserved, past the data, unsafe).
 */
function headArgument(data: Uint8Array, pos: number): number {
  const info = data[pos]! & 0x1f;
  if (info < 24) return info;
  if (info > 27) return -1;
  const size = 1 << (info - 24);
  if (pos + size >= data.length) return -1;
  let value = 0;
  for (let i = 1; i <= size; i++) value = value * 256 + data[pos + i]!;
  return value <= Number.MAX_SAFE_INTEGER ? value : -1;
}

/** Size of a CBOR head (initial byte and argument) whose additional information is below 28. */
const headSize = (initial: number): number =>
  (initial & 0x1f) < 24 ? 1 : 1 + (1 << ((initial & 0x1f) - 24));

/**
 * cborg's tokenizer (with the known-text table) that also reads the structures above it, and the byte strings in
 * them itself: as views of the input when asked, else as copies; either way plain Uint8Arrays, whatever the input's
 * class (a Buffer's slice would be a view).
 * cborg hands a terminal token's value on at once, so one scratch token carries every byte string.
 *
 * Reading is synchronous and never nests, so one reader serves every read (CborReader.at): it holds no state
 * between reads but the last input.
 */
export class CborReader extends KnownTextTokenizer {
  #what: string;
  /** When set, a byte string comes back as a view of the input. */
  #views = false;
  readonly #bytes = new Token(Type.bytes, undefined, 0);

  /** `bytes` is read in place: views it returns share its memory, so it must not change while they are used. */
  constructor(bytes: Uint8Array, what: string) {
    super(bytes, OPTIONS);
    this.#what = what;
  }

  static #shared: CborReader | undefined;

  /** The reader, set to read the item at `offset` of `bytes` (which may sit inside a larger structure). */
  static at(bytes: Uint8Array, offset: number, what: string): CborReader {
    const reader = (CborReader.#shared ??= new CborReader(bytes, what));
    reader.data = bytes;
    reader._pos = offset;
    reader.#what = what;
    reader.#views = false;
    return reader;
  }

  /** Where the next item starts (settable, to read an item inside a larger structure). */
  get offset(): number {
    return this._pos;
  }

  set offset(value: number) {
    this._pos = value;
  }

  override next(): Token {
    const data = this.data;
    const pos = this._pos;
    const initial = data[pos];
    if (initial !== undefined && initial >= 0x40 && initial <= 0x5b) {
      const length = headArgument(data, pos);
      const start = pos + headSize(initial);
      // a length that runs past the data goes to cborg, which reports it as it always does
      if (length >= 0 && start + length <= data.length) {
        const end = start + length;
        this._pos = end;
        const token = this.#bytes;
        token.value = this.#views
          ? new Uint8Array(data.buffer, data.byteOffset + start, length)
          : copyBytes(data, start, end);
        token.encodedLength = end - pos;
        return token;
      }
    }
    return super.next();
  }

  malformed(message: string, cause?: unknown): never {
    throw new WebAuthnError('malformed_input', `${this.#what} is not well-formed CBOR: ${message}`, {
      cause,
    });
  }

  /** The next complete item, decoded by cborg (byte strings copied, maps as Map). */
  item(): unknown {
    if (this.done()) this.malformed('unexpected end of data');
    let value: unknown;
    try {
      value = tokensToObject(this, OPTIONS);
    } catch (cause) {
      this.malformed((cause as Error).message, cause);
    }
    // cborg's DONE / BREAK markers: a break where an item belongs
    if (typeof value === 'symbol') this.malformed('unexpected break');
    return value;
  }

  /** The next item as it is, with byte strings as views of the input. */
  itemWithViews(): unknown {
    this.#views = true;
    try {
      return this.item();
    } finally {
      this.#views = false;
    }
  }

  /** Reads a map header: the number of entries, or Infinity for an indefinite-length map. Undefined: not a map. */
  mapHeader(): number | undefined {
    if (this.done()) this.malformed('unexpected end of data');
    const initial = this.data[this._pos]!;
    if (initial >> 5 !== 5) return undefined;
    // read in place (no token); indefinite-length maps and anything odd go to cborg
    const count = headArgument(this.data, this._pos);
    if (count >= 0) {
      this._pos += headSize(initial);
      return count;
    }
    try {
      return this.next().value as number;
    } catch (cause) {
      this.malformed((cause as Error).message, cause);
    }
  }

  /** After `i` entries of a map of `count`: whether another entry follows (consumes an indefinite map's break). */
  hasEntry(i: number, count: number): boolean {
    if (count !== Infinity) return i < count;
    if (this.done()) this.malformed('indefinite-length map has no break');
    if (this.data[this._pos] !== BREAK) return true;
    this._pos += 1;
    return false;
  }

  /** Reads a whole map (keys and values decoded by cborg, byte strings as views); duplicate keys are malformed. */
  mapEntries(): CborMapEntries | undefined {
    const count = this.mapHeader();
    if (count === undefined) return undefined;
    const entries = new CborMapEntries(count);
    for (let i = 0; this.hasEntry(i, count); i++) {
      const key = this.itemWithViews();
      if (!entries.add(key, this.itemWithViews())) this.malformed(`found repeat map key "${String(key)}"`);
    }
    return entries;
  }

  /** Fails unless every byte has been read. */
  end(): void {
    const left = this.data.length - this._pos;
    if (left !== 0) this.malformed(`${left} trailing bytes`);
  }
}
