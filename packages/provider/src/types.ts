// The WebAuthn Level 3 JSON option shapes the authenticator consumes (§5.1.8 parseCreationOptionsFromJSON,
// §5.1.9 parseRequestOptionsFromJSON input dictionaries). Responses use credkit/webauthn's JSON types.
export type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@credkit/webauthn';

export type UserVerificationRequirement = 'required' | 'preferred' | 'discouraged';
export type ResidentKeyRequirement = 'required' | 'preferred' | 'discouraged';

export interface PublicKeyCredentialDescriptorJSON {
  type: 'public-key' | string;
  id: string;
  transports?: string[];
}

export interface PublicKeyCredentialCreationOptionsJSON {
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  challenge: string;
  pubKeyCredParams: { type: 'public-key' | string; alg: number }[];
  timeout?: number;
  excludeCredentials?: PublicKeyCredentialDescriptorJSON[];
  authenticatorSelection?: {
    authenticatorAttachment?: string;
    residentKey?: ResidentKeyRequirement;
    requireResidentKey?: boolean;
    userVerification?: UserVerificationRequirement;
  };
  hints?: string[];
  attestation?: 'none' | 'indirect' | 'direct' | 'enterprise' | string;
  attestationFormats?: string[];
  extensions?: Record<string, unknown>;
}

export interface PublicKeyCredentialRequestOptionsJSON {
  challenge: string;
  timeout?: number;
  rpId?: string;
  allowCredentials?: PublicKeyCredentialDescriptorJSON[];
  userVerification?: UserVerificationRequirement;
  hints?: string[];
  extensions?: Record<string, unknown>;
}

/** What the client (browser or Credential Manager) tells the authenticator about the caller. */
export interface ClientContext {
  /** The caller's origin: a web origin or `android:apk-key-hash:<…>`. */
  origin: string;
  /** Put into clientDataJSON for native callers, as Android's providers do. */
  androidPackageName?: string;
  crossOrigin?: boolean;
  topOrigin?: string;
  /** Default true. False models conditional create (no user gesture): UP is not set. */
  userPresent?: boolean;
  /** Overrides whether the user verified (default: verified unless userVerification is "discouraged"). */
  userVerified?: boolean;
  /** A privileged caller's own client data hash: signed as is; the response's clientDataJSON is then empty. */
  clientDataHash?: Uint8Array;
  /**
   * The `origins` the client fetched from the RP ID's /.well-known/webauthn (WebAuthn L3 §5.11.1 Related Origin
   * Requests): an origin listed there may use an RP ID it is not a suffix of.
   */
  wellKnownOrigins?: readonly string[];
}

export interface AssertionClientContext extends ClientContext {
  /** For discoverable sign-in (empty allowCredentials): the credential the user picked. */
  credentialId?: string;
}
