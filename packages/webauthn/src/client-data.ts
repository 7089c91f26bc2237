// Client data (WebAuthn §5.8.1 CollectedClientData) parsed once from clientDataJSON, and the checks of
// §7.1 steps 7-10 / §7.2 steps 10-13 (type, challenge, origin, crossOrigin/topOrigin), and Level 2's tokenBinding.
import { isUtf8 } from 'node:buffer';
import { toBase64url, utf8FromBase64url } from './base64url.js';
import { WebAuthnError } from './errors.js';
import { isAllowedOrigin } from './origins.js';
import type { CommonExpectations, ExpectedChallenge } from './types.js';

export interface TokenBinding {
  status: string;
  id?: string;
}

export interface CollectedClientData {
  type: string;
  challenge: string;
  origin: string;
  crossOrigin?: boolean;
  topOrigin?: string;
  tokenBinding?: TokenBinding | unknown;
  /** Members a future client may add are kept and ignored (§5.8.1.2 "limited verification algorithm"). */
  [member: string]: unknown;
}

function malformed(message: string): never {
  throw new WebAuthnError('malformed_input', `clientDataJSON: ${message}`);
}

/** §7.1 steps 5-6 / §7.2 steps 8-9: UTF-8 decode, then parse as JSON into CollectedClientData. */
export function parseClientDataJSON(bytes: Uint8Array): CollectedClientData {
  if (!isUtf8(bytes)) malformed('not UTF-8');
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return parseClientDataText(buffer.toString('utf8'));
}

/** §7.1 step 6 / §7.2 step 9: parse the UTF-8-decoded clientDataJSON as JSON into CollectedClientData. */
export function parseClientDataText(text: string): CollectedClientData {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    malformed('not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) malformed('not a JSON object');
  const cd = value as CollectedClientData;
  if (typeof cd.type !== 'string') malformed('type is missing or not a string');
  if (typeof cd.challenge !== 'string') malformed('challenge is missing or not a string');
  if (typeof cd.origin !== 'string') malformed('origin is missing or not a string');
  if (cd.crossOrigin !== undefined && typeof cd.crossOrigin !== 'boolean')
    malformed('crossOrigin is not a boolean');
  if (cd.topOrigin !== undefined && typeof cd.topOrigin !== 'string') malformed('topOrigin is not a string');
  return cd;
}

/** clientDataJSON.type is the ceremony's type (or one the caller names). */
export function checkType(
  cd: CollectedClientData,
  expected: CommonExpectations['type'],
  ceremonyType: string,
): void {
  const allowed = expected ?? ceremonyType;
  const ok = typeof allowed === 'string' ? cd.type === allowed : allowed.includes(cd.type);
  if (!ok) throw new WebAuthnError('type_mismatch', `clientDataJSON.type is not ${String(allowed)}`);
}

/**
 * §7.1 step 8 / §7.2 step 11: C.challenge equals the base64url encoding of the issued challenge, compared as
 * strings. The encoding is the unpadded one (§3 "Base64url Encoding"), so a padded or otherwise re-encoded
 * string of the same bytes does not match. Expected bytes are encoded first; a predicate decides by itself.
 */
export function checkChallenge(challenge: string, expected: ExpectedChallenge): void {
  let ok: boolean;
  if (typeof expected === 'function') {
    try {
      ok = expected(challenge) === true;
    } catch (cause) {
      throw new WebAuthnError('challenge_mismatch', 'the challenge predicate failed', { cause });
    }
  } else {
    const issued = typeof expected === 'string' ? expected : toBase64url(expected);
    ok = challenge === issued;
  }
  if (!ok)
    throw new WebAuthnError('challenge_mismatch', 'clientDataJSON.challenge is not the expected challenge');
}

export function checkOrigin(cd: CollectedClientData, expected: CommonExpectations): void {
  if (!isAllowedOrigin(cd.origin, expected.origins, expected.allowSubdomains === true)) {
    throw new WebAuthnError('origin_mismatch', 'clientDataJSON.origin is not an allowed origin');
  }
}

/**
 * crossOrigin true is accepted only when the caller allows the topOrigin (expected.topOrigins) or allows any
 * embedding (expected.allowCrossOrigin); a topOrigin without crossOrigin is inconsistent (§5.8.1).
 */
export function checkCrossOrigin(cd: CollectedClientData, expected: CommonExpectations): void {
  if (cd.crossOrigin !== true) {
    if (cd.topOrigin !== undefined)
      throw new WebAuthnError('cross_origin_not_allowed', 'topOrigin present without crossOrigin');
    return;
  }
  const top = cd.topOrigin;
  if (expected.topOrigins && top !== undefined) {
    if (isAllowedOrigin(top, expected.topOrigins)) return;
    throw new WebAuthnError(
      'cross_origin_not_allowed',
      'clientDataJSON.topOrigin is not an allowed top origin',
    );
  }
  if (expected.allowCrossOrigin === true) return;
  throw new WebAuthnError('cross_origin_not_allowed', 'cross-origin ceremony not allowed');
}

/**
 * tokenBinding (Level 2 §7.1 step 10): when it is an object its status must be "present" (with an id) or
 * "supported". Non-object values some old clients sent are ignored, as the member is otherwise unused.
 */
export function checkTokenBinding(cd: CollectedClientData): void {
  const tb = cd.tokenBinding;
  if (tb === undefined || typeof tb !== 'object' || tb === null) return;
  const { status, id } = tb as TokenBinding;
  if (status === 'supported') return;
  if (status === 'present' && typeof id === 'string') return;
  throw new WebAuthnError(
    'token_binding_invalid',
    'clientDataJSON.tokenBinding.status is not present/supported',
  );
}

/**
 * Parses clientDataJSON (its bytes, or its text already UTF-8 decoded by utf8FromBase64url) and runs the client-data
 * steps every ceremony shares, in the spec's order: registration §7.1 steps 5-10, authentication §7.2 steps 8-13
 * (and Level 2's tokenBinding). `parsed`: C as challengeOf already parsed it from these bytes.
 */
export function verifyClientData(
  clientDataJSON: Uint8Array | string,
  expected: CommonExpectations,
  ceremonyType: 'webauthn.create' | 'webauthn.get',
  parsed?: CollectedClientData,
): CollectedClientData {
  // §7.1 steps 5-6 / §7.2 steps 8-9: UTF-8 decode and JSON-parse into C
  const c =
    parsed ??
    (typeof clientDataJSON === 'string'
      ? parseClientDataText(clientDataJSON)
      : parseClientDataJSON(clientDataJSON));
  // §7.1 step 7 / §7.2 step 10: C.type is webauthn.create / webauthn.get
  checkType(c, expected.type, ceremonyType);
  // §7.1 step 8 / §7.2 step 11: C.challenge is the challenge issued
  checkChallenge(c.challenge, expected.challenge);
  // §7.1 step 9 / §7.2 step 12: C.origin is an expected origin
  checkOrigin(c, expected);
  // §7.1 step 10 / §7.2 step 13: crossOrigin / topOrigin only where the RP expects to be embedded
  checkCrossOrigin(c, expected);
  // Level 2 §7.1 step 10 / §7.2 step 13: tokenBinding status
  checkTokenBinding(c);
  return c;
}

/** clientDataJSON parsed by challengeOf, by the response member object it came from, with the text it was. */
const parsedByResponse = new WeakMap<object, { encoded: string; clientData: CollectedClientData }>();

/** Longest challenge read back: a server's challenges are far shorter; longer ones are refused unparsed. */
const MAX_CHALLENGE_CHARS = 1024;

/**
 * The challenge a registration or authentication response's clientDataJSON carries (§7.1 steps 5-6 / §7.2 steps
 * 8-9), so a relying party can find (and consume) the challenge it issued before verifying. The parse is kept
 * with the response: verifyRegistration / verifyAuthentication of the same response object reuse it instead of
 * parsing again (and parse anew if clientDataJSON was replaced meanwhile). Nothing is checked here but the
 * shape: the checks are the verify functions'.
 */
export function challengeOf(response: unknown): string {
  const member =
    typeof response === 'object' && response !== null
      ? (response as { response?: unknown }).response
      : undefined;
  if (typeof member !== 'object' || member === null) {
    throw new WebAuthnError('malformed_input', 'response is missing or not an object');
  }
  const encoded = (member as { clientDataJSON?: unknown }).clientDataJSON;
  if (typeof encoded !== 'string') {
    throw new WebAuthnError('malformed_input', 'response.clientDataJSON is missing or not a string');
  }
  const clientData = parseClientDataText(utf8FromBase64url(encoded, 'clientDataJSON'));
  if (clientData.challenge.length === 0 || clientData.challenge.length > MAX_CHALLENGE_CHARS) {
    throw new WebAuthnError(
      'challenge_mismatch',
      'clientDataJSON.challenge is not a challenge this server issued',
    );
  }
  parsedByResponse.set(member, { encoded, clientData });
  return clientData.challenge;
}

/** C as challengeOf parsed it from this response member, if its clientDataJSON is still that text. */
export function parsedClientData(member: object, encoded: string): CollectedClientData | undefined {
  const kept = parsedByResponse.get(member);
  return kept !== undefined && kept.encoded === encoded ? kept.clientData : undefined;
}
