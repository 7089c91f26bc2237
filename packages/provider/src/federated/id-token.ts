// OpenID Connect ID tokens as an identity provider signs them (a JWS, ES256, RFC 7515 / 7519) and as an
// app's backend checks them: signature against the provider's key, issuer, audience, expiry and nonce.
import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

export interface IdTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  email: string;
  email_verified: boolean;
  name?: string;
  nonce?: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
}

export interface IdTokenSigner {
  readonly keyId: string;
  readonly publicKey: KeyObject;
  sign(claims: IdTokenClaims): string;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A signer with a fresh P-256 key. */
export function newIdTokenSigner(keyId = 'credkit-idp-1'): IdTokenSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    keyId,
    publicKey,
    sign(claims) {
      const input = `${b64({ alg: 'ES256', typ: 'JWT', kid: keyId })}.${b64(claims)}`;
      const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
      return `${input}.${signature.toString('base64url')}`;
    },
  };
}

export class IdTokenError extends Error {
  override readonly name = 'IdTokenError';
}

export interface IdTokenExpectations {
  issuer: string;
  audience: string;
  publicKey: KeyObject | string;
  nonce?: string;
  /** Milliseconds (default Date.now()). */
  now?: number;
}

/** What a backend does with the token the app sent: verifies it and returns its claims. */
export function verifyIdToken(token: string, expected: IdTokenExpectations): IdTokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new IdTokenError('not a JWS compact serialization');
  const [header, payload, signature] = parts as [string, string, string];
  const parse = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  const head = parse(header) as { alg?: string };
  if (head.alg !== 'ES256') throw new IdTokenError(`unexpected alg ${String(head.alg)}`);
  const key =
    typeof expected.publicKey === 'string' ? createPublicKey(expected.publicKey) : expected.publicKey;
  const ok = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!ok) throw new IdTokenError('bad signature');
  const claims = parse(payload) as IdTokenClaims;
  if (claims.iss !== expected.issuer) throw new IdTokenError(`issuer ${claims.iss}`);
  if (claims.aud !== expected.audience) throw new IdTokenError(`audience ${claims.aud}`);
  if (claims.exp * 1000 <= (expected.now ?? Date.now())) throw new IdTokenError('expired');
  if (expected.nonce !== undefined && claims.nonce !== expected.nonce)
    throw new IdTokenError('nonce mismatch');
  return claims;
}
