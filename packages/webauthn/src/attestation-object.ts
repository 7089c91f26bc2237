// The attestation object (WebAuthn §6.5.4): a CBOR map { fmt: text, attStmt: map, authData: bytes }, decoded
// strictly (well-formed, no duplicate keys, no trailing bytes) — §7.1 step 12.
import { CborReader } from './cbor-reader.js';
import { WebAuthnError } from './errors.js';

export interface AttestationObject {
  fmt: string;
  attStmt: ReadonlyMap<unknown, unknown>;
  /** A view of the attestationObject bytes it came from. */
  authData: Uint8Array;
}

const MEMBERS = ['fmt', 'attStmt', 'authData'];

/** A Map that cannot change, for the one attStmt every "none" attestation has (§8.7: an empty map). */
class ReadonlyEmptyMap extends Map<unknown, unknown> {
  override set(): never {
    throw new TypeError('this attStmt is read-only');
  }
}
const EMPTY_MAP = new ReadonlyEmptyMap();
const EMPTY_MAP_BYTE = 0xa0;

function malformed(message: string): never {
  throw new WebAuthnError('malformed_input', `attestationObject: ${message}`);
}

export function decodeAttestationObject(bytes: Uint8Array): AttestationObject {
  if (bytes.length === 0) malformed('empty');
  const reader = CborReader.at(bytes, 0, 'attestationObject');
  const count = reader.mapHeader();
  if (count === undefined) malformed('not a CBOR map');
  let fmt: unknown;
  let attStmt: unknown;
  let authData: unknown;
  let seen = 0;
  for (let i = 0; reader.hasEntry(i, count); i++) {
    const key = reader.item();
    const member = MEMBERS.indexOf(key as string);
    if (member < 0) malformed(`unexpected member ${String(key)}`);
    if (seen & (1 << member)) reader.malformed(`found repeat map key "${String(key)}"`);
    seen |= 1 << member;
    if (member === 0) fmt = reader.item();
    else if (member === 1) {
      // the empty map of "none" is shared rather than built per call (nothing can be deleted from it)
      if (reader.data[reader.offset] === EMPTY_MAP_BYTE) {
        reader.offset += 1;
        attStmt = EMPTY_MAP;
      } else attStmt = reader.item();
    } else authData = reader.itemWithViews();
  }
  reader.end();
  if (typeof fmt !== 'string') malformed('fmt is missing or not text');
  if (!(attStmt instanceof Map)) malformed('attStmt is missing or not a map');
  if (!(authData instanceof Uint8Array)) malformed('authData is missing or not a byte string');
  return { fmt, attStmt, authData };
}
