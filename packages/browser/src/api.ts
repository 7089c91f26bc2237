// The HTTP API credkit's relying party speaks (docs/api.md): what each route takes and answers, and the Signal
// API budget clients keep. Declared once, here, in the package without dependencies (`@credkit/browser/api`), and
// used by the server, this browser client and the simulated Android app. Types only, but for SIGNAL_BUDGET.

/** Binary values travel as unpadded base64url text. */
export type Base64URLString = string;

/** A passkey, or a restore key (Credential Manager's silent sign-in on a new phone; never shown to the user). */
export type CredentialKind = 'passkey' | 'restore';

/** WebAuthn L3 §5.8.7 PublicKeyCredentialHint: which kind of authenticator the client's UI should lead with. */
export type PublicKeyCredentialHint = 'security-key' | 'client-device' | 'hybrid';

/** WebAuthn §5.4.6 ResidentKeyRequirement. */
export type ResidentKeyRequirement = 'required' | 'preferred' | 'discouraged';

/** A signed-in user as the API shows them. */
export interface User {
  /** credkit's own accounts: the WebAuthn user handle (user.id); a host app's: the app's id. */
  id: string;
  username: string;
  displayName: string;
}

/** A passkey as the account page shows it (GET /passkeys). */
export interface Passkey {
  id: Base64URLString;
  name: string;
  /** The provider's name for the AAGUID: the MDS statement's when a BLOB is loaded, else the community list's. */
  providerName?: string;
  /** The provider's icon for light backgrounds, a data: URL, when known. */
  icon_light?: string;
  /** The provider's icon for dark backgrounds, a data: URL, when known. */
  icon_dark?: string;
  /** Attested against the FIDO MDS BLOB at registration: the statement's description. */
  authenticatorName?: string;
  /** With authenticatorName: the certification level then (FIDO_CERTIFIED_L1 …). */
  certificationLevel?: string;
  aaguid: string;
  /** ISO 8601. */
  createdAt: string;
  lastUsedAt: string | null;
  backupEligible: boolean;
  backedUp: boolean;
  transports: string[];
  userVerified: boolean;
  /** COSE algorithm identifier. */
  algorithm: number;
  attestationFormat: string;
}

/** The credential a registration stored. */
export interface CredentialSummary {
  id: Base64URLString;
  kind: CredentialKind;
  name: string;
  /** Attested against the FIDO MDS BLOB: the statement's description and certification level. */
  authenticatorName?: string;
  certificationLevel?: string;
}

// Signal API payloads: the requestJson of androidx's SignalUnknownCredentialRequest,
// SignalAllAcceptedCredentialIdsRequest and SignalCurrentUserDetailsRequest, and the options of WebAuthn L3's
// PublicKeyCredential.signalUnknownCredential / signalAllAcceptedCredentials / signalCurrentUserDetails.

export interface UnknownCredentialSignal {
  rpId: string;
  credentialId: Base64URLString;
}

export interface AllAcceptedCredentialsSignal {
  rpId: string;
  /** The WebAuthn user handle. */
  userId: Base64URLString;
  allAcceptedCredentialIds: Base64URLString[];
}

export interface CurrentUserDetailsSignal {
  rpId: string;
  /** The WebAuthn user handle. */
  userId: Base64URLString;
  name: string;
  displayName: string;
}

/** The `signals` member of responses after which a credential provider should change what it shows. */
export interface Signals {
  unknownCredential?: UnknownCredentialSignal;
  allAcceptedCredentials?: AllAcceptedCredentialsSignal;
  currentUserDetails?: CurrentUserDetailsSignal;
}

/**
 * The Signal API budget Google Play services applies per calling app: at most `limit` signal calls in any window of
 * `windowMs` (the Signal API guide). Clients queue what is over it.
 */
export const SIGNAL_BUDGET = { limit: 10, windowMs: 120_000 } as const;

/** Every failure: a stable code to branch on (docs/errors.md), a message for people, and signals where one applies. */
export interface ErrorResponse {
  error: { code: string; message: string };
  signals?: Signals;
}

// Requests and responses, route by route (paths under the API's prefix, /api for `credkit serve`).

/** POST /signup (credkit's own accounts). */
export interface SignUpRequest {
  username: string;
  displayName?: string;
  /** Omitted: a passkey-only account. */
  password?: string;
}

/** POST /signin/password (credkit's own accounts). */
export interface PasswordSignInRequest {
  username: string;
  password: string;
}

/** POST /signup, POST /signin/password: the session starts (cookie, and the bearer token for native apps). */
export interface SignedInResponse {
  user: User;
  token: string;
}

/** POST /signout (credkit's own accounts); deviceId revokes that device's restore key. */
export interface SignOutRequest {
  deviceId?: string;
}

export interface SignOutResponse {
  signedOut: true;
  /** Android: clear the restore credential (ClearCredentialStateRequest TYPE_CLEAR_RESTORE_CREDENTIAL). */
  clearRestoreCredential: boolean;
  signals?: Signals;
}

/** GET /me. */
export interface MeResponse {
  user: User;
}

/** PATCH /me. */
export interface UpdateMeRequest {
  username?: string;
  displayName?: string;
}

export interface UpdateMeResponse {
  user: User;
  signals: { currentUserDetails: CurrentUserDetailsSignal };
}

/** POST /webauthn/registration/options (signed in); answers PublicKeyCredentialCreationOptionsJSON. */
export interface RegistrationOptionsRequest {
  /** Default 'passkey'. */
  kind?: CredentialKind;
  /** Restore keys: the device creating it (one restore key per user per device). */
  deviceId?: string;
  /** Conditional create (the automatic passkey upgrade) right after a password sign-in. */
  conditional?: boolean;
  /**
   * Passkeys only: "preferred" or "discouraged" lets a security key without resident-key storage hold a
   * non-discoverable credential (usable username-first). Default "required"; restore keys are always discoverable.
   */
  residentKey?: ResidentKeyRequirement;
  hints?: PublicKeyCredentialHint[];
}

/** POST /webauthn/registration/verify: the body is the RegistrationResponseJSON. */
export interface RegistrationVerifyResponse {
  credential: CredentialSummary;
  signals: { allAcceptedCredentials: AllAcceptedCredentialsSignal };
}

/** POST /webauthn/authentication/options; answers PublicKeyCredentialRequestOptionsJSON. */
export interface AuthenticationOptionsRequest {
  /** Username-first sign-in (allowCredentials); omitted: discoverable sign-in. */
  username?: string;
  /** Default 'passkey'. */
  kind?: CredentialKind;
  hints?: PublicKeyCredentialHint[];
}

/** POST /webauthn/authentication/verify: the body is the AuthenticationResponseJSON. */
export interface AuthenticationVerifyResponse {
  user: User;
  /** credkit's own sessions: the bearer token (a host app's session travels its own way). */
  token?: string;
  credential: { id: Base64URLString; kind: CredentialKind };
  signals: { allAcceptedCredentials: AllAcceptedCredentialsSignal };
}

/** GET /passkeys. */
export interface PasskeysResponse {
  passkeys: Passkey[];
}

/** PATCH /passkeys/:id. */
export interface RenamePasskeyRequest {
  name: string;
}

export interface RenamePasskeyResponse {
  passkey: Passkey;
}

/** DELETE /passkeys/:id. */
export interface DeletePasskeyResponse {
  deleted: true;
  signals: { allAcceptedCredentials: AllAcceptedCredentialsSignal };
}

/** POST /restore-keys/revoke (a host app's sign-out of an Android app). */
export interface RevokeRestoreKeyRequest {
  deviceId: string;
}

export interface RevokeRestoreKeyResponse {
  revoked: boolean;
  clearRestoreCredential: true;
  signals?: Signals;
}
