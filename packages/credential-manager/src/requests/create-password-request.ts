// CreatePasswordRequest: save an id/password pair.
import { requireArgument } from '../exceptions/java.js';
import { BUNDLE_KEY_ID, BUNDLE_KEY_PASSWORD, TYPE_PASSWORD_CREDENTIAL } from '../types.js';
import { CreateCredentialRequest } from './create-credential-request.js';
import { DisplayInfo } from './display-info.js';

export interface CreatePasswordRequestOptions {
  origin?: string | null;
  preferDefaultProvider?: string | null;
  preferImmediatelyAvailableCredentials?: boolean;
  isAutoSelectAllowed?: boolean;
}

export class CreatePasswordRequest extends CreateCredentialRequest {
  override readonly type = TYPE_PASSWORD_CREDENTIAL;
  readonly id: string;
  readonly password: string;

  /** @throws IllegalArgumentException "userId should not be empty" (empty id), "password should not be empty". */
  constructor(id: string, password: string, options: CreatePasswordRequestOptions = {}) {
    const displayInfo = new DisplayInfo(id, null, options.preferDefaultProvider ?? null);
    requireArgument(password.length > 0, 'password should not be empty');
    super({
      type: TYPE_PASSWORD_CREDENTIAL,
      credentialData: { [BUNDLE_KEY_ID]: id, [BUNDLE_KEY_PASSWORD]: password },
      displayInfo,
      origin: options.origin ?? null,
      isAutoSelectAllowed: options.isAutoSelectAllowed ?? false,
      preferImmediatelyAvailableCredentials: options.preferImmediatelyAvailableCredentials ?? false,
    });
    this.id = id;
    this.password = password;
  }
}
