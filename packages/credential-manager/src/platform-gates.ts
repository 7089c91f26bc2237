// Platform gates: the features an older device does not have, and how the library fails there.
// - Restore credentials (create, get, clear): Android 9 (API 28) and Play services 242200000. androidx's
//   Play-services provider checks MIN_GMS_APK_VERSION_RESTORE_CRED and answers each family's
//   ProviderConfigurationException with the "no provider dependencies found" text of that call.
//   (The restore-credentials guide prints the version as 24220000, one digit short: a GMS version code has
//   nine digits, and every Credential Manager call already needs 230815045.)
// - prepareGetCredential and getCredential(pendingHandle): Android 14 (API 34), the framework provider; below
//   it the library finds no framework provider: GetCredentialProviderConfigurationException.
// - Anything at all on Android 13 and lower (API 33): there the only provider is Play services' (the
//   framework's Credential Manager arrived with API 34), available from MIN_GMS_APK_VERSION; without it every
//   create, get and clear fails with the family's ProviderConfigurationException.
// - createCredential on a watch (Wear OS): CreateCredentialUnsupportedException, as CredentialManagerImpl
//   answers on the watch form factor; sign-in works there.
// - The Signal API: Android 15 (API 35); and Play services MIN_GMS_APK_VERSION_SIGNAL_API (254625000), below
//   which the library reports "this device requires a Google Play Services update…".
import type { PlatformVersions } from './context.js';
import { ClearCredentialProviderConfigurationException } from './exceptions/clear.js';
import {
  CreateCredentialProviderConfigurationException,
  CreateCredentialUnsupportedException,
} from './exceptions/create.js';
import { GetCredentialProviderConfigurationException } from './exceptions/get.js';
import { SignalCredentialStateProviderConfigurationException } from './exceptions/signal.js';

/** android.os.Build.VERSION_CODES used by the gates. */
export const VERSION_CODES = { P: 28, UPSIDE_DOWN_CAKE: 34, VANILLA_ICE_CREAM: 35 } as const;

/** Play services version codes the androidx Play-services provider compares against. */
export const MIN_GMS_APK_VERSION = 230_815_045;
export const MIN_GMS_APK_VERSION_RESTORE_CRED = 242_200_000;
export const MIN_GMS_APK_VERSION_SIGNAL_API = 254_625_000;

const DEPENDENCIES =
  'no provider dependencies found - please ensure the desired provider dependencies are added';
export const NO_FRAMEWORK_PROVIDER_MESSAGE = 'No Credential Manager provider found';
export const GMS_UPDATE_REQUIRED_MESSAGE =
  'this device requires a Google Play Services update for the given feature to be supported';

/** API 33 and lower: Credential Manager works only through a recent enough Play services. */
function hasPreUProvider(platform: PlatformVersions | undefined): boolean {
  if (!platform || platform.sdkInt >= VERSION_CODES.UPSIDE_DOWN_CAKE) return true;
  const gms = platform.playServicesVersion;
  return gms !== null && gms >= MIN_GMS_APK_VERSION;
}

function hasRestoreCredentials(platform: PlatformVersions | undefined): boolean {
  if (!platform) return true;
  const gms = platform.playServicesVersion;
  return platform.sdkInt >= VERSION_CODES.P && gms !== null && gms >= MIN_GMS_APK_VERSION_RESTORE_CRED;
}

export const CREATE_ON_WEAR_MESSAGE = 'createCredential is not supported on this device';

export function checkCreate(platform: PlatformVersions | undefined, isRestore: boolean): void {
  if (!hasPreUProvider(platform) || (isRestore && !hasRestoreCredentials(platform)))
    throw new CreateCredentialProviderConfigurationException(`createCredentialAsync ${DEPENDENCIES}`);
  if (platform?.formFactor === 'wear') throw new CreateCredentialUnsupportedException(CREATE_ON_WEAR_MESSAGE);
}

export function checkGet(platform: PlatformVersions | undefined, isRestore: boolean): void {
  if (!hasPreUProvider(platform) || (isRestore && !hasRestoreCredentials(platform)))
    throw new GetCredentialProviderConfigurationException(`getCredentialAsync ${DEPENDENCIES}`);
}

export function checkClear(platform: PlatformVersions | undefined, isRestore: boolean): void {
  if (!hasPreUProvider(platform) || (isRestore && !hasRestoreCredentials(platform)))
    throw new ClearCredentialProviderConfigurationException(`clearCredentialStateAsync ${DEPENDENCIES}`);
}

/** prepareGetCredential and getCredential(pendingHandle) exist from Android 14. */
export function checkPrepareGet(platform: PlatformVersions | undefined): void {
  if (platform && platform.sdkInt < VERSION_CODES.UPSIDE_DOWN_CAKE)
    throw new GetCredentialProviderConfigurationException(NO_FRAMEWORK_PROVIDER_MESSAGE);
}

/** signalCredentialState exists from Android 15, with a recent enough Play services. */
export function checkSignal(platform: PlatformVersions | undefined): void {
  if (!platform) return;
  if (platform.sdkInt < VERSION_CODES.VANILLA_ICE_CREAM)
    throw new SignalCredentialStateProviderConfigurationException(NO_FRAMEWORK_PROVIDER_MESSAGE);
  const gms = platform.playServicesVersion;
  if (gms === null || gms < MIN_GMS_APK_VERSION_SIGNAL_API)
    throw new SignalCredentialStateProviderConfigurationException(GMS_UPDATE_REQUIRED_MESSAGE);
}
