// ClearCredentialStateRequest: sign-out (default) or delete the app's restore key.
import { requireArgument } from '../exceptions/java.js';
import { BUNDLE_KEY_CLEAR_RESTORE_CREDENTIAL_REQUEST, type Bundle } from '../types.js';

export class ClearCredentialStateRequest {
  static readonly TYPE_CLEAR_CREDENTIAL_STATE = 'androidx.credentials.TYPE_CLEAR_CREDENTIAL_STATE';
  static readonly TYPE_CLEAR_RESTORE_CREDENTIAL = 'androidx.credentials.TYPE_CLEAR_RESTORE_CREDENTIAL';

  readonly requestType: string;
  readonly requestBundle: Bundle;

  /** @throws IllegalArgumentException "The request type $requestType is not supported." */
  constructor(requestType: string = ClearCredentialStateRequest.TYPE_CLEAR_CREDENTIAL_STATE) {
    requireArgument(
      requestType === ClearCredentialStateRequest.TYPE_CLEAR_CREDENTIAL_STATE ||
        requestType === ClearCredentialStateRequest.TYPE_CLEAR_RESTORE_CREDENTIAL,
      `The request type ${requestType} is not supported.`,
    );
    this.requestType = requestType;
    this.requestBundle =
      requestType === ClearCredentialStateRequest.TYPE_CLEAR_RESTORE_CREDENTIAL
        ? { [BUNDLE_KEY_CLEAR_RESTORE_CREDENTIAL_REQUEST]: true }
        : {};
  }
}

export const TYPE_CLEAR_CREDENTIAL_STATE = ClearCredentialStateRequest.TYPE_CLEAR_CREDENTIAL_STATE;
export const TYPE_CLEAR_RESTORE_CREDENTIAL = ClearCredentialStateRequest.TYPE_CLEAR_RESTORE_CREDENTIAL;
