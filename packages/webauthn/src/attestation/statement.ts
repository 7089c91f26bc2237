// Reading attStmt fields (WebAuthn §8): every format's "verify that attStmt is valid CBOR conforming to the
// syntax defined above" step. Wrong or missing members make the statement invalid.
import { WebAuthnError } from '../errors.js';
import { type AttestationCertificate, parseCertificate } from '../x509/certificate.js';

export function stmtAlg(attStmt: ReadonlyMap<unknown, unknown>): number {
  const alg = attStmt.get('alg');
  if (typeof alg !== 'number' || !Number.isInteger(alg))
    throw new WebAuthnError('attestation_invalid', 'attStmt.alg must be an integer');
  return alg;
}

export function stmtBytes(attStmt: ReadonlyMap<unknown, unknown>, name: string): Uint8Array {
  const value = attStmt.get(name);
  if (!(value instanceof Uint8Array))
    throw new WebAuthnError('attestation_invalid', `attStmt.${name} must be a byte string`);
  return value;
}

export function stmtText(attStmt: ReadonlyMap<unknown, unknown>, name: string): string {
  const value = attStmt.get(name);
  if (typeof value !== 'string' || value.length === 0)
    throw new WebAuthnError('attestation_invalid', `attStmt.${name} must be a non-empty text string`);
  return value;
}

/** attStmt.x5c: a non-empty array of DER certificates, leaf first. Undefined when absent. */
export function stmtX5c(attStmt: ReadonlyMap<unknown, unknown>): AttestationCertificate[] | undefined {
  const x5c = attStmt.get('x5c');
  if (x5c === undefined) return undefined;
  if (!Array.isArray(x5c) || x5c.length === 0)
    throw new WebAuthnError('attestation_invalid', 'attStmt.x5c must be a non-empty array');
  return x5c.map((der, i) => {
    if (!(der instanceof Uint8Array))
      throw new WebAuthnError('attestation_invalid', `attStmt.x5c[${i}] must be a byte string`);
    return parseCertificate(der, `attStmt.x5c[${i}]`);
  });
}

/** Rejects members the format does not define (the attStmt must conform to the format's syntax). */
export function onlyMembers(
  attStmt: ReadonlyMap<unknown, unknown>,
  allowed: readonly string[],
  fmt: string,
): void {
  for (const key of attStmt.keys()) {
    if (typeof key !== 'string' || !allowed.includes(key)) {
      throw new WebAuthnError(
        'attestation_invalid',
        `${fmt} attStmt has an unexpected member ${String(key)}`,
      );
    }
  }
}

export function concat(...parts: Uint8Array[]): Buffer {
  return Buffer.concat(parts);
}
