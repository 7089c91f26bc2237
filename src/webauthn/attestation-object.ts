// The attestation object (WebAuthn §6.5.4): a CBOR map { fmt: text, attStmt: map, authData: bytes }, decoded
// strictly (well-formed, no duplicate keys, no trailing bytes) — §7.1 step 12.
import { decodeCbor } from './cbor.js';
import { WebAuthnError } from './errors.js';

export interface AttestationObject {
  fmt: string;
  attStmt: Map<unknown, unknown>;
  authData: Uint8Array;
}

function malformed(message: string): never {
  throw new WebAuthnError('malformed_input', `attestationObject: ${message}`);
}

export function decodeAttestationObject(bytes: Uint8Array): AttestationObject {
  if (bytes.length === 0) malformed('empty');
  const top = decodeCbor(bytes, 'attestationObject', true);
  if (!(top instanceof Map)) malformed('not a CBOR map');
  for (const key of top.keys()) {
    if (key !== 'fmt' && key !== 'attStmt' && key !== 'authData')
      malformed(`unexpected member ${String(key)}`);
  }
  const fmt = top.get('fmt');
  const attStmt = top.get('attStmt');
  const authData = top.get('authData');
  if (typeof fmt !== 'string') malformed('fmt is missing or not text');
  if (!(attStmt instanceof Map)) malformed('attStmt is missing or not a map');
  if (!(authData instanceof Uint8Array)) malformed('authData is missing or not a byte string');
  return { fmt, attStmt, authData };
}
