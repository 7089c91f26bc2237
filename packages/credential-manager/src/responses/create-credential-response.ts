// The create responses. Providers return one of these from onCreateCredential.
import { requireJsonObject } from '../json.js';
import {
  BUNDLE_KEY_CREATE_RESTORE_CREDENTIAL_RESPONSE,
  BUNDLE_KEY_REGISTRATION_RESPONSE_JSON,
  TYPE_PASSWORD_CREDENTIAL,
  TYPE_PUBLIC_KEY_CREDENTIAL,
  TYPE_RESTORE_CREDENTIAL,
  type Bundle,
} from '../types.js';

export abstract class CreateCredentialResponse {
  protected constructor(
    readonly type: string,
    readonly data: Bundle,
  ) {}
}

/** A new passkey: `registrationResponseJson` is a WebAuthn RegistrationResponseJSON. */
export class CreatePublicKeyCredentialResponse extends CreateCredentialResponse {
  override readonly type = TYPE_PUBLIC_KEY_CREDENTIAL;
  readonly registrationResponseJson: string;

  /** @throws IllegalArgumentException "registrationResponseJson must not be empty, and must be a valid JSON" */
  constructor(registrationResponseJson: string) {
    requireJsonObject(registrationResponseJson, 'registrationResponseJson');
    super(TYPE_PUBLIC_KEY_CREDENTIAL, { [BUNDLE_KEY_REGISTRATION_RESPONSE_JSON]: registrationResponseJson });
    this.registrationResponseJson = registrationResponseJson;
  }
}

export class CreatePasswordResponse extends CreateCredentialResponse {
  override readonly type = TYPE_PASSWORD_CREDENTIAL;
  constructor() {
    super(TYPE_PASSWORD_CREDENTIAL, {});
  }
}

/** A new restore key: `responseJson` is a WebAuthn RegistrationResponseJSON. */
export class CreateRestoreCredentialResponse extends CreateCredentialResponse {
  override readonly type = TYPE_RESTORE_CREDENTIAL;
  readonly responseJson: string;
  /** @throws IllegalArgumentException "responseJson must not be empty, and must be a valid JSON" */
  constructor(responseJson: string) {
    requireJsonObject(responseJson, 'responseJson');
    super(TYPE_RESTORE_CREDENTIAL, { [BUNDLE_KEY_CREATE_RESTORE_CREDENTIAL_RESPONSE]: responseJson });
    this.responseJson = responseJson;
  }
}
