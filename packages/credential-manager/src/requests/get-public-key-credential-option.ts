// GetPublicKeyCredentialOption: sign in with a passkey (PublicKeyCredentialRequestOptionsJSON).
import { requireJsonObject } from '../json.js';
import {
  BUNDLE_KEY_CLIENT_DATA_HASH,
  BUNDLE_KEY_REQUEST_JSON,
  TYPE_PUBLIC_KEY_CREDENTIAL,
} from '../types.js';
import { CredentialOption, PRIORITY_PASSKEY_OR_SIMILAR } from './credential-option.js';

export const BUNDLE_KEY_SUBTYPE = 'androidx.credentials.BUNDLE_KEY_SUBTYPE';
export const BUNDLE_VALUE_SUBTYPE_GET_PUBLIC_KEY_CREDENTIAL_OPTION =
  'androidx.credentials.BUNDLE_VALUE_SUBTYPE_GET_PUBLIC_KEY_CREDENTIAL_OPTION';

export interface GetPublicKeyCredentialOptionOptions {
  /** Only for privileged callers that also set GetCredentialRequest.origin. */
  clientDataHash?: Uint8Array | null;
  allowedProviders?: ReadonlySet<string>;
}

export class GetPublicKeyCredentialOption extends CredentialOption {
  override readonly type = TYPE_PUBLIC_KEY_CREDENTIAL;
  readonly requestJson: string;
  readonly clientDataHash: Uint8Array | null;

  /** @throws IllegalArgumentException "requestJson must not be empty, and must be a valid JSON" */
  constructor(requestJson: string, options: GetPublicKeyCredentialOptionOptions = {}) {
    requireJsonObject(requestJson, 'requestJson');
    const clientDataHash = options.clientDataHash ?? null;
    const data = {
      [BUNDLE_KEY_SUBTYPE]: BUNDLE_VALUE_SUBTYPE_GET_PUBLIC_KEY_CREDENTIAL_OPTION,
      [BUNDLE_KEY_REQUEST_JSON]: requestJson,
      [BUNDLE_KEY_CLIENT_DATA_HASH]: clientDataHash,
    };
    super({
      type: TYPE_PUBLIC_KEY_CREDENTIAL,
      requestData: data,
      candidateQueryData: data,
      isAutoSelectAllowed: true,
      allowedProviders: options.allowedProviders,
      typePriorityHint: PRIORITY_PASSKEY_OR_SIMILAR,
    });
    this.requestJson = requestJson;
    this.clientDataHash = clientDataHash;
  }
}
