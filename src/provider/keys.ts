// Credential key pairs made with node:crypto: generation for the algorithms a software provider offers,
// the COSE_Key encoding of the public key (RFC 9053 §7, RFC 8230 §4, WebAuthn §5.8.5), and signing.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { encode } from 'cborg';

/** COSE algorithm identifiers the software authenticator can create, in its order of preference. */
export const SUPPORTED_ALGORITHMS = [-7, -8, -257] as const;
export type SupportedAlgorithm = (typeof SUPPORTED_ALGORITHMS)[number];

export function isSupportedAlgorithm(alg: number): alg is SupportedAlgorithm {
  return (SUPPORTED_ALGORITHMS as readonly number[]).includes(alg);
}

export interface CredentialKeyPair {
  algorithm: SupportedAlgorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateCredentialKeyPair(algorithm: SupportedAlgorithm): CredentialKeyPair {
  const pair =
    algorithm === -7
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : algorithm === -8
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  return { algorithm, privateKey: pair.privateKey, publicKey: pair.publicKey };
}

const fromB64 = (s: string | undefined): Uint8Array => new Uint8Array(Buffer.from(s ?? '', 'base64url'));

/** The COSE_Key (CBOR map with integer labels) of a credential public key. */
export function coseEncodePublicKey(algorithm: SupportedAlgorithm, publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  const map = new Map<number, number | Uint8Array>();
  if (algorithm === -7) {
    // kty EC2 (2), alg, crv P-256 (1), x, y
    map.set(1, 2).set(3, algorithm).set(-1, 1).set(-2, fromB64(jwk.x)).set(-3, fromB64(jwk.y));
  } else if (algorithm === -8) {
    // kty OKP (1), alg, crv Ed25519 (6), x
    map.set(1, 1).set(3, algorithm).set(-1, 6).set(-2, fromB64(jwk.x));
  } else {
    // kty RSA (3), alg, n, e
    map.set(1, 3).set(3, algorithm).set(-1, fromB64(jwk.n)).set(-2, fromB64(jwk.e));
  }
  return encode(map);
}

/** Signs as WebAuthn expects: ES256 DER (X9.62) ECDSA over SHA-256, Ed25519 pure, RS256 PKCS#1 v1.5. */
export function signWithCredentialKey(
  algorithm: SupportedAlgorithm,
  privateKey: KeyObject,
  data: Uint8Array,
): Uint8Array {
  return new Uint8Array(sign(algorithm === -8 ? null : 'sha256', data, privateKey));
}

export function exportPrivateKey(key: KeyObject): string {
  return key.export({ format: 'der', type: 'pkcs8' }).toString('base64url');
}

export function importPrivateKey(pkcs8: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(pkcs8, 'base64url'), format: 'der', type: 'pkcs8' });
}

/** SubjectPublicKeyInfo DER of the public key (the L3 `getPublicKey()` / `response.publicKey`). */
export function spkiOf(privateKey: KeyObject): Uint8Array {
  return new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
}
