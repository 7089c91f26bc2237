// Decodes a RegistrationResponseJSON or AuthenticationResponseJSON into what `credkit inspect` prints.
// Display, not verification: every part that decodes is shown; each part that does not (by credkit's strict
// parsers) is listed in `problems` and the rest is still decoded.
import { fromBase64url } from '@credkit/webauthn';
import { decodeCbor } from '@credkit/webauthn';
import { parseClientDataJSON } from '@credkit/webauthn';
import { attestationInfo, type AttestationInfo } from './attestation-info.js';
import {
  authenticatorDataInfo,
  type AuthenticatorDataInfo,
  type ProviderNames,
} from './authenticator-data-info.js';
import { CliError, describeError } from './errors.js';
import { toJsonValue, type JsonValue } from './json-value.js';

export interface ClientDataInfo {
  type?: JsonValue;
  challenge?: JsonValue;
  origin?: JsonValue;
  crossOrigin?: JsonValue;
  topOrigin?: JsonValue;
  androidPackageName?: JsonValue;
  tokenBinding?: JsonValue;
  /** Members beyond those of §5.8.1 (clients may add them; verifiers ignore them). */
  extra: Record<string, JsonValue>;
}

export interface Inspection {
  ceremony: 'registration' | 'authentication';
  id: JsonValue;
  rawId: JsonValue;
  type: JsonValue;
  authenticatorAttachment?: JsonValue;
  transports?: JsonValue;
  userHandle?: JsonValue;
  signatureLength?: number;
  clientData?: ClientDataInfo;
  authenticatorData?: AuthenticatorDataInfo;
  attestation?: AttestationInfo;
  clientExtensionResults: JsonValue;
  problems: string[];
}

/** The §5.8.1 members ClientDataInfo names, in display order. */
export const KNOWN_CLIENT_DATA = [
  'type',
  'challenge',
  'origin',
  'crossOrigin',
  'topOrigin',
  'androidPackageName',
  'tokenBinding',
] as const satisfies readonly (keyof ClientDataInfo)[];

/** Accepts a response JSON, or a test-vector case whose `response` member is one. */
export function responseOf(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new CliError(
      'input is not a JSON object (expected a RegistrationResponseJSON or AuthenticationResponseJSON)',
    );
  }
  const obj = input as Record<string, unknown>;
  const inner = obj.response as Record<string, unknown> | undefined;
  if (inner && typeof inner === 'object' && typeof inner.response === 'object' && inner.response !== null)
    return inner;
  if (!inner || typeof inner !== 'object')
    throw new CliError('input has no "response" object: not a WebAuthn response JSON');
  return obj;
}

function clientDataInfo(b64: unknown, problems: string[]): ClientDataInfo | undefined {
  let raw: Record<string, unknown>;
  try {
    const bytes = fromBase64url(b64, 'response.clientDataJSON');
    try {
      parseClientDataJSON(bytes);
    } catch (err) {
      problems.push(describeError(err));
    }
    raw = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  } catch (err) {
    if (!(err instanceof SyntaxError)) problems.push(describeError(err));
    return undefined;
  }
  const info: ClientDataInfo = { extra: {} };
  for (const [k, v] of Object.entries(raw)) {
    if ((KNOWN_CLIENT_DATA as readonly string[]).includes(k))
      (info as unknown as Record<string, JsonValue>)[k] = toJsonValue(v);
    else info.extra[k] = toJsonValue(v);
  }
  return info;
}

function decodeAttestationObject(b64: unknown, problems: string[]): Map<unknown, unknown> | undefined {
  try {
    const value = decodeCbor(fromBase64url(b64, 'response.attestationObject'), 'attestationObject');
    if (value instanceof Map) return value;
    problems.push('malformed_input: attestationObject is not a CBOR map');
  } catch (err) {
    problems.push(describeError(err));
  }
  return undefined;
}

function bytesOrProblem(b64: unknown, field: string, problems: string[]): Uint8Array | undefined {
  try {
    return fromBase64url(b64, field);
  } catch (err) {
    problems.push(describeError(err));
    return undefined;
  }
}

export function inspectResponse(input: unknown, names?: ProviderNames): Inspection {
  const credential = responseOf(input);
  const response = credential.response as Record<string, unknown>;
  const registration = 'attestationObject' in response;
  if (!registration && !('authenticatorData' in response)) {
    throw new CliError(
      'response has neither attestationObject nor authenticatorData: not a WebAuthn response JSON',
    );
  }
  const problems: string[] = [];
  const result: Inspection = {
    ceremony: registration ? 'registration' : 'authentication',
    id: toJsonValue(credential.id),
    rawId: toJsonValue(credential.rawId),
    type: toJsonValue(credential.type),
  } as Inspection;
  if (credential.authenticatorAttachment !== undefined)
    result.authenticatorAttachment = toJsonValue(credential.authenticatorAttachment);
  result.clientData = clientDataInfo(response.clientDataJSON, problems);
  if (registration) {
    if (response.transports !== undefined) result.transports = toJsonValue(response.transports);
    const attObj = decodeAttestationObject(response.attestationObject, problems);
    if (attObj) {
      const authData = attObj.get('authData');
      if (authData instanceof Uint8Array)
        result.authenticatorData = authenticatorDataInfo(authData, problems, names);
      else problems.push('malformed_input: attestationObject.authData is not a byte string');
      result.attestation = attestationInfo(attObj);
    }
  } else {
    const authData = bytesOrProblem(response.authenticatorData, 'response.authenticatorData', problems);
    if (authData) result.authenticatorData = authenticatorDataInfo(authData, problems, names);
    const sig = bytesOrProblem(response.signature, 'response.signature', problems);
    if (sig) result.signatureLength = sig.length;
    if (response.userHandle !== undefined) result.userHandle = toJsonValue(response.userHandle);
  }
  result.clientExtensionResults = toJsonValue(credential.clientExtensionResults ?? null);
  result.problems = problems;
  return result;
}
