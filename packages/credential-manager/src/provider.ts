// The interface a credential provider implements to be called by CredentialManager (credkit/provider's
// software provider, or a small in-memory one in tests). It mirrors androidx's CredentialProviderService in
// two phases: onBegin* answers without UI (what could this provider do?), then the call for the entry the
// user picked does the work (creates keys, signs).
//
// Errors: throw the androidx exception of the family (CreateCredentialException, GetCredentialException,
// ClearCredentialException, SignalCredentialStateException subclasses, e.g. E2eeUnavailableException,
// NoCredentialException, SignalCredentialRateLimitExceededException); CredentialManager passes those through
// unchanged and turns anything else into the family's *UnknownException.
import type { CallingAppInfo } from './calling-app.js';
import type { ClearCredentialStateRequest } from './requests/clear-credential-state-request.js';
import type { CreatePasswordRequest } from './requests/create-password-request.js';
import type { CreatePublicKeyCredentialRequest } from './requests/create-public-key-credential-request.js';
import type { CreateRestoreCredentialRequest } from './requests/create-restore-credential-request.js';
import type { GetPasswordOption } from './requests/get-password-option.js';
import type { GetPublicKeyCredentialOption } from './requests/get-public-key-credential-option.js';
import type { GetRestoreCredentialOption } from './requests/get-restore-credential-option.js';
import type { SignalCredentialStateRequest } from './requests/signal-credential-state-request.js';
import type { CreateCredentialResponse } from './responses/create-credential-response.js';
import type { CredentialData } from './responses/credential.js';

/** The create requests CredentialManager routes; discriminate on `type`. */
export type AnyCreateCredentialRequest =
  CreatePublicKeyCredentialRequest | CreatePasswordRequest | CreateRestoreCredentialRequest;

/** The get options CredentialManager routes; discriminate on `type`. */
export type AnyCredentialOption =
  GetPublicKeyCredentialOption | GetPasswordOption | GetRestoreCredentialOption;

// ---- create ----

export interface BeginCreateCredentialRequest {
  /**
   * The app's request. Already checked: the constructor's validation, the origin permission, and the
   * WebAuthn shape of `requestJson` (rp, user.id 1..64 bytes base64url, challenge, pubKeyCredParams).
   */
  readonly request: AnyCreateCredentialRequest;
  readonly callingApp: CallingAppInfo;
}

/** One place the provider offers to save the credential (an account). */
export interface CreateEntry {
  /** Opaque to CredentialManager; handed back in onCreateCredential. */
  readonly id: string;
  readonly accountName: string;
  readonly description?: string | null;
}

export interface BeginCreateCredentialResponse {
  /** Empty: this provider cannot save this request (e.g. unsupported type). */
  readonly createEntries: readonly CreateEntry[];
}

export interface ProviderCreateCredentialRequest extends BeginCreateCredentialRequest {
  /** The entry the user picked (one of this provider's createEntries). */
  readonly entry: CreateEntry;
}

// ---- get ----

export interface BeginGetCredentialRequest {
  /**
   * One option of the app's GetCredentialRequest (CredentialManager calls once per option this provider may
   * serve). A GetRestoreCredentialOption arrives with `userVerification` already forced to "discouraged" in
   * its `requestJson`.
   */
  readonly option: AnyCredentialOption;
  readonly callingApp: CallingAppInfo;
}

/** A credential the provider can return for the option, shown in the account selector. */
export interface CredentialEntry {
  /** Opaque to CredentialManager; handed back in onGetCredential. */
  readonly id: string;
  /** The Credential Manager type this entry yields (TYPE_PUBLIC_KEY_CREDENTIAL, TYPE_PASSWORD_CREDENTIAL, …). */
  readonly type: string;
  /** What the selector shows: user.name for a passkey, the id for a password. */
  readonly displayName: string;
  readonly userDisplayName?: string | null;
  readonly lastUsedTimeMs?: number | null;
  /**
   * The provider allows the selector to pick this entry without showing itself when it is the only entry
   * (and the option's `isAutoSelectAllowed` is true too). Default false.
   */
  readonly isAutoSelectAllowed?: boolean;
}

/** A locked provider's "unlock to see credentials" action (PrepareGetCredentialResponse.hasAuthenticationResults). */
export interface AuthenticationAction {
  readonly id: string;
  readonly title: string;
}

/** Credentials on another device (hybrid); PrepareGetCredentialResponse.hasRemoteResults. */
export interface RemoteEntry {
  readonly id: string;
}

export interface BeginGetCredentialResponse {
  readonly credentialEntries: readonly CredentialEntry[];
  readonly authenticationActions?: readonly AuthenticationAction[];
  readonly remoteEntry?: RemoteEntry | null;
}

export type SelectedGetEntry =
  | { readonly kind: 'credential'; readonly entry: CredentialEntry }
  | { readonly kind: 'authentication'; readonly entry: AuthenticationAction }
  | { readonly kind: 'remote'; readonly entry: RemoteEntry };

export interface ProviderGetCredentialRequest extends BeginGetCredentialRequest {
  /** What the user picked among this provider's entries for `option`. */
  readonly selected: SelectedGetEntry;
}

export interface ProviderAuthenticationActionRequest extends BeginGetCredentialRequest {
  readonly action: AuthenticationAction;
}

// ---- clear, signal ----

export interface ProviderClearCredentialStateRequest {
  /** TYPE_CLEAR_CREDENTIAL_STATE goes to every provider; TYPE_CLEAR_RESTORE_CREDENTIAL only to restore-capable ones. */
  readonly request: ClearCredentialStateRequest;
  readonly callingApp: CallingAppInfo;
}

export interface ProviderSignalCredentialStateRequest {
  /** Already structurally validated (keys present, ids base64url). */
  readonly callingRequest: SignalCredentialStateRequest;
  readonly callingApp: CallingAppInfo;
}

export interface CredentialProvider {
  /** A ComponentName-like id, e.g. "com.example.vault/.VaultService"; matched against `allowedProviders`. */
  readonly id: string;
  /**
   * Play-services style: restore-key requests (CreateRestoreCredentialRequest, GetRestoreCredentialOption,
   * TYPE_CLEAR_RESTORE_CREDENTIAL) are routed only to providers with this flag; other providers never see them.
   */
  readonly isRestoreCapable?: boolean;

  onBeginCreateCredential(request: BeginCreateCredentialRequest): Promise<BeginCreateCredentialResponse>;
  onCreateCredential(request: ProviderCreateCredentialRequest): Promise<CreateCredentialResponse>;
  onBeginGetCredential(request: BeginGetCredentialRequest): Promise<BeginGetCredentialResponse>;
  /** Returns the credential as (type, data), e.g. a PublicKeyCredential, or {type: TYPE_RESTORE_CREDENTIAL, data}. */
  onGetCredential(request: ProviderGetCredentialRequest): Promise<CredentialData>;
  /**
   * Optional: the user picked one of this provider's authentication actions (a locked vault's "unlock").
   * The provider authenticates the user and answers the option again; the selector then shows what it now
   * offers. Providers without it get the action in onGetCredential.
   */
  onAuthenticationAction?(request: ProviderAuthenticationActionRequest): Promise<BeginGetCredentialResponse>;
  onClearCredentialState(request: ProviderClearCredentialStateRequest): Promise<void>;
  /** Optional: providers without it are skipped for signals. */
  onSignalCredentialState?(request: ProviderSignalCredentialStateRequest): Promise<void>;
}
