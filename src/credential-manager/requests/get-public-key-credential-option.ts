// GetPublicKeyCredentialOption: sign in with a passkey (PublicKeyCredentialRequestOptionsJSON).
import { requireJsonObject } from '../json.js';
import {
  BUNDLE_KEY_CLIENT_DATA_HASH,
  BUNDLE_KEY_REQUEST_JSON,
  TYPE_PUBLIC_KEY_CREDENTIAL,
} from '../types.js';
import { CredentialOption, PRIORITY_PASSKEY_OR_SIMILAR } from './credential-option.js';

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
    super({
      type: TYPE_PUBLIC_KEY_CREDENTIAL,
      requestData: { [BUNDLE_KEY_REQUEST_JSON]: requestJson, [BUNDLE_KEY_CLIENT_DATA_HASH]: clientDataHash },
      isAutoSelectAllowed: true,
      allowedProviders: options.allowedProviders,
      typePriorityHint: PRIORITY_PASSKEY_OR_SIMILAR,
    });
    this.requestJson = requestJson;
    this.clientDataHash = clientDataHash;
  }
}
