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
