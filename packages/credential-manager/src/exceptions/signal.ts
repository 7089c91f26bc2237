// SignalCredentialStateException and its subclasses (package exceptions.publickeycredential).
import { CredentialManagerException } from './base.js';

/** Thrown by `signalCredentialState`. */
export abstract class SignalCredentialStateException extends CredentialManagerException {}

export class SignalCredentialSecurityException extends SignalCredentialStateException {
  static readonly TYPE_SECURITY = 'androidx.credentials.SignalCredentialStateException.TYPE_SECURITY';
  constructor(errorMessage?: string | null) {
    super(SignalCredentialSecurityException.TYPE_SECURITY, errorMessage);
  }
}

export class SignalCredentialUnknownException extends SignalCredentialStateException {
  static readonly TYPE_UNKNOWN = 'androidx.credentials.SignalCredentialStateException.TYPE_UNKNOWN';
  constructor(errorMessage?: string | null) {
    super(SignalCredentialUnknownException.TYPE_UNKNOWN, errorMessage);
  }
}

export class SignalCredentialStateProviderConfigurationException extends SignalCredentialStateException {
  static readonly TYPE_PROVIDER_CONFIGURATION =
    'androidx.credentials.SignalCredentialStateException.TYPE_PROVIDER_CONFIGURATION';
  constructor(errorMessage?: string | null) {
    super(SignalCredentialStateProviderConfigurationException.TYPE_PROVIDER_CONFIGURATION, errorMessage);
  }
}

/** Too many signals from one app; `retryMillis` is how long to wait before the next one may succeed. */
export class SignalCredentialRateLimitExceededException extends SignalCredentialStateException {
  static readonly RATE_LIMIT_EXCEEDED =
    'androidx.credentials.SignalCredentialStateException.RATE_LIMIT_EXCEEDED';
  readonly retryMillis: number;
  constructor(retryMillis: number, errorMessage?: string | null) {
    super(SignalCredentialRateLimitExceededException.RATE_LIMIT_EXCEEDED, errorMessage);
    this.retryMillis = retryMillis;
  }
}

/** `SignalCredentialStateException.createFrom`: unknown types fall back to SignalCredentialUnknownException. */
export function signalCredentialStateExceptionFrom(
  type: string,
  errorMessage?: string | null,
): SignalCredentialStateException {
  switch (type) {
    case SignalCredentialSecurityException.TYPE_SECURITY:
      return new SignalCredentialSecurityException(errorMessage);
    case SignalCredentialStateProviderConfigurationException.TYPE_PROVIDER_CONFIGURATION:
      return new SignalCredentialStateProviderConfigurationException(errorMessage);
    case SignalCredentialRateLimitExceededException.RATE_LIMIT_EXCEEDED:
      return rateLimitFromGmsMessage(errorMessage ?? '');
    default:
      return new SignalCredentialUnknownException(errorMessage);
  }
}

/** The library's fallback wait when the Play services message carries no number: 10 minutes. */
export const MAX_RETRY_TIME = 600_000;

const GMS_RATE_LIMIT =
  /^SignalCredentialState has been called too frequently\. Please retry later after (\d+) minutes\.$/;

/**
 * How the Play-services path turns GMS's "called too frequently" message into the exception. As in the library,
 * the captured number of **minutes** is passed through unconverted as `retryMillis`; no match → MAX_RETRY_TIME.
 */
export function rateLimitFromGmsMessage(message: string): SignalCredentialRateLimitExceededException {
  const minutes = GMS_RATE_LIMIT.exec(message)?.[1];
  return new SignalCredentialRateLimitExceededException(
    minutes === undefined ? MAX_RETRY_TIME : Number(minutes),
    message,
  );
}
