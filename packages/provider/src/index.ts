// credkit/provider: a software credential provider with real keys, and the device it lives on.
export { SoftwareAuthenticator } from './authenticator.js';
export type { SoftwareAuthenticatorOptions, CreatedCredential } from './authenticator.js';
export type { AttestationCertificateChain } from './attestation.js';
export { AuthenticatorError, isAuthenticatorError, AUTHENTICATOR_ERROR_NAMES } from './errors.js';
export type { AuthenticatorErrorName } from './errors.js';
export { CredentialStore } from './credential-store.js';
export type { StoredCredential, CredentialStoreState } from './credential-store.js';
export {
  SUPPORTED_ALGORITHMS,
  KEY_ALGORITHMS,
  generateKeyPairFor,
  coseEncodePublicKey,
  signWithCredentialKey,
  exportPrivateKey,
  importPrivateKey,
  type KeyAlgorithm,
} from './keys.js';
// The authenticator's encodings, for tools that forge responses on purpose (credkit audit).
export { encodeAttestationObject } from './attestation.js';
export type * from './types.js';

export { SoftwareCredentialProvider, passwordOwner } from './provider.js';
export type { SoftwareCredentialProviderOptions } from './provider.js';
export { ProviderAccount } from './provider-account.js';
export type { ProviderAccountOptions, ProviderAccountState } from './provider-account.js';
export { Device, DEFAULT_API_LEVEL, DEFAULT_PLAY_SERVICES_VERSION } from './device.js';
export type { AppInstall, InstalledApp, DeviceOptions, RestoreOptions, RestoreResult } from './device.js';
export type { BackupAgent, RestoreContext, RestoredApp, RestoreTransport } from './backup-agent.js';
export type { DeviceTransfer } from './device-transfer.js';
export { AppNotificationLog } from './app-notifications.js';
export type { AppNotification, AppNotificationContent } from './app-notifications.js';
export { CredentialProviderSettings, restoreOnly } from './provider-settings.js';
export {
  FaultPlan,
  DeviceFaultPlan,
  ProviderFaultPlan,
  DEVICE_FAULT_FAMILIES,
  PROVIDER_FAULT_FAMILIES,
} from './faults.js';
export type {
  DeviceFaultPoints,
  ProviderFaultPoints,
  FaultFamilies,
  FaultFamily,
  FaultMatch,
  FaultRule,
  FaultCall,
} from './faults.js';
export { HYBRID_ENTRY_ID } from './hybrid.js';
export type { HybridPeer } from './hybrid.js';
export { UNLOCK_ACTION_ID } from './get-flow.js';
export { DeviceError, DEVICE_ERROR_CODES } from './device-errors.js';
export type { DeviceErrorCode } from './device-errors.js';
export type { EncryptedBackup, LockScreenKey } from './backup-crypto.js';
export type { DeviceState, BackupContents } from './device-snapshot.js';
export type { ProviderEnvironment } from './environment.js';
export {
  appIsLinked,
  certificateFingerprint,
  staticAssetLinks,
  RELATION_GET_LOGIN_CREDS,
  RELATION_HANDLE_ALL_URLS,
} from './asset-links.js';
export type { AssetLinkStatement, AssetLinksResolver } from './asset-links.js';
export { NotificationLog } from './notifications.js';
export type { ProviderNotification, SignalKind } from './notifications.js';
export type { SignalOutcome } from './signals.js';
export type { RestoreKey } from './restore-keys.js';
export { SlidingWindowLimiter } from './rate-limiter.js';

// Federated sign-in: Sign in with Google's credential types and an ID-token provider on the device.
export * from './federated/google-id.js';
export * from './federated/id-token-provider.js';
export * from './federated/id-token.js';
