// Signature checks of attestation statements, on top of the core's verifySignature (../signature.ts).
// A certificate key that does not fit `alg` makes the statement invalid; RS1 is accepted only where a
// format needs it (old TPMs, §8.3).
import { verifySignature, verifySignatureOnce } from '../signature.js';
import { coseKeyToKeyObject, type CoseKey } from '../cose.js';
import { WebAuthnError, isWebAuthnError } from '../errors.js';
import { COSE_ALG } from '../algorithms.js';
import { type AttestationCertificate, certificatePublicKey } from '../x509/certificate.js';

/** Verifies `sig` over `data` with the public key of an attestation certificate under COSE algorithm `alg`. */
export function verifyWithCertificate(
  alg: number,
  cert: AttestationCertificate,
  data: Uint8Array,
  sig: Uint8Array,
  options: { allowRs1?: boolean } = {},
): boolean {
  if (alg === COSE_ALG.RS1 && !options.allowRs1) {
    throw new WebAuthnError('unsupported_algorithm', 'RS1 (SHA-1) is accepted only in TPM attestation');
  }
  try {
    return verifySignature(alg, certificatePublicKey(cert), data, sig);
  } catch (cause) {
    if (isWebAuthnError(cause) && cause.code === 'public_key_invalid') {
      throw new WebAuthnError(
        'attestation_invalid',
        `attestation certificate key does not fit algorithm ${alg}`,
        { cause },
      );
    }
    throw cause;
  }
}

/** Verifies `sig` over `data` with the credential public key under its own algorithm (self attestation). */
export function verifyWithCredentialKey(key: CoseKey, data: Uint8Array, sig: Uint8Array): boolean {
  if (key.alg === COSE_ALG.RS1)
    throw new WebAuthnError('unsupported_algorithm', 'RS1 is not accepted for self attestation');
  return verifySignatureOnce(key, data, sig);
}

/** True when the certificate's subject public key is the credential public key (EC2, OKP, RSA keys). */
export function certificateKeyEquals(cert: AttestationCertificate, key: CoseKey): boolean {
  if (key.kty === 7) return false; // ML-DSA: no node:crypto KeyObject to compare with on Node 20
  return certificatePublicKey(cert).equals(coseKeyToKeyObject(key));
}
