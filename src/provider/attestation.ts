// Attestation objects (WebAuthn §6.5.4): "none" (§8.7) and "packed" self attestation (§8.2, no x5c:
// the signature is made with the credential private key over authenticatorData || clientDataHash).
import type { KeyObject } from 'node:crypto';
import { encode } from 'cborg';
import { signWithCredentialKey, type SupportedAlgorithm } from './keys.js';

export type AttestationMode = 'none' | 'packed';

export function buildAttestationObject(
  mode: AttestationMode,
  authData: Uint8Array,
  clientDataHash: Uint8Array,
  algorithm: SupportedAlgorithm,
  privateKey: KeyObject,
): Uint8Array {
  if (mode === 'none') return encode({ fmt: 'none', attStmt: {}, authData });
  // §8.2 signing procedure, self attestation: alg is the credential's, sig over authData || clientDataHash
  const sig = signWithCredentialKey(algorithm, privateKey, Buffer.concat([authData, clientDataHash]));
  return encode({ fmt: 'packed', attStmt: { alg: algorithm, sig }, authData });
}
