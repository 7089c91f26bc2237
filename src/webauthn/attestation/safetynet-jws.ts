// The SafetyNet attestation response: a JWS in compact serialization (RFC 7515 §7.1) whose header carries the
// signing certificate chain in x5c (standard base64 DER, RFC 7515 §4.1.6). RS256 and ES256 (RFC 7518 §3).
import { verify, type KeyObject } from 'node:crypto';
import { WebAuthnError } from '../errors.js';
import { type AttestationCertificate, parseCertificate } from '../x509/certificate.js';

export interface SafetyNetJws {
  header: { alg: string; x5c: AttestationCertificate[] };
  payload: Record<string, unknown>;
  signingInput: Buffer;
  signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function invalid(message: string, cause?: unknown): never {
  throw new WebAuthnError('attestation_invalid', message, cause === undefined ? undefined : { cause });
}

function jsonPart(part: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch (cause) {
    invalid(`SafetyNet JWS ${what} is not JSON`, cause);
  }
  return invalid(`SafetyNet JWS ${what} is not a JSON object`);
}

export function parseSafetyNetJws(response: Uint8Array): SafetyNetJws {
  const parts = Buffer.from(response).toString('utf8').split('.');
  if (
    parts.length !== 3 ||
    !parts.every((p) => BASE64URL.test(p)) ||
    parts[0] === '' ||
    parts[1] === '' ||
    parts[2] === ''
  ) {
    invalid('SafetyNet response is not a JWS in compact serialization');
  }
  const [h, p, s] = parts as [string, string, string];
  const header = jsonPart(h, 'header');
  const { alg, x5c } = header;
  if (typeof alg !== 'string') invalid('SafetyNet JWS header has no alg');
  if (!Array.isArray(x5c) || x5c.length === 0) invalid('SafetyNet JWS header has no x5c');
  const certs = x5c.map((b64, i) => {
    if (typeof b64 !== 'string' || !BASE64.test(b64)) invalid(`SafetyNet JWS x5c[${i}] is not base64`);
    return parseCertificate(Buffer.from(b64, 'base64'), `SafetyNet JWS x5c[${i}]`);
  });
  return {
    header: { alg, x5c: certs },
    payload: jsonPart(p, 'payload'),
    signingInput: Buffer.from(`${h}.${p}`, 'ascii'),
    signature: Buffer.from(s, 'base64url'),
  };
}

/** Verifies the JWS signature with `key` (the leaf certificate's); only RS256 and ES256 are accepted. */
export function verifyJwsSignature(jws: SafetyNetJws, key: KeyObject): boolean {
  const { alg } = jws.header;
  try {
    if (alg === 'RS256' && key.asymmetricKeyType === 'rsa')
      return verify('sha256', jws.signingInput, key, jws.signature);
    if (
      alg === 'ES256' &&
      key.asymmetricKeyType === 'ec' &&
      key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
    ) {
      return verify('sha256', jws.signingInput, { key, dsaEncoding: 'ieee-p1363' }, jws.signature);
    }
  } catch {
    return false;
  }
  return invalid(`SafetyNet JWS alg ${alg} is not accepted for this certificate key (RS256, ES256)`);
}
