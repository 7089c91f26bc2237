// TPM 2.0 structures used by the "tpm" attestation format (TPM 2.0 Library Part 2: Structures):
// TPMS_ATTEST (certInfo, §10.12.12) and TPMT_PUBLIC (pubArea, §12.2.4). Parsed strictly: truncated data and
// leftover bytes make the statement invalid.
import { WebAuthnError } from '../errors.js';

export const TPM_GENERATED_VALUE = 0xff544347;
export const TPM_ST_ATTEST_CERTIFY = 0x8017;
export const TPM_ALG = {
  RSA: 0x0001,
  SHA1: 0x0004,
  SHA256: 0x000b,
  SHA384: 0x000c,
  SHA512: 0x000d,
  NULL: 0x0010,
  ECC: 0x0023,
} as const;
/** TPM_ECC_CURVE values of the NIST curves. */
export const TPM_ECC = { NIST_P256: 0x0003, NIST_P384: 0x0004, NIST_P521: 0x0005 } as const;

class Reader {
  private offset = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}
  private take(n: number): Uint8Array {
    if (this.offset + n > this.bytes.length)
      throw new WebAuthnError('attestation_invalid', `${this.what} is truncated`);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  u8(): number {
    return this.take(1)[0]!;
  }
  u16(): number {
    const b = this.take(2);
    return (b[0]! << 8) | b[1]!;
  }
  u32(): number {
    const b = this.take(4);
    return ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
  }
  u64(): bigint {
    const b = this.take(8);
    return Buffer.from(b).readBigUInt64BE();
  }
  /** A TPM2B_*: UINT16 size followed by that many bytes. */
  sized(): Uint8Array {
    return this.take(this.u16());
  }
  end(): void {
    if (this.offset !== this.bytes.length)
      throw new WebAuthnError(
        'attestation_invalid',
        `${this.what} has ${this.bytes.length - this.offset} leftover bytes`,
      );
  }
}

/** TPMS_ATTEST with attested = TPMS_CERTIFY_INFO (the only type WebAuthn accepts). */
export interface TpmsAttest {
  magic: number;
  type: number;
  qualifiedSigner: Uint8Array;
  extraData: Uint8Array;
  clock: bigint;
  resetCount: number;
  restartCount: number;
  safe: number;
  firmwareVersion: bigint;
  attested: { name: Uint8Array; qualifiedName: Uint8Array };
}

export function parseCertInfo(bytes: Uint8Array): TpmsAttest {
  const r = new Reader(bytes, 'TPM certInfo');
  const header = {
    magic: r.u32(),
    type: r.u16(),
    qualifiedSigner: r.sized(),
    extraData: r.sized(),
    clock: r.u64(),
    resetCount: r.u32(),
    restartCount: r.u32(),
    safe: r.u8(),
    firmwareVersion: r.u64(),
  };
  if (header.type !== TPM_ST_ATTEST_CERTIFY) {
    // Other TPMS_ATTEST variants have other attested layouts; the caller rejects them by type.
    return { ...header, attested: { name: new Uint8Array(), qualifiedName: new Uint8Array() } };
  }
  const attested = { name: r.sized(), qualifiedName: r.sized() };
  r.end();
  return { ...header, attested };
}

export interface TpmtPublic {
  type: number;
  nameAlg: number;
  objectAttributes: number;
  authPolicy: Uint8Array;
  /** RSA: keyBits and exponent (0 means the default 65537); ECC: curveID. */
  parameters: {
    symmetric: number;
    scheme: number;
    keyBits?: number;
    exponent?: number;
    curveID?: number;
    kdf?: number;
  };
  /** RSA: modulus n; ECC: point x, y. */
  unique: { n?: Uint8Array; x?: Uint8Array; y?: Uint8Array };
}

/** TPMT_SYM_DEF_OBJECT / TPMT_*_SCHEME: an algorithm id followed by details unless it is TPM_ALG_NULL. */
function algWithDetails(r: Reader, detailWords: number): number {
  const alg = r.u16();
  if (alg !== TPM_ALG.NULL) for (let i = 0; i < detailWords; i++) r.u16();
  return alg;
}

export function parsePubArea(bytes: Uint8Array): TpmtPublic {
  const r = new Reader(bytes, 'TPM pubArea');
  const type = r.u16();
  const nameAlg = r.u16();
  const objectAttributes = r.u32();
  const authPolicy = r.sized();
  const head = { type, nameAlg, objectAttributes, authPolicy };
  let result: TpmtPublic;
  if (type === TPM_ALG.RSA) {
    // TPMS_RSA_PARMS: symmetric (keyBits, mode), scheme (hashAlg), keyBits, exponent; unique: TPM2B_PUBLIC_KEY_RSA
    const symmetric = algWithDetails(r, 2);
    const scheme = algWithDetails(r, 1);
    const keyBits = r.u16();
    const exponent = r.u32();
    result = { ...head, parameters: { symmetric, scheme, keyBits, exponent }, unique: { n: r.sized() } };
  } else if (type === TPM_ALG.ECC) {
    // TPMS_ECC_PARMS: symmetric, scheme, curveID, kdf; unique: TPMS_ECC_POINT (x, y)
    const symmetric = algWithDetails(r, 2);
    const scheme = algWithDetails(r, 1);
    const curveID = r.u16();
    const kdf = algWithDetails(r, 1);
    const x = r.sized();
    const y = r.sized();
    result = { ...head, parameters: { symmetric, scheme, curveID, kdf }, unique: { x, y } };
  } else {
    throw new WebAuthnError('attestation_invalid', `TPM pubArea type ${type} is not RSA or ECC`);
  }
  r.end();
  return result;
}
