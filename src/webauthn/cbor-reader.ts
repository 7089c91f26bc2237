// A lean reader for the CBOR structures on the registration hot path (the attestationObject's top-level map, the
// credential's COSE_Key): it walks cborg's own tokens one map entry at a time instead of building a Map, and takes
// byte strings it is asked for as views of the input instead of copies. cborg still decodes every item (headers,
// lengths, UTF-8, nesting), so it accepts exactly what decodeCbor accepts; the reader adds the same two rules
// decodeCbor asks cborg for: no duplicate map keys, no trailing bytes.
import { Token, Type, tokensToObject } from 'cborg';
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
 * cborg's tokenizer (with the known-text table) that also reads the structures above it. The tokenizer and the
 * reader are one object: one allocation per CBOR input.
 */
export class CborReader extends KnownTextTokenizer {
  readonly #what: string;
  /** When set, a definite-length byte string (length up to 65535) comes back as a view of the input. */
  #views = false;

  /** `bytes` is read in place: views it returns share its memory, so it must not change while they are used. */
  constructor(bytes: Uint8Array, what: string) {
    super(bytes, OPTIONS);
    this.#what = what;
  }

  /** Where the next item starts (settable, to read an item inside a larger structure). */
  get offset(): number {
    return this._pos;
  }

  set offset(value: number) {
    this._pos = value;
  }

  override next(): Token {
    if (this.#views) {
      const data = this.data;
      const pos = this._pos;
      const initial = data[pos];
      if (initial !== undefined && initial >= 0x40 && initial <= 0x59) {
        let prefix = 1;
        let length = initial - 0x40;
        if (initial === 0x58) {
          prefix = 2;
          length = data[pos + 1] ?? Infinity;
        } else if (initial === 0x59) {
          prefix = 3;
          length = pos + 2 < data.length ? (data[pos + 1] << 8) | data[pos + 2] : Infinity;
        }
        // anything short or odd goes to cborg, which reports it as it always does
        if (pos + prefix + length <= data.length) {
          this._pos = pos + prefix + length;
          return new Token(Type.bytes, data.subarray(pos + prefix, pos + prefix + length), prefix + length);
        }
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

  /** The next item as it is, with byte strings (up to 65535 bytes) as views of the input. */
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
    if (this.data[this._pos] >> 5 !== 5) return undefined;
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
