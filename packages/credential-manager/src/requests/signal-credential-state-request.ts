// The three Signal API requests. Each validates its JSON structure in the constructor, before any provider
// is reached: IllegalArgumentException "Structural/type validation failed for JSON: '<json>'".
import { isBase64url } from '@credkit/webauthn';
import { IllegalArgumentException } from '../exceptions/java.js';
import { getStringCoerced, parseJsonObject, type JsonObject } from '../json.js';
import { BUNDLE_KEY_SIGNAL_REQUEST_JSON, type Bundle } from '../types.js';

export const SIGNAL_UNKNOWN_CREDENTIAL_STATE_REQUEST_TYPE =
  'androidx.credentials.SIGNAL_UNKNOWN_CREDENTIAL_STATE_REQUEST_TYPE';
export const SIGNAL_ALL_ACCEPTED_CREDENTIALS_REQUEST_TYPE =
  'androidx.credentials.SIGNAL_ALL_ACCEPTED_CREDENTIALS_REQUEST_TYPE';
export const SIGNAL_CURRENT_USER_DETAILS_STATE_REQUEST_TYPE =
  'androidx.credentials.SIGNAL_CURRENT_USER_DETAILS_STATE_REQUEST_TYPE';

export abstract class SignalCredentialStateRequest {
  readonly type: string;
  readonly requestJson: string;
  readonly requestData: Bundle;
  /** Set only by privileged callers (CREDENTIAL_MANAGER_SET_ORIGIN). */
  readonly origin: string | null;

  protected constructor(
    type: string,
    requestJson: string,
    origin: string | null,
    valid: (json: JsonObject) => boolean,
  ) {
    if (!isValidJson(requestJson, valid))
      throw new IllegalArgumentException(`Structural/type validation failed for JSON: '${requestJson}'`);
    this.type = type;
    this.requestJson = requestJson;
    this.requestData = { [BUNDLE_KEY_SIGNAL_REQUEST_JSON]: requestJson };
    this.origin = origin;
  }
}

/** Parses `requestJson` and applies a structural check; any JSON failure means invalid. */
function isValidJson(requestJson: string, valid: (json: JsonObject) => boolean): boolean {
  const json = parseJsonObject(requestJson);
  try {
    return json !== null && valid(json);
  } catch {
    return false;
  }
}

function hasAll(json: JsonObject, keys: readonly string[]): boolean {
  return keys.every((k) => Object.hasOwn(json, k));
}

function base64urlField(json: JsonObject, key: string): boolean {
  return isBase64url(getStringCoerced(json, key));
}

/** The RP rejected this credential: providers hide or delete it. Needs `rpId`, `credentialId` (base64url). */
const validUnknown = (json: JsonObject): boolean =>
  hasAll(json, ['rpId', 'credentialId']) && base64urlField(json, 'credentialId');

export class SignalUnknownCredentialRequest extends SignalCredentialStateRequest {
  constructor(requestJson: string, origin: string | null = null) {
    super(SIGNAL_UNKNOWN_CREDENTIAL_STATE_REQUEST_TYPE, requestJson, origin, validUnknown);
  }

  /** The constructor's check, without throwing (the library's companion `isValidRequestJson`). */
  static isValidRequestJson(requestJson: string): boolean {
    return isValidJson(requestJson, validUnknown);
  }
}

/** The full list of the user's accepted credential ids. Needs `rpId`, `userId`, `allAcceptedCredentialIds`. */
const validAllAccepted = (json: JsonObject): boolean => {
  const ids = json['allAcceptedCredentialIds'];
  return (
    hasAll(json, ['rpId', 'userId', 'allAcceptedCredentialIds']) &&
    base64urlField(json, 'userId') &&
    Array.isArray(ids) &&
    ids.every((id) => isBase64url(id))
  );
};

export class SignalAllAcceptedCredentialIdsRequest extends SignalCredentialStateRequest {
  constructor(requestJson: string, origin: string | null = null) {
    super(SIGNAL_ALL_ACCEPTED_CREDENTIALS_REQUEST_TYPE, requestJson, origin, validAllAccepted);
  }

  /** The constructor's check, without throwing (the library's companion `isValidRequestJson`). */
  static isValidRequestJson(requestJson: string): boolean {
    return isValidJson(requestJson, validAllAccepted);
  }
}

/** New name / display name of a user. Needs `rpId`, `userId` (base64url), `name`, `displayName`. */
const validCurrentUserDetails = (json: JsonObject): boolean =>
  hasAll(json, ['rpId', 'userId', 'name', 'displayName']) && base64urlField(json, 'userId');

export class SignalCurrentUserDetailsRequest extends SignalCredentialStateRequest {
  constructor(requestJson: string, origin: string | null = null) {
    super(SIGNAL_CURRENT_USER_DETAILS_STATE_REQUEST_TYPE, requestJson, origin, validCurrentUserDetails);
  }

  /** The constructor's check, without throwing (the library's companion `isValidRequestJson`). */
  static isValidRequestJson(requestJson: string): boolean {
    return isValidJson(requestJson, validCurrentUserDetails);
  }
}

/** `SignalCredentialStateRequest.createFrom`: @throws IllegalArgumentException "Request type is not supported". */
export function signalCredentialStateRequestFrom(
  requestType: string,
  requestJson: string,
  origin: string | null = null,
): SignalCredentialStateRequest {
  switch (requestType) {
    case SIGNAL_UNKNOWN_CREDENTIAL_STATE_REQUEST_TYPE:
      return new SignalUnknownCredentialRequest(requestJson, origin);
    case SIGNAL_ALL_ACCEPTED_CREDENTIALS_REQUEST_TYPE:
      return new SignalAllAcceptedCredentialIdsRequest(requestJson, origin);
    case SIGNAL_CURRENT_USER_DETAILS_STATE_REQUEST_TYPE:
      return new SignalCurrentUserDetailsRequest(requestJson, origin);
    default:
      throw new IllegalArgumentException('Request type is not supported');
  }
}
