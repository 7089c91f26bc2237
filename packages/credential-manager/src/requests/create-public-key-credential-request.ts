// CreatePublicKeyCredentialRequest: create a passkey from PublicKeyCredentialCreationOptionsJSON.
import { IllegalArgumentException } from '../exceptions/java.js';
import { getStringCoerced, isJsonObject, parseJsonObject } from '../json.js';
import {
  BUNDLE_KEY_CLIENT_DATA_HASH,
  BUNDLE_KEY_REQUEST_JSON,
  TYPE_PUBLIC_KEY_CREDENTIAL,
} from '../types.js';
import { CreateCredentialRequest } from './create-credential-request.js';
import { DisplayInfo } from './display-info.js';

export interface CreatePublicKeyCredentialRequestOptions {
  /** Only with `origin`, from a privileged caller: the provider signs this hash instead of building clientDataJSON. */
  clientDataHash?: Uint8Array | null;
  preferImmediatelyAvailableCredentials?: boolean;
  origin?: string | null;
  preferDefaultProvider?: string | null;
  isAutoSelectAllowed?: boolean;
  isConditional?: boolean;
}

export class CreatePublicKeyCredentialRequest extends CreateCredentialRequest {
  override readonly type = TYPE_PUBLIC_KEY_CREDENTIAL;
  readonly requestJson: string;
  readonly clientDataHash: Uint8Array | null;
  readonly isConditional: boolean;

  /** @throws IllegalArgumentException "user.name must be defined in requestJson" (also for empty or non-JSON input). */
  constructor(requestJson: string, options: CreatePublicKeyCredentialRequestOptions = {}) {
    const clientDataHash = options.clientDataHash ?? null;
    super({
      type: TYPE_PUBLIC_KEY_CREDENTIAL,
      credentialData: {
        [BUNDLE_KEY_REQUEST_JSON]: requestJson,
        [BUNDLE_KEY_CLIENT_DATA_HASH]: clientDataHash,
      },
      displayInfo: displayInfoFrom(requestJson, options.preferDefaultProvider ?? null),
      origin: options.origin ?? null,
      isAutoSelectAllowed: options.isAutoSelectAllowed ?? false,
      preferImmediatelyAvailableCredentials: options.preferImmediatelyAvailableCredentials ?? false,
    });
    this.requestJson = requestJson;
    this.clientDataHash = clientDataHash;
    this.isConditional = options.isConditional ?? false;
  }
}

// DisplayInfo.userId is user.name; any failure (not JSON, no user object, no or empty name) is the same IAE.
function displayInfoFrom(requestJson: string, preferDefaultProvider: string | null): DisplayInfo {
  try {
    const user = parseJsonObject(requestJson)?.['user'];
    if (!isJsonObject(user)) throw new Error('no user');
    const name = getStringCoerced(user, 'name');
    if (name === null) throw new Error('no user.name');
    const displayName = getStringCoerced(user, 'displayName');
    return new DisplayInfo(name, displayName, preferDefaultProvider);
  } catch {
    throw new IllegalArgumentException('user.name must be defined in requestJson');
  }
}
