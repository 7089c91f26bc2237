// Package `exceptions.restorecredential`: the two restore-key create failures. Both require a message.
import { CreateCredentialException } from './create.js';
import { DomError } from './dom-errors.js';

/** A restore-key create whose requestJson breaks the WebAuthn format (GMS RESTORE_CREDENTIAL_FIDO_FAILURE). */
export class CreateRestoreCredentialDomException extends CreateCredentialException {
  static readonly TYPE_CREATE_RESTORE_CREDENTIAL_DOM_EXCEPTION =
    'androidx.credentials.TYPE_CREATE_RESTORE_CREDENTIAL_DOM_EXCEPTION';
  readonly domError: DomError;
  constructor(domError: DomError, errorMessage: string) {
    super(
      `${CreateRestoreCredentialDomException.TYPE_CREATE_RESTORE_CREDENTIAL_DOM_EXCEPTION}/${domError.type}`,
      errorMessage,
    );
    this.domError = domError;
  }
}

/** `isCloudBackupEnabled` was true but the device has no end-to-end-encrypted backup (backup + screen lock). */
export class E2eeUnavailableException extends CreateCredentialException {
  static readonly TYPE_E2EE_UNAVAILABLE_EXCEPTION = 'androidx.credentials.TYPE_E2EE_UNAVAILABLE_EXCEPTION';
  /** The message GMS reports. */
  static readonly DEFAULT_MESSAGE =
    'E2ee is not available on the device. Check whether the backup and screen lock are enabled.';
  constructor(errorMessage: string = E2eeUnavailableException.DEFAULT_MESSAGE) {
    super(E2eeUnavailableException.TYPE_E2EE_UNAVAILABLE_EXCEPTION, errorMessage);
  }
}
