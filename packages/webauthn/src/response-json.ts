// Shape checks shared by both ceremonies for RegistrationResponseJSON / AuthenticationResponseJSON (§5.1.8-9):
// required members present with the right JSON types, type "public-key", id and rawId the same bytes.
import { base64urlEquals, fromBase64url, isBase64url } from './base64url.js';
import { WebAuthnError } from './errors.js';

function malformed(message: string): never {
  throw new WebAuthnError('malformed_input', message);
}

export function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    malformed(`${what} is not an object`);
  return value as Record<string, unknown>;
}

export function requireString(obj: Record<string, unknown>, member: string, what: string): string {
  const v = obj[member];
  if (typeof v !== 'string') malformed(`${what}.${member} is missing or not a string`);
  return v;
}

/** credential.type must be "public-key" (§5.1 PublicKeyCredential, [[type]]). */
export function checkCredentialType(obj: Record<string, unknown>): void {
  if (obj.type !== 'public-key')
    throw new WebAuthnError('type_mismatch', 'credential type is not "public-key"');
}

/**
 * id and rawId must both be base64url, non-empty, and encode the same bytes (id is base64url(rawId) by §5.1
 * [[identifier]]; a mismatch means the JSON was tampered with). Returns rawId; decodes nothing when the two are
 * spelled alike.
 */
export function credentialIdText(obj: Record<string, unknown>): string {
  const id = requireString(obj, 'id', 'credential');
  const rawId = requireString(obj, 'rawId', 'credential');
  if (!isBase64url(rawId)) malformed('rawId is not base64url');
  if (Buffer.byteLength(rawId, 'base64url') === 0) malformed('rawId is empty');
  if (
    id !== rawId &&
    !(isBase64url(id) && Buffer.from(id, 'base64url').equals(Buffer.from(rawId, 'base64url')))
  ) {
    throw new WebAuthnError('credential_id_mismatch', 'id and rawId differ');
  }
  if (!isBase64url(id)) malformed('id is not base64url');
  return rawId;
}

/** The credential ID bytes, after the checks of credentialIdText. */
export function credentialIdFrom(obj: Record<string, unknown>): Buffer {
  return fromBase64url(credentialIdText(obj), 'rawId');
}

/** clientExtensionResults: an object when present (absent is treated as no outputs). */
export function clientExtensionResultsOf(obj: Record<string, unknown>): Record<string, unknown> {
  const v = obj.clientExtensionResults;
  if (v === undefined) return {};
  return requireObject(v, 'clientExtensionResults');
}

/** Converts decoded CBOR extension outputs (Map with text keys) into a plain JSON-like object. */
export function extensionsToRecord(map: Map<unknown, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of map) {
    if (typeof k !== 'string')
      throw new WebAuthnError('extension_invalid', 'extension identifier is not text');
    out[k] = v instanceof Map ? extensionsToRecord(v) : v;
  }
  return out;
}

/**
 * The convenience members of AuthenticatorAttestationResponseJSON (L3 §5.2.1: authenticatorData,
 * publicKeyAlgorithm) are copies of what the attestation object carries; when present they must agree with it.
 */
export function checkAttestationResponseCopies(
  response: Record<string, unknown>,
  authData: Uint8Array,
  alg: number,
): void {
  const copy = response.authenticatorData;
  if (copy !== undefined && !base64urlEquals(copy, authData, 'response.authenticatorData')) {
    throw new WebAuthnError(
      'malformed_input',
      'response.authenticatorData differs from the attestation object',
    );
  }
  const copyAlg = response.publicKeyAlgorithm;
  if (copyAlg !== undefined && copyAlg !== alg) {
    throw new WebAuthnError('malformed_input', 'response.publicKeyAlgorithm differs from the credential key');
  }
}
