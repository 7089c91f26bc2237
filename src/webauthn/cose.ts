// COSE keys (RFC 9052/9053, RFC 8230, WebAuthn §5.8.5) and signature verification for every supported algorithm.
// CONTRACT (implementation pending): parseCoseKey(bytes) -> CoseKey; coseKeyToKeyObject; verifySignature.

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
