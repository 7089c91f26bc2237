// ClearCredentialException and its subclasses, with the library's type strings.
import { CredentialManagerException } from './base.js';
import { requireArgument } from './java.js';

/** Thrown by `clearCredentialState`. */
export abstract class ClearCredentialException extends CredentialManagerException {}

export class ClearCredentialInterruptedException extends ClearCredentialException {
  static readonly TYPE = 'androidx.credentials.TYPE_CLEAR_CREDENTIAL_INTERRUPTED_EXCEPTION';
  constructor(errorMessage?: string | null) {
    super(ClearCredentialInterruptedException.TYPE, errorMessage);
  }
}

export class ClearCredentialUnknownException extends ClearCredentialException {
  static readonly TYPE = 'android.credentials.ClearCredentialStateException.TYPE_UNKNOWN';
  constructor(errorMessage?: string | null) {
    super(ClearCredentialUnknownException.TYPE, errorMessage);
  }
}

export class ClearCredentialProviderConfigurationException extends ClearCredentialException {
  static readonly TYPE = 'androidx.credentials.TYPE_CLEAR_CREDENTIAL_PROVIDER_CONFIGURATION_EXCEPTION';
  constructor(errorMessage?: string | null) {
    super(ClearCredentialProviderConfigurationException.TYPE, errorMessage);
  }
}

export class ClearCredentialUnsupportedException extends ClearCredentialException {
  static readonly TYPE = 'androidx.credentials.TYPE_CLEAR_CREDENTIAL_UNSUPPORTED_EXCEPTION';
  constructor(errorMessage?: string | null) {
    super(ClearCredentialUnsupportedException.TYPE, errorMessage);
  }
}

export class ClearCredentialCustomException extends ClearCredentialException {
  constructor(type: string, errorMessage?: string | null) {
    requireArgument(type.length > 0, 'type must not be empty');
    super(type, errorMessage);
  }
}

/** `ClearCredentialException.createFrom`-style mapping of a type string back to its class. */
export function clearCredentialExceptionFrom(
  type: string,
  errorMessage?: string | null,
): ClearCredentialException {
  switch (type) {
    case ClearCredentialInterruptedException.TYPE:
      return new ClearCredentialInterruptedException(errorMessage);
    case ClearCredentialUnknownException.TYPE:
      return new ClearCredentialUnknownException(errorMessage);
    case ClearCredentialProviderConfigurationException.TYPE:
      return new ClearCredentialProviderConfigurationException(errorMessage);
    case ClearCredentialUnsupportedException.TYPE:
      return new ClearCredentialUnsupportedException(errorMessage);
    default:
      return new ClearCredentialCustomException(type, errorMessage);
  }
}
