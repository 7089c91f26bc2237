// Shapes the browser client exchanges with the credkit HTTP API (see docs/api.md / the API contract).
// Declared here rather than taken from lib.dom so the client compiles against any DOM typings.
import type { Base64URLString } from './base64url.js';

export interface User {
  /** The WebAuthn user handle (user.id), base64url. */
  id: Base64URLString;
  username: string;
  displayName: string;
}

export interface Passkey {
  id: Base64URLString;
  name: string;
  providerName?: string;
  /** The provider's icon for light backgrounds (a data: URL), when the server knows it. */
  icon_light?: string;
  /** The provider's icon for dark backgrounds (a data: URL), when the server knows it. */
  icon_dark?: string;
  /** Attested against the server's FIDO MDS BLOB: the metadata statement's description. */
  authenticatorName?: string;
  /** With authenticatorName: the certification level (FIDO_CERTIFIED_L1 …). */
  certificationLevel?: string;
  aaguid: string;
  createdAt: string;
  lastUsedAt: string | null;
  backupEligible: boolean;
  backedUp: boolean;
  transports: string[];
}

/** SignalUnknownCredentialRequest / PublicKeyCredential.signalUnknownCredential options. */
export interface UnknownCredentialOptions {
  rpId: string;
  credentialId: Base64URLString;
}

/** SignalAllAcceptedCredentialIdsRequest / PublicKeyCredential.signalAllAcceptedCredentials options. */
export interface AllAcceptedCredentialsOptions {
  rpId: string;
  userId: Base64URLString;
  allAcceptedCredentialIds: Base64URLString[];
}

/** SignalCurrentUserDetailsRequest / PublicKeyCredential.signalCurrentUserDetails options. */
export interface CurrentUserDetailsOptions {
  rpId: string;
  userId: Base64URLString;
  name: string;
  displayName: string;
}

/** The `signals` member the server adds to responses that change what a credential provider should show. */
export interface SignalsPayload {
  unknownCredential?: UnknownCredentialOptions;
  allAcceptedCredentials?: AllAcceptedCredentialsOptions;
  currentUserDetails?: CurrentUserDetailsOptions;
}

export interface CredentialDescriptorJSON {
  id: Base64URLString;
  type: string;
  transports?: string[];
}

/** PublicKeyCredentialCreationOptionsJSON (WebAuthn L3 §5.1.8 JSON form). */
/** WebAuthn L3 §5.8.7 PublicKeyCredentialHint: which kind of authenticator the UI should lead with. */
export type PublicKeyCredentialHint = 'security-key' | 'client-device' | 'hybrid';

/** WebAuthn §5.4.6 ResidentKeyRequirement. */
export type ResidentKeyRequirement = 'required' | 'preferred' | 'discouraged';

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
