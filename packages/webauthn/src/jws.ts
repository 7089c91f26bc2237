// JSON Web Signatures in compact serialization (RFC 7515 §7.1) whose protected header carries the signing
// certificate chain in x5c (standard base64 DER, leaf first, RFC 7515 §4.1.6), signed RS256 or ES256
// (RFC 7518 §3.3, §3.4). Two users: the SafetyNet attestation response (§8.5) and the FIDO MDS3 BLOB; each
// names the error code its malformed input raises.
import { verify, type KeyObject } from 'node:crypto';
import { WebAuthnError, type WebAuthnErrorCode } from './errors.js';
import { type AttestationCertificate, parseCertificate } from './x509/certificate.js';

export interface X5cJws {
  header: { alg: string; x5c: AttestationCertificate[]; [member: string]: unknown };
  payload: Record<string, unknown>;
  /** ASCII(BASE64URL(header) || '.' || BASE64URL(payload)): what the signature covers (RFC 7515 §5.2 step 8). */
  signingInput: Buffer;
  signature: Buffer;
}

export interface JwsContext {
  /** The code every defect of the JWS raises. */
  code: WebAuthnErrorCode;
  /** How messages name the JWS ("SafetyNet JWS", "MDS BLOB"). */
  what: string;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function jsonPart(part: string, member: string, ctx: JwsContext): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new WebAuthnError(ctx.code, `${ctx.what} ${member} is not JSON`, { cause });
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  throw new WebAuthnError(ctx.code, `${ctx.what} ${member} is not a JSON object`);
}

/** Splits and decodes the JWS (RFC 7515 §5.2 steps 1-7); the signature is not checked here. */
export function parseX5cJws(text: string, ctx: JwsContext): X5cJws {
  const fail = (message: string): never => {
    throw new WebAuthnError(ctx.code, message);
  };
  const parts = text.split('.');
  if (parts.length !== 3 || !parts.every((p) => p !== '' && BASE64URL.test(p)))
    fail(`${ctx.what} is not a JWS in compact serialization`);
  const [h, p, s] = parts as [string, string, string];
  const header = jsonPart(h, 'header', ctx);
  const { alg, x5c } = header;
  if (typeof alg !== 'string') fail(`${ctx.what} header has no alg`);
  if (!Array.isArray(x5c) || x5c.length === 0) fail(`${ctx.what} header has no x5c`);
  const certs = (x5c as unknown[]).map((b64, i) => {
    if (typeof b64 !== 'string' || !BASE64.test(b64)) fail(`${ctx.what} x5c[${i}] is not base64`);
    return parseCertificate(Buffer.from(b64 as string, 'base64'), `${ctx.what} x5c[${i}]`, ctx.code);
  });
  return {
    header: { ...header, alg: alg as string, x5c: certs },
    payload: jsonPart(p, 'payload', ctx),
    signingInput: Buffer.from(`${h}.${p}`, 'ascii'),
    signature: Buffer.from(s, 'base64url'),
  };
}

/**
 * Verifies the JWS signature with `key` (RFC 7515 §5.2 step 8): RS256 with an RSA key, ES256 (the raw r || s
 * form, RFC 7518 §3.4) with a P-256 key; any other alg, or one that does not fit the key, is `ctx.code`.
 */
export function verifyX5cJwsSignature(jws: X5cJws, key: KeyObject, ctx: JwsContext): boolean {
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
  throw new WebAuthnError(
    ctx.code,
    `${ctx.what} alg ${alg} is not accepted for this certificate key (RS256, ES256)`,
  );
}
