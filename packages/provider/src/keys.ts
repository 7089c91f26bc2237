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
  algorithm: KeyAlgorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/**
 * Every COSE algorithm the key helpers below handle: the ones offered by default plus ES384 (-35), ES512 (-36),
 * PS256/384/512 (-37, -38, -39), RS384/512 (-258, -259) and Ed448 (-53), which an authenticator made with
 * `algorithms` (a security key with other keys) and tests use.
 */
export const KEY_ALGORITHMS = [-7, -8, -35, -36, -37, -257, -38, -39, -258, -259, -53] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export function isKeyAlgorithm(alg: number): alg is KeyAlgorithm {
  return (KEY_ALGORITHMS as readonly number[]).includes(alg);
}

const EC_CURVES: Partial<Record<KeyAlgorithm, { name: string; crv: number; hash: string }>> = {
  [-7]: { name: 'P-256', crv: 1, hash: 'sha256' },
  [-35]: { name: 'P-384', crv: 2, hash: 'sha384' },
  [-36]: { name: 'P-521', crv: 3, hash: 'sha512' },
};

/** RSA algorithms: the digest, and whether RSASSA-PSS (salt as long as the digest) or PKCS#1 v1.5. */
const RSA_HASHES: Partial<Record<KeyAlgorithm, { hash: string; pss: boolean }>> = {
  [-257]: { hash: 'sha256', pss: false },
  [-258]: { hash: 'sha384', pss: false },
  [-259]: { hash: 'sha512', pss: false },
  [-37]: { hash: 'sha256', pss: true },
  [-38]: { hash: 'sha384', pss: true },
  [-39]: { hash: 'sha512', pss: true },
};

/** A fresh node:crypto key pair for a COSE algorithm. */
export function generateKeyPairFor(algorithm: KeyAlgorithm): { privateKey: KeyObject; publicKey: KeyObject } {
  const curve = EC_CURVES[algorithm];
  if (curve) return generateKeyPairSync('ec', { namedCurve: curve.name });
  if (algorithm === -8) return generateKeyPairSync('ed25519');
  if (algorithm === -53) return generateKeyPairSync('ed448');
  return generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
}

export function generateCredentialKeyPair(algorithm: KeyAlgorithm): CredentialKeyPair {
  const pair = generateKeyPairFor(algorithm);
  return { algorithm, privateKey: pair.privateKey, publicKey: pair.publicKey };
}

const fromB64 = (s: string | undefined): Uint8Array => new Uint8Array(Buffer.from(s ?? '', 'base64url'));

/** The COSE_Key of a credential public key as a map with integer labels (callers may alter it before encoding). */
export function coseKeyMap(algorithm: KeyAlgorithm, publicKey: KeyObject): Map<number, number | Uint8Array> {
  const jwk = publicKey.export({ format: 'jwk' });
  const map = new Map<number, number | Uint8Array>();
  const curve = EC_CURVES[algorithm];
  if (curve) {
    // kty EC2 (2), alg, crv P-256 (1), P-384 (2) or P-521 (3), x, y
    map.set(1, 2).set(3, algorithm).set(-1, curve.crv).set(-2, fromB64(jwk.x)).set(-3, fromB64(jwk.y));
  } else if (algorithm === -8 || algorithm === -53) {
    // kty OKP (1), alg, crv Ed25519 (6) or Ed448 (7), x
    map
      .set(1, 1)
      .set(3, algorithm)
      .set(-1, algorithm === -8 ? 6 : 7)
      .set(-2, fromB64(jwk.x));
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
 * Signs as WebAuthn expects: ES256/384/512 DER (X9.62) ECDSA over SHA-256/384/512, Ed25519 and Ed448 pure,
 * RS256/384/512 PKCS#1 v1.5, PS256/384/512 RSASSA-PSS with a salt as long as the digest.
 */
export function signWithCredentialKey(
  algorithm: KeyAlgorithm,
  privateKey: KeyObject,
  data: Uint8Array,
): Uint8Array {
  if (algorithm === -8 || algorithm === -53) return new Uint8Array(sign(null, data, privateKey));
  const rsa = RSA_HASHES[algorithm];
  if (rsa?.pss) {
    const pss = {
      key: privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    };
    return new Uint8Array(sign(rsa.hash, data, pss));
  }
  return new Uint8Array(sign(rsa?.hash ?? EC_CURVES[algorithm]!.hash, data, privateKey));
}

export function exportPrivateKey(key: KeyObject): string {
  return key.export({ format: 'der', type: 'pkcs8' }).toString('base64url');
}

/** Imported keys by their PKCS#8 text: an EC import derives the public point, which costs more than signing. */
const imported = new Map<string, KeyObject>();
/** Keys kept imported (a device holds a few hundred credentials at most; a bench, one per simulated user). */
const IMPORTED_KEYS = 1024;

/** The private key of a stored credential (PKCS#8, base64url), imported once and kept while recently used. */
export function importPrivateKey(pkcs8: string): KeyObject {
  let key = imported.get(pkcs8);
  if (key) {
    // most recently used last: the oldest is the first to go
    imported.delete(pkcs8);
  } else {
    key = createPrivateKey({ key: Buffer.from(pkcs8, 'base64url'), format: 'der', type: 'pkcs8' });
    if (imported.size >= IMPORTED_KEYS) imported.delete(imported.keys().next().value!);
  }
  imported.set(pkcs8, key);
  return key;
}

/** SubjectPublicKeyInfo DER of the public key (the L3 `getPublicKey()` / `response.publicKey`). */
export function spkiOf(privateKey: KeyObject): Uint8Array {
  return new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
}
