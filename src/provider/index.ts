// credkit/provider: a software credential provider with real keys, and the device it lives on.
export { SoftwareAuthenticator } from './authenticator.js';
export type { SoftwareAuthenticatorOptions, CreatedCredential } from './authenticator.js';
export { AuthenticatorError, isAuthenticatorError, AUTHENTICATOR_ERROR_NAMES } from './errors.js';
export type { AuthenticatorErrorName } from './errors.js';
export { CredentialStore } from './credential-store.js';
export type { StoredCredential, CredentialStoreState } from './credential-store.js';
export { SUPPORTED_ALGORITHMS } from './keys.js';
export type * from './types.js';

export { SoftwareCredentialProvider, passwordOwner } from './provider.js';
export type { SoftwareCredentialProviderOptions } from './provider.js';
export { ProviderAccount } from './provider-account.js';
export type { ProviderAccountOptions, ProviderAccountState } from './provider-account.js';
export { Device } from './device.js';
export type { AppInstall, InstalledApp, DeviceOptions } from './device.js';
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

// The device story: a model app over HTTP + CredentialManager, and its cast (used by `credkit simulate`).
export { AndroidApp } from './story/android-app.js';
export type { SignInResult } from './story/android-app.js';
export { RpClient, RpError } from './story/rp-client.js';
export type { RpUser, ServerSignals } from './story/rp-client.js';
export {
  fetchAssetLinks,
  defaultRpId,
  simulatorFingerprint,
  SIMULATOR_CERTIFICATE,
  SIMULATOR_PACKAGE,
} from './story/world.js';
