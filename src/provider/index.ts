// credkit/provider: a software credential provider with real keys, and the device it lives on.
export { SoftwareAuthenticator } from './authenticator.js';
export type { SoftwareAuthenticatorOptions, CreatedCredential } from './authenticator.js';
export { AuthenticatorError, isAuthenticatorError, AUTHENTICATOR_ERROR_NAMES } from './errors.js';
export type { AuthenticatorErrorName } from './errors.js';
export { CredentialStore } from './credential-store.js';
export type { StoredCredential, CredentialStoreState } from './credential-store.js';
export { SUPPORTED_ALGORITHMS } from './keys.js';
export type * from './types.js';
