// The WebAuthn-shape checks Credential Manager / Play services make on requestJson before a provider sees it:
// PublicKeyCredentialCreationOptionsJSON and PublicKeyCredentialRequestOptionsJSON (WebAuthn L3 §5.1.10, §5.5,
// `parseCreationOptionsFromJSON` / `parseRequestOptionsFromJSON`). Each check returns a problem or null.
import { isBase64url } from '@credkit/webauthn';
import { isJsonObject, parseJsonObject, type JsonObject } from './json.js';

export interface FormatProblem {
  /** "encoding": a member is missing, of the wrong type or not base64url; "data": a value is out of range. */
  readonly kind: 'encoding' | 'data';
  readonly message: string;
}

const encoding = (message: string): FormatProblem => ({ kind: 'encoding', message });

function optionalString(json: JsonObject, key: string): boolean {
  return json[key] === undefined || typeof json[key] === 'string';
}

function descriptorsProblem(list: unknown, field: string): FormatProblem | null {
  if (list === undefined) return null;
  if (!Array.isArray(list)) return encoding(`${field} must be an array`);
  for (const d of list) {
    if (!isJsonObject(d) || typeof d['type'] !== 'string')
      return encoding(`${field}[].type must be a string`);
    if (!isBase64url(d['id'])) return encoding(`${field}[].id must be base64url`);
  }
  return null;
}

/** PublicKeyCredentialCreationOptionsJSON: rp, user{id,name,displayName}, challenge, pubKeyCredParams. */
export function creationOptionsProblem(requestJson: string): FormatProblem | null {
  const json = parseJsonObject(requestJson);
  if (json === null) return encoding('requestJson is not a JSON object');
  const rp = json['rp'];
  // §5.4.1 PublicKeyCredentialRpEntity: name required, id optional
  if (!isJsonObject(rp) || typeof rp['name'] !== 'string' || !optionalString(rp, 'id')) {
    return encoding('rp must be an object with a string name');
  }
  const user = json['user'];
  // §5.4.3 PublicKeyCredentialUserEntity: id (BufferSource 1..64 bytes), name, displayName
  if (!isJsonObject(user)) return encoding('user must be an object');
  if (!isBase64url(user['id'])) return encoding('user.id must be base64url');
  const userIdLength = Buffer.from(user['id'], 'base64url').length;
  if (userIdLength < 1 || userIdLength > 64) {
    return { kind: 'data', message: `user.id must be 1 to 64 bytes, got ${userIdLength}` };
  }
  if (typeof user['name'] !== 'string') return encoding('user.name must be a string');
  if (typeof user['displayName'] !== 'string') return encoding('user.displayName must be a string');
  if (!isBase64url(json['challenge'])) return encoding('challenge must be base64url');
  const params = json['pubKeyCredParams'];
  // §5.4 pubKeyCredParams: sequence of {type, alg}
  if (!Array.isArray(params)) return encoding('pubKeyCredParams must be an array');
  if (!params.every((p) => isJsonObject(p) && typeof p['type'] === 'string' && Number.isInteger(p['alg']))) {
    return encoding('pubKeyCredParams[] must be {type: string, alg: integer}');
  }
  if (json['timeout'] !== undefined && typeof json['timeout'] !== 'number')
    return encoding('timeout must be a number');
  const selection = json['authenticatorSelection'];
  if (selection !== undefined && !isJsonObject(selection))
    return encoding('authenticatorSelection must be an object');
  if (!optionalString(json, 'attestation')) return encoding('attestation must be a string');
  return descriptorsProblem(json['excludeCredentials'], 'excludeCredentials');
}

/** PublicKeyCredentialRequestOptionsJSON: challenge required; rpId, allowCredentials, userVerification optional. */
export function requestOptionsProblem(requestJson: string): FormatProblem | null {
  const json = parseJsonObject(requestJson);
  if (json === null) return encoding('requestJson is not a JSON object');
  if (!isBase64url(json['challenge'])) return encoding('challenge must be base64url');
  if (!optionalString(json, 'rpId')) return encoding('rpId must be a string');
  if (!optionalString(json, 'userVerification')) return encoding('userVerification must be a string');
  if (json['timeout'] !== undefined && typeof json['timeout'] !== 'number')
    return encoding('timeout must be a number');
  return descriptorsProblem(json['allowCredentials'], 'allowCredentials');
}
