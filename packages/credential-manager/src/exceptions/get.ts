// GetCredentialException and its subclasses, with the library's type strings.
import { CredentialManagerException } from './base.js';
import { requireArgument } from './java.js';
import { DomError } from './dom-errors.js';

/** Thrown by `getCredential` / `prepareGetCredential`. Branch on the subclass or on `type`. */
export abstract class GetCredentialException extends CredentialManagerException {}

export class NoCredentialException extends GetCredentialException {
  static readonly TYPE_NO_CREDENTIAL = 'android.credentials.GetCredentialException.TYPE_NO_CREDENTIAL';
  constructor(errorMessage?: string | null) {
    super(NoCredentialException.TYPE_NO_CREDENTIAL, errorMessage);
  }
}

export class GetCredentialCancellationException extends GetCredentialException {
  static readonly TYPE_USER_CANCELED = 'android.credentials.GetCredentialException.TYPE_USER_CANCELED';
  constructor(errorMessage?: string | null) {
    super(GetCredentialCancellationException.TYPE_USER_CANCELED, errorMessage);
  }
}

export class GetCredentialInterruptedException extends GetCredentialException {
  static readonly TYPE_INTERRUPTED = 'android.credentials.GetCredentialException.TYPE_INTERRUPTED';
  constructor(errorMessage?: string | null) {
    super(GetCredentialInterruptedException.TYPE_INTERRUPTED, errorMessage);
  }
}

export class GetCredentialUnknownException extends GetCredentialException {
  static readonly TYPE_UNKNOWN = 'android.credentials.GetCredentialException.TYPE_UNKNOWN';
  constructor(errorMessage?: string | null) {
    super(GetCredentialUnknownException.TYPE_UNKNOWN, errorMessage);
  }
}

export class GetCredentialProviderConfigurationException extends GetCredentialException {
  static readonly TYPE = 'androidx.credentials.TYPE_GET_CREDENTIAL_PROVIDER_CONFIGURATION_EXCEPTION';
  constructor(errorMessage?: string | null) {
    super(GetCredentialProviderConfigurationException.TYPE, errorMessage);
  }
}

export class GetCredentialUnsupportedException extends GetCredentialException {
  static readonly TYPE = 'androidx.credentials.TYPE_GET_CREDENTIAL_UNSUPPORTED_EXCEPTION';
  constructor(errorMessage?: string | null) {
    super(GetCredentialUnsupportedException.TYPE, errorMessage);
  }
}

/** Any other type a provider reports. */
export class GetCredentialCustomException extends GetCredentialException {
  constructor(type: string, errorMessage?: string | null) {
    requireArgument(type.length > 0, 'type must not be empty');
    super(type, errorMessage);
  }
}

/** Base of the public-key get failures (protected constructor, as in the library). */
export abstract class GetPublicKeyCredentialException extends GetCredentialException {}

/** A WebAuthn DOMException from a passkey get; type = prefix + "/" + domError.type. */
export class GetPublicKeyCredentialDomException extends GetPublicKeyCredentialException {
  static readonly TYPE_GET_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION =
    'androidx.credentials.TYPE_GET_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION';
  readonly domError: DomError;
  constructor(domError: DomError, errorMessage?: string | null) {
    super(
      `${GetPublicKeyCredentialDomException.TYPE_GET_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION}/${domError.type}`,
      errorMessage,
    );
    this.domError = domError;
  }
}

/** `GetCredentialException.createFrom`-style mapping of a type string back to its class. */
export function getCredentialExceptionFrom(
  type: string,
  errorMessage?: string | null,
): GetCredentialException {
  switch (type) {
    case NoCredentialException.TYPE_NO_CREDENTIAL:
      return new NoCredentialException(errorMessage);
    case GetCredentialCancellationException.TYPE_USER_CANCELED:
      return new GetCredentialCancellationException(errorMessage);
    case GetCredentialInterruptedException.TYPE_INTERRUPTED:
      return new GetCredentialInterruptedException(errorMessage);
    case GetCredentialUnknownException.TYPE_UNKNOWN:
      return new GetCredentialUnknownException(errorMessage);
    case GetCredentialProviderConfigurationException.TYPE:
      return new GetCredentialProviderConfigurationException(errorMessage);
    case GetCredentialUnsupportedException.TYPE:
      return new GetCredentialUnsupportedException(errorMessage);
  }
  const prefix = `${GetPublicKeyCredentialDomException.TYPE_GET_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION}/`;
  if (type.startsWith(prefix)) {
    const domError = DomError.fromType(type.slice(prefix.length));
    if (domError) return new GetPublicKeyCredentialDomException(domError, errorMessage);
  }
  return new GetCredentialCustomException(type, errorMessage);
}
