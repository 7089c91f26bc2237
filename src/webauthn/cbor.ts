// CBOR (RFC 8949) decoding for WebAuthn: strict (well-formed, canonical-enough, no duplicate map keys,
// no trailing bytes) on top of cborg. Maps decode to JS Map so integer COSE labels keep their type.
import { decode, decodeFirst, encode } from 'cborg';
import { KnownTextTokenizer } from './cbor-tokenizer.js';
import { WebAuthnError } from './errors.js';

const OPTIONS = {
  useMaps: true,
  rejectDuplicateMapKeys: true,
  strict: false,
  allowUndefined: false,
} as const;

/**
 * Decodes exactly one CBOR item; trailing bytes are malformed input. `knownText`: take WebAuthn's common text
 * strings from a table (fewer allocations for attestation objects; same result, same strictness).
 */
export function decodeCbor(bytes: Uint8Array, what = 'CBOR', knownText = false): unknown {
  try {
    return decode(
      bytes,
      knownText ? { ...OPTIONS, tokenizer: new KnownTextTokenizer(bytes, OPTIONS) } : OPTIONS,
    );
  } catch (cause) {
    throw new WebAuthnError(
      'malformed_input',
      `${what} is not well-formed CBOR: ${(cause as Error).message}`,
      { cause },
    );
  }
}

/** Decodes the first CBOR item and returns it with the bytes that follow it. */
export function decodeCborFirst(bytes: Uint8Array, what = 'CBOR'): [unknown, Uint8Array] {
  try {
    return decodeFirst(bytes, OPTIONS) as [unknown, Uint8Array];
  } catch (cause) {
    throw new WebAuthnError(
      'malformed_input',
      `${what} is not well-formed CBOR: ${(cause as Error).message}`,
      { cause },
    );
  }
}

export function encodeCbor(value: unknown): Uint8Array {
  return encode(value);
}
