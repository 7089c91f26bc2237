// Feature access to the browser's WebAuthn statics. Every member is optional: the client detects each one
// before use, so it degrades gracefully on browsers (and in Node) that lack them.
import type {
  AllAcceptedCredentialsOptions,
  CurrentUserDetailsOptions,
  UnknownCredentialOptions,
} from './types.js';

/** The static side of PublicKeyCredential as far as credkit uses it (WebAuthn L3 §5.1). */
export interface PublicKeyCredentialStatics {
  parseCreationOptionsFromJSON?(json: unknown): CredentialCreationOptions['publicKey'];
  parseRequestOptionsFromJSON?(json: unknown): CredentialRequestOptions['publicKey'];
  getClientCapabilities?(): Promise<Record<string, boolean | undefined>>;
  isConditionalMediationAvailable?(): Promise<boolean>;
  isUserVerifyingPlatformAuthenticatorAvailable?(): Promise<boolean>;
  signalUnknownCredential?(options: UnknownCredentialOptions): Promise<void>;
  signalAllAcceptedCredentials?(options: AllAcceptedCredentialsOptions): Promise<void>;
  signalCurrentUserDetails?(options: CurrentUserDetailsOptions): Promise<void>;
}

/** The minimal navigator.credentials surface used for ceremonies. */
export interface CredentialsContainerLike {
  create(options: CredentialCreationOptions): Promise<Credential | null>;
  get(options: CredentialRequestOptions): Promise<Credential | null>;
}

/** PublicKeyCredential, or undefined where WebAuthn is absent (old browsers, Node). */
export function platformStatics(): PublicKeyCredentialStatics | undefined {
  return (globalThis as { PublicKeyCredential?: PublicKeyCredentialStatics }).PublicKeyCredential;
}

/** navigator.credentials, or undefined where it is absent. */
export function platformCredentials(): CredentialsContainerLike | undefined {
  return (globalThis as { navigator?: { credentials?: CredentialsContainerLike } }).navigator?.credentials;
}
