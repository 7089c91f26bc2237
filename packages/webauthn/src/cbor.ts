// CBOR (RFC 8949) decoding for WebAuthn: strict (well-formed, canonical-enough, no duplicate map keys,
// no trailing bytes) on top of cborg. Maps decode to JS Map so integer COSE labels keep their type.
import { decode, encode } from 'cborg';
import { WebAuthnError } from './errors.js';

/** credkit's decoding rules for cborg (the CBOR reader applies the same ones). */
export const CBOR_DECODE_OPTIONS = {
  useMaps: true,
  rejectDuplicateMapKeys: true,
  strict: false,
  allowUndefined: false,
} as const;

/** Decodes exactly one CBOR item; trailing bytes are malformed input. */
export function decodeCbor(bytes: Uint8Array, what = 'CBOR'): unknown {
  try {
    return decode(bytes, CBOR_DECODE_OPTIONS);
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
