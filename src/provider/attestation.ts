// Attestation objects (WebAuthn §6.5.4): "none" (§8.7) and "packed" self attestation (§8.2, no x5c:
// the signature is made with the credential private key over authenticatorData || clientDataHash).
import type { KeyObject } from 'node:crypto';
import { encode } from 'cborg';
import { signWithCredentialKey, type SupportedAlgorithm } from './keys.js';

export type AttestationMode = 'none' | 'packed';

/** §6.5.4: the CBOR map { fmt, attStmt, authData } (cborg writes its keys in canonical order). */
export function encodeAttestationObject(
  fmt: string,
  attStmt: Record<string, unknown> | Map<string, unknown>,
  authData: Uint8Array,
): Uint8Array {
  return encode({ fmt, attStmt, authData });
}

export function buildAttestationObject(
  mode: AttestationMode,
  authData: Uint8Array,
  clientDataHash: Uint8Array,
  algorithm: SupportedAlgorithm,
  privateKey: KeyObject,
): Uint8Array {
  if (mode === 'none') return encodeAttestationObject('none', {}, authData);
  // §8.2 signing procedure, self attestation: alg is the credential's, sig over authData || clientDataHash
  const sig = signWithCredentialKey(algorithm, privateKey, Buffer.concat([authData, clientDataHash]));
  return encodeAttestationObject('packed', { alg: algorithm, sig }, authData);
}
