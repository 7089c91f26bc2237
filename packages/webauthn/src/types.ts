// Public data shapes of credkit/webauthn: the WebAuthn Level 3 JSON encodings (§5.1.8, §5.1.9) and
// what the two verification calls take and return.
import type { KeyCache } from './key-cache.js';
import type { AttestationPolicy, AuthenticatorMetadata, MetadataBlob } from './metadata/types.js';
import type { RP_ID_NOT_CHECKED } from './rp-id.js';

export type Base64URLString = string;
export type AuthenticatorTransport = 'ble' | 'cable' | 'hybrid' | 'internal' | 'nfc' | 'smart-card' | 'usb';
export type UserVerificationRequirement = 'required' | 'preferred' | 'discouraged';
export type AttestationConveyancePreference = 'none' | 'indirect' | 'direct' | 'enterprise';
export type AttestationFormat =
  'none' | 'packed' | 'fido-u2f' | 'android-key' | 'android-safetynet' | 'tpm' | 'apple';
/** WebAuthn §6.5.3 attestation types. */
export type AttestationType = 'None' | 'Self' | 'Basic' | 'AttCA' | 'AnonCA';

export interface AuthenticatorAttestationResponseJSON {
  clientDataJSON: Base64URLString;
  attestationObject: Base64URLString;
  authenticatorData?: Base64URLString;
  transports?: AuthenticatorTransport[] | string[];
  publicKey?: Base64URLString;
  publicKeyAlgorithm?: number;
}

export interface AuthenticatorAssertionResponseJSON {
  clientDataJSON: Base64URLString;
  authenticatorData: Base64URLString;
  signature: Base64URLString;
  userHandle?: Base64URLString | null;
}

export interface RegistrationResponseJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  type: 'public-key' | string;
  response: AuthenticatorAttestationResponseJSON;
  authenticatorAttachment?: 'platform' | 'cross-platform' | string | null;
  clientExtensionResults: Record<string, unknown>;
}

export interface AuthenticationResponseJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  type: 'public-key' | string;
  response: AuthenticatorAssertionResponseJSON;
  authenticatorAttachment?: 'platform' | 'cross-platform' | string | null;
  clientExtensionResults: Record<string, unknown>;
}

/**
 * A challenge: the base64url string issued (clientDataJSON.challenge must equal it exactly), the issued bytes
 * (encoded as unpadded base64url, then compared as strings), or a predicate over the value the client echoed.
 */
export type ExpectedChallenge = Base64URLString | Uint8Array | ((challenge: Base64URLString) => boolean);

export interface CommonExpectations {
  challenge: ExpectedChallenge;
  /** Allowed origins: web origins (`https://example.com`) and Android app origins (`android:apk-key-hash:...`). */
  origins: string | readonly string[];
  /**
   * One RP ID or several (the rpIdHash must match one of them). RP_ID_NOT_CHECKED skips the check: only for
   * verifying a statement detached from any RP (the test-vector harness); never in a server.
   */
  rpId: string | readonly string[] | typeof RP_ID_NOT_CHECKED;
  /** Default true. User presence is always required (except conditional create, see below). */
  requireUserVerification?: boolean;
  /** Top-level origins allowed when clientDataJSON.crossOrigin is true. Absent: cross-origin is rejected. */
  topOrigins?: readonly string[];
  /**
   * Accept clientDataJSON.crossOrigin true whatever the top origin (or when the client sent none). Default false.
   * When topOrigins is also given, a topOrigin the client did send must be in it.
   */
  allowCrossOrigin?: boolean;
  /** Accept origins whose host is a subdomain of an allowed web origin's host (default false). */
  allowSubdomains?: boolean;
  /** clientDataJSON.type expected (default webauthn.create / webauthn.get); several allowed. */
  type?: string | readonly string[];
}

export interface RegistrationExpectations extends CommonExpectations {
  /** COSE algorithm identifiers accepted (default: every supported one). Registration fails with unsupported_algorithm otherwise. */
  algorithms?: readonly number[];
  /** Root certificates (DER) a trust path must chain to. Without them attestation is verified but not anchored. */
  trustAnchors?: readonly Uint8Array[];
  /** Reject registrations whose attestation is not anchored to `trustAnchors` (default false). */
  requireTrustedAttestation?: boolean;
  /** Time at which certificate validity is checked (default: now). */
  now?: Date;
  /** Skip certificate validity-period checks (for fixtures whose certificates have expired). */
  skipCertificateTimeChecks?: boolean;
  /** Conditional create (automatic passkey upgrade): the UP flag may be unset (WebAuthn L3 §7.1 step 14 note). */
  conditionalCreate?: boolean;
  /** Attestation formats accepted (default all). */
  attestationFormats?: readonly AttestationFormat[];
  /** android-key: read origin/purpose from teeEnforced only, rejecting software-backed keys (default false: the union, §8.4). */
  androidKeyTeeEnforcedOnly?: boolean;
  /** android-safetynet: require ctsProfileMatch (default true). */
  safetyNetRequireCtsProfileMatch?: boolean;
  /** android-safetynet: max age of timestampMs relative to `now` in ms (default 60 s; false disables). */
  safetyNetMaxAgeMs?: number | false;
  /**
   * A FIDO MDS3 BLOB (parseMetadataBlob): the authenticator is judged against it (verifyAttestationMetadata, with
   * `now`) and the result is registrationInfo.authenticator. An attestation chain must then end at the
   * statement's roots, and a revoked or compromised authenticator is rejected.
   */
  metadata?: MetadataBlob;
  /** The policy applied with `metadata` (default: attestation required, any AAGUID, any certification). */
  attestationPolicy?: AttestationPolicy;
}

export interface AuthenticationExpectations extends CommonExpectations {
  /**
   * The user was not identified before the ceremony (discoverable credential flow): response.userHandle must be
   * present (§7.2 step 6). Default false.
   */
  requireUserHandle?: boolean;
  /** The FIDO AppID requested with the appid extension (§10.1.1); when the client used it, rpIdHash is its hash. */
  appId?: string;
  /** Cache of imported public keys (default: a process-wide bounded LRU cache). */
  keyCache?: KeyCache;
}

/** The stored credential an assertion is checked against. */
export interface CredentialRecord {
  id: Base64URLString | Uint8Array;
  /** COSE_Key bytes as stored at registration. */
  publicKey: Uint8Array;
  /** Stored signature counter. */
  counter: number;
  /** Backup eligibility recorded at registration (BE must not change). Absent: not checked. */
  backupEligible?: boolean;
  /** Backup state last seen; when given, AuthenticationInfo.backupStateChanged reports a change. */
  backedUp?: boolean;
  /** User handle recorded at registration: when given, a returned userHandle must equal it. */
  userHandle?: Base64URLString | Uint8Array;
}

export interface AuthenticatorFlags {
  up: boolean;
  uv: boolean;
  be: boolean;
  bs: boolean;
  at: boolean;
  ed: boolean;
  /** The raw flags byte. */
  value: number;
}

export interface RegistrationInfo {
  credential: {
    id: Base64URLString;
    publicKey: Uint8Array;
    algorithm: number;
    counter: number;
    transports: string[];
  };
  aaguid: string;
  fmt: AttestationFormat;
  attestationType: AttestationType;
  /** The attestation trust path (DER certificates, leaf first); empty for None/Self. */
  trustPath: Uint8Array[];
  /** True when the trust path chains to one of the supplied trust anchors (or to the MDS statement's roots). */
  attestationTrusted: boolean;
  userVerified: boolean;
  userPresent: boolean;
  backupEligible: boolean;
  backedUp: boolean;
  flags: AuthenticatorFlags;
  /** Parsed authenticator extension outputs (CBOR map from authenticatorData), if any. */
  authenticatorExtensionResults?: Record<string, unknown>;
  clientExtensionResults: Record<string, unknown>;
  /** credProps.rk as reported by the client, if present. */
  residentKey?: boolean;
  origin: string;
  topOrigin?: string;
  /** The matched RP ID ('' when RP_ID_NOT_CHECKED was passed). */
  rpId: string;
  authenticatorAttachment?: string;
  /** What the MDS BLOB says about the authenticator, when expectations.metadata was given. */
  authenticator?: AuthenticatorMetadata;
}

export interface VerifiedRegistration {
  verified: true;
  registrationInfo: RegistrationInfo;
}

export interface AuthenticationInfo {
  credentialId: Base64URLString;
  newCounter: number;
  userVerified: boolean;
  userPresent: boolean;
  backupEligible: boolean;
  backedUp: boolean;
  flags: AuthenticatorFlags;
  userHandle?: Base64URLString;
  /** BS differs from CredentialRecord.backedUp (when that was given). */
  backupStateChanged: boolean;
  authenticatorAttachment?: string;
  origin: string;
  topOrigin?: string;
  rpId: string;
  authenticatorExtensionResults?: Record<string, unknown>;
  clientExtensionResults: Record<string, unknown>;
}

export interface VerifiedAuthentication {
  verified: true;
  authenticationInfo: AuthenticationInfo;
}
