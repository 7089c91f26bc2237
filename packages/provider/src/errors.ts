// Typed failures of the software authenticator, named after the WebAuthn DOMException each one becomes
// (§6.3.2 authenticatorMakeCredential, §6.3.3 authenticatorGetAssertion, §5.1.3/§5.1.4 client steps).
// Callers branch on `name`/`code`, never on `message`.

export const AUTHENTICATOR_ERROR_NAMES = [
  'InvalidStateError',
  'NotAllowedError',
  'NotSupportedError',
  'SecurityError',
  'DataError',
  'ConstraintError',
] as const;

export type AuthenticatorErrorName = (typeof AUTHENTICATOR_ERROR_NAMES)[number];

export class AuthenticatorError extends Error {
  override readonly name: AuthenticatorErrorName;
  /** Stable code: the DOMException name. */
  readonly code: AuthenticatorErrorName;

  constructor(name: AuthenticatorErrorName, message: string) {
    super(message);
    this.name = name;
    this.code = name;
  }
}

export function isAuthenticatorError(e: unknown, name?: AuthenticatorErrorName): e is AuthenticatorError {
  return e instanceof AuthenticatorError && (name === undefined || e.name === name);
}
