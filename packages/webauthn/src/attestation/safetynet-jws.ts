// The SafetyNet attestation response (WebAuthn §8.5): a JWS in compact serialization whose header carries the
// signing certificate chain in x5c, RS256 or ES256 (the shared reader is ../jws.ts). Its defects are
// attestation_invalid.
import type { KeyObject } from 'node:crypto';
import { parseX5cJws, verifyX5cJwsSignature, type JwsContext, type X5cJws } from '../jws.js';

export type SafetyNetJws = X5cJws;

const SAFETYNET: JwsContext = { code: 'attestation_invalid', what: 'SafetyNet JWS' };

export function parseSafetyNetJws(response: Uint8Array): SafetyNetJws {
  return parseX5cJws(Buffer.from(response).toString('utf8'), SAFETYNET);
}

/** Verifies the JWS signature with `key` (the leaf certificate's); only RS256 and ES256 are accepted. */
export function verifyJwsSignature(jws: SafetyNetJws, key: KeyObject): boolean {
  return verifyX5cJwsSignature(jws, key, SAFETYNET);
}
