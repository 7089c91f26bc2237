// Shapes the browser client exchanges with the credkit HTTP API (see docs/api.md / the API contract).
// Declared here rather than taken from lib.dom so the client compiles against any DOM typings.
import type { Base64URLString } from './base64url.js';
import type {
  AllAcceptedCredentialsSignal,
  CurrentUserDetailsSignal,
  Signals,
  UnknownCredentialSignal,
} from './api.js';

// The API's users, passkeys and signal payloads (api.ts), under the names this client has always used.
export type { User, Passkey, PublicKeyCredentialHint, ResidentKeyRequirement } from './api.js';
/** SignalUnknownCredentialRequest / PublicKeyCredential.signalUnknownCredential options. */
export type UnknownCredentialOptions = UnknownCredentialSignal;
/** SignalAllAcceptedCredentialIdsRequest / PublicKeyCredential.signalAllAcceptedCredentials options. */
export type AllAcceptedCredentialsOptions = AllAcceptedCredentialsSignal;
/** SignalCurrentUserDetailsRequest / PublicKeyCredential.signalCurrentUserDetails options. */
export type CurrentUserDetailsOptions = CurrentUserDetailsSignal;
/** The `signals` member the server adds to responses that change what a credential provider should show. */
export type SignalsPayload = Signals;

export interface CredentialDescriptorJSON {
  id: Base64URLString;
  type: string;
  transports?: string[];
}

/** PublicKeyCredentialCreationOptionsJSON (WebAuthn L3 §5.1.8 JSON form). */
export interface CreationOptionsJSON {
  rp: { id?: string; name: string };
  user: { id: Base64URLString; name: string; displayName: string };
  challenge: Base64URLString;
  pubKeyCredParams: { type: string; alg: number }[];
  timeout?: number;
  excludeCredentials?: CredentialDescriptorJSON[];
  authenticatorSelection?: Record<string, unknown>;
  hints?: string[];
  attestation?: string;
  attestationFormats?: string[];
  extensions?: Record<string, unknown>;
}

/** PublicKeyCredentialRequestOptionsJSON (WebAuthn L3 §5.1.9 JSON form). */
export interface RequestOptionsJSON {
  challenge: Base64URLString;
  timeout?: number;
  rpId?: string;
  allowCredentials?: CredentialDescriptorJSON[];
  userVerification?: string;
  hints?: string[];
  extensions?: Record<string, unknown>;
}

/** RegistrationResponseJSON / AuthenticationResponseJSON: PublicKeyCredential.toJSON() output. */
export interface PublicKeyCredentialJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  type: string;
  authenticatorAttachment?: string | null;
  clientExtensionResults: Record<string, unknown>;
  response: Record<string, unknown>;
}
