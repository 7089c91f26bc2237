// COSE keys (RFC 9052/9053, RFC 8230, WebAuthn §5.8.5, draft-ietf-cose-dilithium) parsed strictly, and their
// import into node:crypto KeyObjects (through JWK). Signature verification lives in signature.ts.
import { createPublicKey, type JsonWebKeyInput, type KeyObject, type PublicKeyInput } from 'node:crypto';
import { algorithmInfo } from './algorithms.js';
import { decodeCbor } from './cbor.js';
import { WebAuthnError } from './errors.js';

export interface CoseKey {
  /** kty (1): 1 OKP, 2 EC2, 3 RSA, 7 AKP (ML-DSA). */
  kty: number;
  /** alg (3): COSE algorithm identifier. */
  alg: number;
  /** crv (-1) for EC2/OKP. */
  crv?: number;
  x?: Uint8Array;
  y?: Uint8Array;
  /** RSA modulus (-1) and exponent (-2). */
  n?: Uint8Array;
  e?: Uint8Array;
  /** ML-DSA public key (AKP, label -1). */
  pub?: Uint8Array;
  /** The COSE_Key bytes. */
  bytes: Uint8Array;
}

/** Coordinate length in bytes per COSE curve. */
const CURVE_BYTES: Record<number, number> = { 1: 32, 2: 48, 3: 66, 6: 32, 7: 57 };
const JWK_CURVE: Record<number, string> = { 1: 'P-256', 2: 'P-384', 3: 'P-521', 6: 'Ed25519', 7: 'Ed448' };
/** ML-DSA public key sizes (FIPS 204 table 2). */
const MLDSA_PUB_BYTES: Record<number, number> = { [-48]: 1312, [-49]: 1952, [-50]: 2592 };

function invalid(message: string): never {
  throw new WebAuthnError('public_key_invalid', message);
}

/** What a COSE_Key's decoded map must answer: a Map, or the reader's CborMapEntries. */
export type CoseKeyMap = Pick<Map<unknown, unknown>, 'get' | 'has'>;

function bytesAt(map: CoseKeyMap, label: number, what: string): Uint8Array {
  const v = map.get(label);
  if (!(v instanceof Uint8Array))
    invalid(`COSE key ${what} (label ${label}) is missing or not a byte string`);
  return v;
}

/** Parses a COSE_Key from its CBOR bytes: kty, alg, curve and coordinates must be consistent. */
export function parseCoseKey(bytes: Uint8Array): CoseKey {
  const map = decodeCbor(bytes, 'COSE key');
  if (!(map instanceof Map)) invalid('COSE key is not a CBOR map');
  return coseKeyFromMap(map, bytes);
}

/** Builds a CoseKey from an already decoded COSE_Key map. */
export function coseKeyFromMap(map: CoseKeyMap, bytes: Uint8Array): CoseKey {
  const kty = map.get(1);
  const alg = map.get(3);
  if (typeof kty !== 'number') invalid('COSE key has no integer kty (1)');
  if (typeof alg !== 'number') invalid('COSE key has no integer alg (3)');
  const info = algorithmInfo(alg);
  if (!info) throw new WebAuthnError('unsupported_algorithm', `COSE algorithm ${alg} is not supported`);
  if (info.kty !== kty) invalid(`COSE key type ${kty} does not fit algorithm ${info.name}`);
  if (map.has(-4)) invalid('COSE key carries private key material');
  if (kty === 2 || kty === 1) {
    const crv = map.get(-1);
    if (typeof crv !== 'number' || !info.crv!.includes(crv))
      invalid(`COSE curve ${String(crv)} does not fit ${info.name}`);
    const size = CURVE_BYTES[crv];
    const x = bytesAt(map, -2, 'x');
    if (x.length !== size) invalid(`COSE key x is ${x.length} bytes, expected ${size}`);
    if (kty === 1) {
      if (map.has(-3)) invalid('OKP COSE key has a y coordinate');
      return { kty, alg, crv, x, bytes };
    }
    const y = bytesAt(map, -3, 'y');
    if (y.length !== size) invalid(`COSE key y is ${y.length} bytes, expected ${size}`);
    return { kty, alg, crv, x, y, bytes };
  }
  if (kty === 3) {
    const n = bytesAt(map, -1, 'n');
    const e = bytesAt(map, -2, 'e');
    if (n.length < 128 || n[0] === 0) invalid('RSA modulus is too short or not minimally encoded');
    if (e.length === 0 || e.length > 8 || e[0] === 0) invalid('RSA exponent is malformed');
    return { kty, alg, n, e, bytes };
  }
  // kty 7 (AKP): ML-DSA
  const pub = bytesAt(map, -1, 'pub');
  if (pub.length !== MLDSA_PUB_BYTES[alg]) invalid(`${info.name} public key is ${pub.length} bytes`);
  return { kty, alg, pub, bytes };
}

/** SubjectPublicKeyInfo DER up to the uncompressed point (RFC 5480: id-ecPublicKey, named curve, BIT STRING). */
const EC_SPKI_PREFIX: Record<number, Buffer> = {
  1: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'),
  2: Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex'),
  3: Buffer.from('30819b301006072a8648ce3d020106052b8104002303818600', 'hex'),
};

/**
 * An EC2 key as SPKI DER (prefix || 0x04 || x || y): one buffer rather than a JWK object and two base64url
 * strings. OpenSSL checks the point is on the curve when it decodes the key, as it does for a JWK.
 */
function ecSpki(crv: number, x: Uint8Array, y: Uint8Array): Buffer {
  const prefix = EC_SPKI_PREFIX[crv]!;
  const der = Buffer.allocUnsafe(prefix.length + 1 + x.length + y.length);
  prefix.copy(der, 0);
  der[prefix.length] = 0x04;
  der.set(x, prefix.length + 1);
  der.set(y, prefix.length + 1 + x.length);
  return der;
}

const b64 = (v: Uint8Array): string =>
  Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64url');

/**
 * A COSE key in a form node:crypto reads (createPublicKey, or verify directly): EC2 as SPKI DER, OKP and RSA as JWK.
 * ML-DSA keys have none (Node 20): the caller uses `pub`.
 */
export function coseKeyToKeyInput(key: CoseKey): PublicKeyInput | JsonWebKeyInput {
  if (key.kty === 2) return { format: 'der', type: 'spki', key: ecSpki(key.crv!, key.x!, key.y!) };
  if (key.kty === 1) return { format: 'jwk', key: { kty: 'OKP', crv: JWK_CURVE[key.crv!], x: b64(key.x!) } };
  if (key.kty === 3) return { format: 'jwk', key: { kty: 'RSA', n: b64(key.n!), e: b64(key.e!) } };
  throw new WebAuthnError('unsupported_algorithm', `COSE key type ${key.kty} has no node:crypto key object`);
}

/** Imports a COSE key into node:crypto. ML-DSA keys have no KeyObject (Node 20): the caller uses `pub`. */
export function coseKeyToKeyObject(key: CoseKey): KeyObject {
  const input = coseKeyToKeyInput(key);
  try {
    return createPublicKey(input);
  } catch (cause) {
    // e.g. an EC point that is not on the curve
    throw new WebAuthnError('public_key_invalid', `COSE key does not import: ${(cause as Error).message}`, {
      cause,
    });
  }
}
