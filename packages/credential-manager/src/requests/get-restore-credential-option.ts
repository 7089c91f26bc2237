// GetRestoreCredentialOption: fetch the app's restore key, silently. Must be the only option of its request.
import { parseJsonObject, requireJsonObject } from '../json.js';
import { BUNDLE_KEY_REQUEST_JSON, TYPE_RESTORE_CREDENTIAL } from '../types.js';
import { CredentialOption, PRIORITY_DEFAULT } from './credential-option.js';

export class GetRestoreCredentialOption extends CredentialOption {
  override readonly type = TYPE_RESTORE_CREDENTIAL;
  /** As the app gave it; providers receive it with `userVerification` overridden to "discouraged". */
  readonly requestJson: string;

  /** @throws IllegalArgumentException "requestJson must not be empty, and must be a valid JSON" */
  constructor(requestJson: string) {
    requireJsonObject(requestJson, 'requestJson');
    super({
      type: TYPE_RESTORE_CREDENTIAL,
      requestData: { [BUNDLE_KEY_REQUEST_JSON]: requestJson },
      typePriorityHint: PRIORITY_DEFAULT,
    });
    this.requestJson = requestJson;
  }

  /** The requestJson a provider sees: `userVerification` is always "discouraged" for restore keys. */
  get providerRequestJson(): string {
    const json = parseJsonObject(this.requestJson) ?? {};
    return JSON.stringify({ ...json, userVerification: 'discouraged' });
  }
}
