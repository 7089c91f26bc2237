// Untrusted JSON (a request body, a file) into the typed responses the verify calls take (§5.1.8
// RegistrationResponseJSON, §5.1.9 AuthenticationResponseJSON): every member of the right JSON type, binary
// members base64url, or a typed malformed_input error. The verify calls check the same again (and everything
// else), so a caller in plain JavaScript is safe without these; they are for typing what arrives.
import { isBase64url } from './base64url.js';
import { WebAuthnError } from './errors.js';
import { requireObject, requireString } from './response-json.js';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from './types.js';

function malformed(message: string): never {
  throw new WebAuthnError('malformed_input', message);
}

/** JSON text is parsed; anything else is taken as the parsed value. */
function jsonValue(input: unknown, what: string): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input) as unknown;
  } catch {
    return malformed(`${what} is not valid JSON`);
  }
}

function base64urlMember(obj: Record<string, unknown>, member: string, what: string, optional = false): void {
  if (optional && obj[member] === undefined) return;
  if (!isBase64url(requireString(obj, member, what))) malformed(`${what}.${member} is not base64url`);
}

function optionalType(obj: Record<string, unknown>, member: string, what: string, type: string): void {
  const value = obj[member];
  if (value !== undefined && value !== null && typeof value !== type) {
    malformed(`${what}.${member} is not a ${type}`);
  }
}

/** The members both responses share; the shallow copy has clientExtensionResults ({} when absent). */
function credential(input: unknown, what: string): Record<string, unknown> {
  const obj = requireObject(jsonValue(input, what), what);
  base64urlMember(obj, 'id', 'credential');
  base64urlMember(obj, 'rawId', 'credential');
  requireString(obj, 'type', 'credential');
  optionalType(obj, 'authenticatorAttachment', 'credential', 'string');
  const extensions = obj.clientExtensionResults;
  return {
    ...obj,
    clientExtensionResults:
      extensions === undefined ? {} : requireObject(extensions, 'credential.clientExtensionResults'),
  };
}

/** A RegistrationResponseJSON from untrusted JSON (text or parsed), or a malformed_input WebAuthnError. */
export function parseRegistrationResponse(input: unknown): RegistrationResponseJSON {
  const obj = credential(input, 'registration response');
  const response = requireObject(obj.response, 'response');
  base64urlMember(response, 'clientDataJSON', 'response');
  base64urlMember(response, 'attestationObject', 'response');
  base64urlMember(response, 'authenticatorData', 'response', true);
  base64urlMember(response, 'publicKey', 'response', true);
  optionalType(response, 'publicKeyAlgorithm', 'response', 'number');
  const transports = response.transports;
  if (
    transports !== undefined &&
    (!Array.isArray(transports) || !transports.every((t) => typeof t === 'string'))
  ) {
    malformed('response.transports is not a list of strings');
  }
  return obj as unknown as RegistrationResponseJSON;
}

/** An AuthenticationResponseJSON from untrusted JSON (text or parsed), or a malformed_input WebAuthnError. */
export function parseAuthenticationResponse(input: unknown): AuthenticationResponseJSON {
  const obj = credential(input, 'authentication response');
  const response = requireObject(obj.response, 'response');
  base64urlMember(response, 'clientDataJSON', 'response');
  base64urlMember(response, 'authenticatorData', 'response');
  base64urlMember(response, 'signature', 'response');
  const userHandle = response.userHandle;
  if (userHandle !== undefined && userHandle !== null) base64urlMember(response, 'userHandle', 'response');
  return obj as unknown as AuthenticationResponseJSON;
}
