// CreateCredentialException and its subclasses, with the library's type strings.
import { CredentialManagerException } from './base.js';
import { requireArgument } from './java.js';
import { DomError } from './dom-errors.js';

/** Thrown by `createCredential`. Branch on the subclass or on `type`. */
export abstract class CreateCredentialException extends CredentialManagerException {}

export class CreateCredentialCancellationException extends CreateCredentialException {
  static readonly TYPE_USER_CANCELED = 'android.credentials.CreateCredentialException.TYPE_USER_CANCELED';
  constructor(errorMessage?: string | null) {
    super(CreateCredentialCancellationException.TYPE_USER_CANCELED, errorMessage);
  }
}

export class CreateCredentialInterruptedException extends CreateCredentialException {
  static readonly TYPE_INTERRUPTED = 'android.credentials.CreateCredentialException.TYPE_INTERRUPTED';
  constructor(errorMessage?: string | null) {
    super(CreateCredentialInterruptedException.TYPE_INTERRUPTED, errorMessage);
  }
}

export class CreateCredentialUnknownException extends CreateCredentialException {
  static readonly TYPE_UNKNOWN = 'android.credentials.CreateCredentialException.TYPE_UNKNOWN';
  constructor(errorMessage?: string | null) {
    super(CreateCredentialUnknownException.TYPE_UNKNOWN, errorMessage);
  }
}

export class CreateCredentialNoCreateOptionException extends CreateCredentialException {
  static readonly TYPE_NO_CREATE_OPTIONS =
    'android.credentials.CreateCredentialException.TYPE_NO_CREATE_OPTIONS';
  constructor(errorMessage?: string | null) {
    super(CreateCredentialNoCreateOptionException.TYPE_NO_CREATE_OPTIONS, errorMessage);
  }
}

export class CreateCredentialProviderConfigurationException extends CreateCredentialException {
  static readonly TYPE = 'androidx.credentials.TYPE_CREATE_CREDENTIAL_PROVIDER_CONFIGURATION_EXCEPTION';
  constructor(errorMessage?: string | null) {
    super(CreateCredentialProviderConfigurationException.TYPE, errorMessage);
  }
}

export class CreateCredentialUnsupportedException extends CreateCredentialException {
  static readonly TYPE = 'androidx.credentials.TYPE_CREATE_CREDENTIAL_UNSUPPORTED_EXCEPTION';
  constructor(errorMessage?: string | null) {
    super(CreateCredentialUnsupportedException.TYPE, errorMessage);
  }
}

/** Any other type a provider reports. */
export class CreateCredentialCustomException extends CreateCredentialException {
  constructor(type: string, errorMessage?: string | null) {
    requireArgument(type.length > 0, 'type must not be empty');
    super(type, errorMessage);
  }
}

/** Base of the public-key create failures (protected constructor, as in the library). */
export abstract class CreatePublicKeyCredentialException extends CreateCredentialException {}

/** A WebAuthn DOMException from a passkey create; type = prefix + "/" + domError.type. */
export class CreatePublicKeyCredentialDomException extends CreatePublicKeyCredentialException {
  static readonly TYPE_CREATE_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION =
    'androidx.credentials.TYPE_CREATE_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION';
  readonly domError: DomError;
  constructor(domError: DomError, errorMessage?: string | null) {
    super(
      `${CreatePublicKeyCredentialDomException.TYPE_CREATE_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION}/${domError.type}`,
      errorMessage,
    );
    this.domError = domError;
  }
}

/** `CreateCredentialException.createFrom`-style mapping of a type string back to its class. */
export function createCredentialExceptionFrom(
  type: string,
  errorMessage?: string | null,
): CreateCredentialException {
  switch (type) {
    case CreateCredentialCancellationException.TYPE_USER_CANCELED:
      return new CreateCredentialCancellationException(errorMessage);
    case CreateCredentialInterruptedException.TYPE_INTERRUPTED:
      return new CreateCredentialInterruptedException(errorMessage);
    case CreateCredentialUnknownException.TYPE_UNKNOWN:
      return new CreateCredentialUnknownException(errorMessage);
    case CreateCredentialNoCreateOptionException.TYPE_NO_CREATE_OPTIONS:
      return new CreateCredentialNoCreateOptionException(errorMessage);
    case CreateCredentialProviderConfigurationException.TYPE:
      return new CreateCredentialProviderConfigurationException(errorMessage);
    case CreateCredentialUnsupportedException.TYPE:
      return new CreateCredentialUnsupportedException(errorMessage);
  }
  const prefix = `${CreatePublicKeyCredentialDomException.TYPE_CREATE_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION}/`;
  if (type.startsWith(prefix)) {
    const domError = DomError.fromType(type.slice(prefix.length));
    if (domError) return new CreatePublicKeyCredentialDomException(domError, errorMessage);
  }
  return new CreateCredentialCustomException(type, errorMessage);
}
