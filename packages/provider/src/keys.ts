// Credential key pairs made with node:crypto: generation for the algorithms a software provider offers,
// the COSE_Key encoding of the public key (RFC 9053 §7, RFC 8230 §4, WebAuthn §5.8.5), and signing.
import {
  constants,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
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

/**
 * COSE algorithms the key helpers below handle: the ones offered plus ES384 (-35) and PS256 (-37), which tests
 * use to make responses in algorithms the software authenticator does not offer.
 */
export type KeyAlgorithm = SupportedAlgorithm | -35 | -37;

/** A fresh node:crypto key pair for a COSE algorithm. */
export function generateKeyPairFor(algorithm: KeyAlgorithm): { privateKey: KeyObject; publicKey: KeyObject } {
  if (algorithm === -7) return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (algorithm === -35) return generateKeyPairSync('ec', { namedCurve: 'P-384' });
  if (algorithm === -8) return generateKeyPairSync('ed25519');
  return generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
}

export function generateCredentialKeyPair(algorithm: SupportedAlgorithm): CredentialKeyPair {
  const pair = generateKeyPairFor(algorithm);
  return { algorithm, privateKey: pair.privateKey, publicKey: pair.publicKey };
}

const fromB64 = (s: string | undefined): Uint8Array => new Uint8Array(Buffer.from(s ?? '', 'base64url'));

/** The COSE_Key of a credential public key as a map with integer labels (callers may alter it before encoding). */
export function coseKeyMap(algorithm: KeyAlgorithm, publicKey: KeyObject): Map<number, number | Uint8Array> {
  const jwk = publicKey.export({ format: 'jwk' });
  const map = new Map<number, number | Uint8Array>();
  if (algorithm === -7 || algorithm === -35) {
    // kty EC2 (2), alg, crv P-256 (1) or P-384 (2), x, y
    const crv = algorithm === -7 ? 1 : 2;
    map.set(1, 2).set(3, algorithm).set(-1, crv).set(-2, fromB64(jwk.x)).set(-3, fromB64(jwk.y));
  } else if (algorithm === -8) {
    // kty OKP (1), alg, crv Ed25519 (6), x
    map.set(1, 1).set(3, algorithm).set(-1, 6).set(-2, fromB64(jwk.x));
  } else {
    // kty RSA (3), alg, n, e
    map.set(1, 3).set(3, algorithm).set(-1, fromB64(jwk.n)).set(-2, fromB64(jwk.e));
  }
  return map;
}

/** The COSE_Key (CBOR map with integer labels) of a credential public key. */
export function coseEncodePublicKey(algorithm: KeyAlgorithm, publicKey: KeyObject): Uint8Array {
  return encode(coseKeyMap(algorithm, publicKey));
}

/**
 * Signs as WebAuthn expects: ES256/ES384 DER (X9.62) ECDSA over SHA-256/SHA-384, Ed25519 pure, RS256 PKCS#1
 * v1.5, PS256 RSASSA-PSS with SHA-256 and a 32-byte salt.
 */
export function signWithCredentialKey(
  algorithm: KeyAlgorithm,
  privateKey: KeyObject,
  data: Uint8Array,
): Uint8Array {
  if (algorithm === -8) return new Uint8Array(sign(null, data, privateKey));
  if (algorithm === -37) {
    const pss = { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
    return new Uint8Array(sign('sha256', data, pss));
  }
  return new Uint8Array(sign(algorithm === -35 ? 'sha384' : 'sha256', data, privateKey));
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
