// COSE algorithm identifiers credkit verifies (IANA "COSE Algorithms", WebAuthn §5.8.5, RFC 9053/8230/8812,
// draft-ietf-cose-dilithium for ML-DSA), with the key shape each one requires.

export const COSE_ALG = {
  ES256: -7,
  EdDSA: -8,
  ES384: -35,
  ES512: -36,
  PS256: -37,
  PS384: -38,
  PS512: -39,
  'ML-DSA-44': -48,
  'ML-DSA-65': -49,
  'ML-DSA-87': -50,
  Ed448: -53,
  RS256: -257,
  RS384: -258,
  RS512: -259,
  RS1: -65535,
} as const;

export type CoseAlgorithmName = keyof typeof COSE_ALG;

/** COSE key types (kty, label 1). */
export const COSE_KTY = { OKP: 1, EC2: 2, RSA: 3, AKP: 7 } as const;

/** COSE elliptic curves (crv, label -1). */
export const COSE_CRV = { P256: 1, P384: 2, P521: 3, Ed25519: 6, Ed448: 7 } as const;

export interface AlgorithmInfo {
  name: CoseAlgorithmName;
  kty: number;
  /** Digest for node:crypto (null: the algorithm hashes internally, EdDSA and ML-DSA). */
  hash: 'sha1' | 'sha256' | 'sha384' | 'sha512' | null;
  /** Required curves (EC2/OKP). */
  crv?: readonly number[];
  pss?: boolean;
}

const INFO: ReadonlyMap<number, AlgorithmInfo> = new Map<number, AlgorithmInfo>([
  [-7, { name: 'ES256', kty: 2, hash: 'sha256', crv: [1] }],
  [-35, { name: 'ES384', kty: 2, hash: 'sha384', crv: [2] }],
  [-36, { name: 'ES512', kty: 2, hash: 'sha512', crv: [3] }],
  [-8, { name: 'EdDSA', kty: 1, hash: null, crv: [6, 7] }],
  [-53, { name: 'Ed448', kty: 1, hash: null, crv: [7] }],
  [-257, { name: 'RS256', kty: 3, hash: 'sha256' }],
  [-258, { name: 'RS384', kty: 3, hash: 'sha384' }],
  [-259, { name: 'RS512', kty: 3, hash: 'sha512' }],
  [-65535, { name: 'RS1', kty: 3, hash: 'sha1' }],
  [-37, { name: 'PS256', kty: 3, hash: 'sha256', pss: true }],
  [-38, { name: 'PS384', kty: 3, hash: 'sha384', pss: true }],
  [-39, { name: 'PS512', kty: 3, hash: 'sha512', pss: true }],
  [-48, { name: 'ML-DSA-44', kty: 7, hash: null }],
  [-49, { name: 'ML-DSA-65', kty: 7, hash: null }],
  [-50, { name: 'ML-DSA-87', kty: 7, hash: null }],
]);

export function algorithmInfo(alg: number): AlgorithmInfo | undefined {
  return INFO.get(alg);
}

/**
 * Credential algorithms accepted by default, in the order options advertise them (pubKeyCredParams).
 * RS1 is absent: only a caller (or an attestation format such as old TPMs) may opt into SHA-1.
 */
export const DEFAULT_ALGORITHMS: readonly number[] = [
  -7, -8, -35, -36, -37, -257, -38, -39, -258, -259, -53, -48, -49, -50,
];

/** The name of a COSE algorithm identifier, for messages and the inspector. */
export function algorithmName(alg: number): string {
  return INFO.get(alg)?.name ?? `COSE(${alg})`;
}
