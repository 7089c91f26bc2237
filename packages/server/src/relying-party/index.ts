// The relying party: ceremonies and account logic over a store, without HTTP.
export {
  createContext,
  publicUser,
  ownAccounts,
  type RelyingPartyContext,
  type ContextOptions,
  type SecretKeeper,
  type PublicUser,
} from './context.js';
export { hostUserDirectory, hostUserHandle, type HostUser, type HostUsers } from './host.js';
export { signUp, signUpHostUser, signInWithPassword, updateProfile, type SignedIn } from './accounts.js';
export {
  startSession,
  findSession,
  endSession,
  sessionId,
  ownRequester,
  claimSession,
  unauthenticated,
  type StartedSession,
  type ActiveSession,
  type Requester,
  type SessionClaim,
} from './sessions.js';
export {
  registrationOptions,
  verifyRegistrationResponse,
  type RegistrationOptionsRequest,
  type RegistrationResult,
} from './registration.js';
export {
  authenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationOptionsRequest,
  type AuthenticationResult,
} from './authentication.js';
export { listPasskeys, renamePasskey, deletePasskey, revokeRestoreKey } from './passkeys.js';
export {
  allAcceptedCredentials,
  passkeyView,
  type PasskeyView,
  type CredentialSummary,
} from './credentials.js';
export { providerName } from './aaguids.js';
export { foldUsername } from './usernames.js';
export { randomToken } from './random.js';
export { ServerError, SERVER_ERROR_CODES, type ServerErrorCode } from './errors.js';
export type * from './stores.js';
export { composeSignIn } from './stores.js';
export type {
  Signals,
  UnknownCredentialSignal,
  AllAcceptedCredentialsSignal,
  CurrentUserDetailsSignal,
} from './signals.js';
export {
  conformanceRegistrationOptions,
  verifyConformanceRegistration,
  conformanceAuthenticationOptions,
  verifyConformanceAuthentication,
  CONFORMANCE_ALGORITHMS,
  type ConformanceCreationRequest,
  type ConformanceGetRequest,
} from './conformance.js';
