// Attestation objects (WebAuthn §6.5.4): "none" (§8.7), "packed" self attestation (§8.2, no x5c: the signature
// is made with the credential private key over authenticatorData || clientDataHash) and "packed" full
// attestation (§8.2, Basic: an attestation key signs, its certificate chain goes in x5c).
import type { KeyObject } from 'node:crypto';
import { encode } from 'cborg';
import { signWithCredentialKey, type KeyAlgorithm, type SupportedAlgorithm } from './keys.js';

export type AttestationMode = 'none' | 'packed';

/** An attestation key and its certificate chain (DER, attestation certificate first, the root left out). */
export interface AttestationCertificateChain {
  /** EC P-256 (ES256), Ed25519 (EdDSA) or RSA (RS256). */
  privateKey: KeyObject;
  x5c: readonly Uint8Array[];
}

/** The COSE algorithm an attestation key signs with. */
function attestationAlgorithm(key: KeyObject): SupportedAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return -7;
  if (type === 'ed25519') return -8;
  if (type === 'rsa') return -257;
  throw new RangeError(`an attestation key must be EC P-256, Ed25519 or RSA, not ${String(type)}`);
}

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
  algorithm: KeyAlgorithm,
  privateKey: KeyObject,
  certificate?: AttestationCertificateChain,
): Uint8Array {
  if (mode === 'none') return encodeAttestationObject('none', {}, authData);
  const signed = Buffer.concat([authData, clientDataHash]);
  if (certificate && certificate.x5c.length > 0) {
    // §8.2 signing procedure, full attestation: alg is the attestation key's, sig over authData ||
    // clientDataHash with it, x5c the attestation certificate and its chain
    const alg = attestationAlgorithm(certificate.privateKey);
    const sig = signWithCredentialKey(alg, certificate.privateKey, signed);
    return encodeAttestationObject('packed', { alg, sig, x5c: [...certificate.x5c] }, authData);
  }
  // §8.2 signing procedure, self attestation: alg is the credential's, sig over authData || clientDataHash
  const sig = signWithCredentialKey(algorithm, privateKey, signed);
  return encodeAttestationObject('packed', { alg: algorithm, sig }, authData);
}
