// credkit/credential-manager: the androidx.credentials API in TypeScript.
export * from './types.js';
export * from './calling-app.js';
export * from './context.js';
export type * from './provider.js';

export * from './requests/display-info.js';
export * from './requests/create-credential-request.js';
export * from './requests/create-public-key-credential-request.js';
export * from './requests/create-password-request.js';
export * from './requests/create-restore-credential-request.js';
export * from './requests/credential-option.js';
export * from './requests/get-public-key-credential-option.js';
export * from './requests/get-password-option.js';
export * from './requests/get-restore-credential-option.js';
export * from './requests/get-custom-credential-option.js';
export * from './requests/get-credential-request.js';
export * from './requests/clear-credential-state-request.js';
export * from './requests/signal-credential-state-request.js';

export * from './responses/create-credential-response.js';
export * from './responses/credential.js';
export * from './responses/get-credential-response.js';

export * from './exceptions/java.js';
export * from './exceptions/base.js';
export * from './exceptions/dom-errors.js';
export * from './exceptions/get.js';
export * from './exceptions/create.js';
export * from './exceptions/restore.js';
export * from './exceptions/clear.js';
export * from './exceptions/signal.js';

export * from './responses/prepare-get-credential-response.js';
export * from './webauthn-format.js';
export { CredentialManager } from './credential-manager.js';
export * from './platform-gates.js';
export { NO_RESTORE_CREDENTIAL } from './flows/get.js';
export * from './async-callbacks.js';
