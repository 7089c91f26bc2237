// credkit/browser: the web client for the credkit server. No runtime dependencies, no Node built-ins.
export {
  CredkitClient,
  type CredkitClientOptions,
  type RegisterPasskeyRequest,
  type UpgradeResult,
} from './client.js';
export type { RegisteredCredential, SignInResult } from './ceremonies.js';
export { detectCapabilities, type Capabilities } from './capabilities.js';
export {
  ceremonyError,
  serverError,
  networkError,
  type ClientError,
  type ClientErrorKind,
  type Result,
} from './errors.js';
export { describeError, errorMessage, DESCRIBED_SERVER_CODES } from './messages.js';
export { SignalSender, type SignalEvent, type SignalOutcome, type SignalSenderOptions } from './signals.js';
export {
  SignalQueue,
  signalsFromPayload,
  coalescingKey,
  SIGNAL_METHODS,
  type PendingSignal,
  type SignalKind,
} from './signal-queue.js';
export { toCreationOptions, toRequestOptions } from './options-json.js';
export { credentialToJSON, type CredentialLike } from './credential-json.js';
export { base64urlEncode, base64urlDecode, type Base64URLString } from './base64url.js';
export type { PublicKeyCredentialStatics, CredentialsContainerLike } from './platform.js';
export type * from './types.js';
