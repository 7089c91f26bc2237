// Signature verification for every supported COSE algorithm: node:crypto for ECDSA (DER signatures, as WebAuthn
// §6.5.6 requires), EdDSA, RSASSA-PKCS1-v1_5 and RSASSA-PSS; @noble/post-quantum for ML-DSA (FIPS 204), which
// Node 20's crypto lacks: an optional peer dependency, loaded the first time an ML-DSA key is met (without it,
// ML-DSA is unsupported_algorithm). The async form runs the check on libuv's threadpool (crypto.verify's callback
// form).
import { constants, verify, type KeyObject, type VerifyKeyObjectInput } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as MlDsa from '@noble/post-quantum/ml-dsa.js';
import { algorithmInfo, type AlgorithmInfo } from './algorithms.js';
import { coseKeyToKeyInput, coseKeyToKeyObject, type CoseKey } from './cose.js';
import { WebAuthnError } from './errors.js';

/** A public key ready for verification with one COSE algorithm (what the key cache holds). */
export interface VerificationKey {
  alg: number;
  info: AlgorithmInfo;
  /** KeyObject, or the option object node:crypto needs (RSA-PSS padding), built once. */
  nodeKey?: KeyObject | VerifyKeyObjectInput;
  /** ML-DSA raw public key. */
  pub?: Uint8Array;
}

let mlDsaModule: typeof MlDsa | null | undefined;

/** ML-DSA's verifiers, or null when @noble/post-quantum is not installed (require of ESM: Node >= 20.19). */
function mlDsa(): typeof MlDsa | null {
  if (mlDsaModule === undefined) {
    try {
      mlDsaModule = createRequire(import.meta.url)('@noble/post-quantum/ml-dsa.js') as typeof MlDsa;
    } catch {
      mlDsaModule = null;
    }
  }
  return mlDsaModule;
}

/** Refuses ML-DSA keys when @noble/post-quantum is missing (checked when the key is imported). */
export function requireMlDsa(alg: number): void {
  if (!mlDsa()) {
    throw new WebAuthnError(
      'unsupported_algorithm',
      `COSE algorithm ${alg} (ML-DSA) needs the optional package @noble/post-quantum: npm install @noble/post-quantum`,
    );
  }
}
const EC_CURVE: Record<number, string> = { [-7]: 'prime256v1', [-35]: 'secp384r1', [-36]: 'secp521r1' };

function mlDsaVerify(alg: number, pub: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    const m = mlDsa()!;
    const verifier = alg === -48 ? m.ml_dsa44 : alg === -49 ? m.ml_dsa65 : m.ml_dsa87;
    return verifier.verify(signature, data, pub);
  } catch {
    return false; // e.g. a signature of the wrong length
  }
}

function requireInfo(alg: number): AlgorithmInfo {
  const info = algorithmInfo(alg);
  if (!info) throw new WebAuthnError('unsupported_algorithm', `COSE algorithm ${alg} is not supported`);
  return info;
}

const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };

function wrap(info: AlgorithmInfo, key: KeyObject): KeyObject | VerifyKeyObjectInput {
  return info.pss ? { key, ...PSS } : key;
}

/** Prepares a parsed COSE key for verification with its own algorithm (imports it once). */
export function verificationKeyFromCose(key: CoseKey): VerificationKey {
  const info = requireInfo(key.alg);
  if (key.kty === 7) {
    requireMlDsa(key.alg);
    return { alg: key.alg, info, pub: key.pub! };
  }
  return { alg: key.alg, info, nodeKey: wrap(info, coseKeyToKeyObject(key)) };
}

/** Prepares a node:crypto public key (e.g. from an attestation certificate) for `alg`; the key must fit it. */
export function verificationKeyFromKeyObject(alg: number, key: KeyObject): VerificationKey {
  const info = requireInfo(alg);
  const type = key.asymmetricKeyType;
  const fits =
    info.kty === 2
      ? type === 'ec' && key.asymmetricKeyDetails?.namedCurve === EC_CURVE[alg]
      : info.kty === 1
        ? alg === -53
          ? type === 'ed448'
          : type === 'ed25519' || type === 'ed448'
        : info.kty === 3
          ? type === 'rsa' || (info.pss === true && type === 'rsa-pss')
          : false;
  if (!fits)
    throw new WebAuthnError('public_key_invalid', `a ${String(type)} key cannot verify ${info.name}`);
  return { alg, info, nodeKey: wrap(info, key) };
}

function toVerificationKey(alg: number, key: CoseKey | KeyObject | VerificationKey): VerificationKey {
  if ('info' in key && 'alg' in key) {
    if (key.alg !== alg)
      throw new WebAuthnError('unsupported_algorithm', `key is for ${key.alg}, not ${alg}`);
    return key;
  }
  if ('bytes' in key) {
    if (key.alg !== alg)
      throw new WebAuthnError('unsupported_algorithm', `COSE key is for ${key.alg}, not ${alg}`);
    return verificationKeyFromCose(key);
  }
  return verificationKeyFromKeyObject(alg, key as KeyObject);
}

/** Verifies `signature` over `data` with `key` under COSE algorithm `alg`. Never throws for a bad signature. */
export function verifySignature(
  alg: number,
  key: CoseKey | KeyObject | VerificationKey,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  const k = toVerificationKey(alg, key);
  if (k.pub) return mlDsaVerify(alg, k.pub, data, signature);
  try {
    return verify(k.info.hash, data, k.nodeKey!, signature);
  } catch {
    return false; // e.g. a signature that is not DER
  }
}

/**
 * Verifies with a COSE key used once (a new credential's self attestation): node:crypto reads the key inside verify,
 * with no KeyObject to build and keep. A key it cannot read is public_key_invalid, as when it is imported.
 */
export function verifySignatureOnce(key: CoseKey, data: Uint8Array, signature: Uint8Array): boolean {
  const info = requireInfo(key.alg);
  if (key.kty === 7) {
    requireMlDsa(key.alg);
    return mlDsaVerify(key.alg, key.pub!, data, signature);
  }
  const input = coseKeyToKeyInput(key);
  try {
    return verify(info.hash, data, info.pss ? { ...input, ...PSS } : input, signature);
  } catch {
    coseKeyToKeyObject(key); // throws public_key_invalid when the key is what node:crypto could not read
    return false;
  }
}

/** As verifySignature, with the check on the threadpool (ML-DSA stays on the calling thread). */
export function verifySignatureAsync(
  alg: number,
  key: CoseKey | KeyObject | VerificationKey,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const k = toVerificationKey(alg, key);
  if (k.pub) return Promise.resolve(mlDsaVerify(alg, k.pub, data, signature));
  return new Promise((resolve) => {
    try {
      verify(k.info.hash, data, k.nodeKey!, signature, (err, ok) => resolve(!err && ok));
    } catch {
      resolve(false);
    }
  });
}
