// Client-side checks on JSON options before the authenticator runs (WebAuthn §5.1.3 create steps 5-10,
// §5.1.4 get steps 7-8) and the user-verification decision. Malformed options are a DataError, as Android's providers report them.
import { AuthenticatorError } from './errors.js';
import { SUPPORTED_ALGORITHMS, type KeyAlgorithm } from './keys.js';
import type {
  ClientContext,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  UserVerificationRequirement,
} from './types.js';

const B64URL = /^[A-Za-z0-9_-]*={0,2}$/;

export function decodeB64url(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || !B64URL.test(value) || value.replace(/=+$/, '').length % 4 === 1) {
    throw new AuthenticatorError('DataError', `${field} is not base64url`);
  }
  return new Uint8Array(Buffer.from(value, 'base64url'));
}

/** The host of a web origin, or undefined for a non-web origin such as `android:apk-key-hash:…`. */
export function webOriginHost(origin: string): string | undefined {
  if (!/^https?:\/\//.test(origin)) return undefined;
  try {
    return new URL(origin).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Resolves the RP ID: the one given, else the caller's effective domain (§5.1.3 step 7, §5.1.4 step 8).
 * A web caller may only use its own host or a registrable suffix of it (SecurityError otherwise); native
 * callers are checked by the provider against Digital Asset Links.
 */
export function resolveRpId(rpId: string | undefined, client: ClientContext): string {
  const host = webOriginHost(client.origin);
  if (rpId === undefined || rpId === '') {
    if (!host) throw new AuthenticatorError('SecurityError', 'rp.id is required for a non-web origin');
    return host;
  }
  if (host !== undefined) {
    const isSuffix = host === rpId || (host.endsWith(`.${rpId}`) && rpId.includes('.'));
    // §5.11.1: an origin the RP ID's well-known webauthn file lists is a related origin of that RP ID
    const related = client.wellKnownOrigins?.includes(client.origin) === true;
    if (!isSuffix && !related)
      throw new AuthenticatorError('SecurityError', `RP ID ${rpId} is not valid for origin ${client.origin}`);
    if (client.origin.startsWith('http://') && host !== 'localhost' && !host.endsWith('.localhost')) {
      throw new AuthenticatorError('SecurityError', 'an http origin is only allowed for localhost');
    }
  }
  return rpId;
}

export interface CheckedCreation {
  userId: Uint8Array;
  rpId: string;
  algorithm: KeyAlgorithm;
}

/**
 * §5.1.3 create steps 5-10: user.id, challenge, RP ID and the first pubKeyCredParams entry among `supported`
 * (the algorithms the authenticator can make).
 */
export function checkCreationOptions(
  options: PublicKeyCredentialCreationOptionsJSON,
  client: ClientContext,
  supported: readonly KeyAlgorithm[] = SUPPORTED_ALGORITHMS,
): CheckedCreation {
  if (!options || typeof options !== 'object')
    throw new AuthenticatorError('DataError', 'options must be an object');
  // §5.1.3 step 5: user.id is 1 to 64 bytes
  const userId = decodeB64url(options.user?.id, 'user.id');
  if (userId.length < 1 || userId.length > 64)
    throw new AuthenticatorError('DataError', 'user.id must be 1 to 64 bytes');
  if (typeof options.user.name !== 'string')
    throw new AuthenticatorError('DataError', 'user.name is missing');
  if (decodeB64url(options.challenge, 'challenge').length === 0) {
    throw new AuthenticatorError('DataError', 'challenge is empty');
  }
  if (options.pubKeyCredParams !== undefined && !Array.isArray(options.pubKeyCredParams)) {
    throw new AuthenticatorError('DataError', 'pubKeyCredParams must be an array');
  }
  const rpId = resolveRpId(options.rp?.id, client);
  // §5.1.3 step 10: an empty list means ES256 then RS256; otherwise the first supported entry wins
  const params = options.pubKeyCredParams?.length
    ? options.pubKeyCredParams
    : [{ type: 'public-key', alg: -7 }];
  const chosen = params.find(
    (p) => p.type === 'public-key' && (supported as readonly number[]).includes(p.alg),
  );
  if (!chosen) throw new AuthenticatorError('NotSupportedError', 'none of pubKeyCredParams is supported');
  return { userId, rpId, algorithm: chosen.alg as KeyAlgorithm };
}

/** §5.1.4 get steps 7-8: challenge and RP ID. */
export function checkRequestOptions(
  options: PublicKeyCredentialRequestOptionsJSON,
  client: ClientContext,
): string {
  if (!options || typeof options !== 'object')
    throw new AuthenticatorError('DataError', 'options must be an object');
  if (decodeB64url(options.challenge, 'challenge').length === 0) {
    throw new AuthenticatorError('DataError', 'challenge is empty');
  }
  return resolveRpId(options.rpId, client);
}

/**
 * Whether the user verifies: by default unless userVerification is "discouraged"; never without support.
 * "required" without verification is NotAllowedError (§6.3.2 step 6, §6.3.3 step 5).
 */
export function decideUserVerification(
  requirement: UserVerificationRequirement | undefined,
  client: ClientContext,
  supported: boolean,
): boolean {
  const uv = supported && (client.userVerified ?? requirement !== 'discouraged');
  if (requirement === 'required' && !uv) {
    throw new AuthenticatorError('NotAllowedError', 'user verification was required and did not happen');
  }
  return uv;
}
