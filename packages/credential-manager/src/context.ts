// Context: the calling app as CredentialManager.create(context) sees it, plus the device services it reaches
// (the enabled credential providers and the account-selector UI). credkit/provider's Device builds these.
import type { AppIdentity } from './calling-app.js';
import type { CreateEntry, CredentialProvider, SelectedGetEntry } from './provider.js';

export interface GetChoice {
  readonly providerId: string;
  /** Type of the option the entry answers. */
  readonly optionType: string;
  readonly selected: SelectedGetEntry;
}

export interface CreateChoice {
  readonly providerId: string;
  readonly entry: CreateEntry;
}

/**
 * The user at the selector UI: returns the index of the picked choice, or null to cancel
 * (→ GetCredentialCancellationException / CreateCredentialCancellationException).
 */
export type Chooser = (
  request:
    | { readonly kind: 'get'; readonly choices: readonly GetChoice[] }
    | { readonly kind: 'create'; readonly choices: readonly CreateChoice[] },
) => number | null | Promise<number | null>;

/** The default user: picks the first choice. */
export const chooseFirst: Chooser = () => 0;

/** The CredentialManager calls a device may fail before asking any provider (fault injection). */
export type CredentialManagerApi =
  | 'createCredential'
  | 'getCredential'
  | 'prepareGetCredential'
  | 'clearCredentialState'
  | 'signalCredentialState';

/** What the device sees of a call when it decides whether to fail it. */
export interface PlatformCall {
  readonly packageName: string;
  /** The credential types the request is about (the create request's type, the get options' types). */
  readonly types: readonly string[];
}

/** The device's versions, which gate the newer APIs (see credential-manager/platform-gates.ts). */
export interface PlatformVersions {
  /** android.os.Build.VERSION.SDK_INT, e.g. 28 for Android 9, 34 for Android 14, 35 for Android 15. */
  readonly sdkInt: number;
  /** Google Play services' APK version code (nine digits, e.g. 242200000); null: not installed. */
  readonly playServicesVersion: number | null;
  /** A watch (Wear OS) cannot create credentials; default "phone". */
  readonly formFactor?: 'phone' | 'wear';
}

export interface Context extends AppIdentity {
  /** Android permissions the app holds, e.g. CREDENTIAL_MANAGER_SET_ORIGIN for a privileged browser. */
  readonly permissions?: readonly string[];
  /** The enabled credential providers on the device, in the user's preference order. */
  readonly credentialProviders: readonly CredentialProvider[] | (() => readonly CredentialProvider[]);
  /** The account selector; default picks the first choice. */
  readonly chooser?: Chooser;
  /** The device's Android and Play services versions; absent: a current device (no gate applies). */
  readonly platform?: PlatformVersions;
  /** Fault injection: an exception the device raises for this call instead of running it. */
  readonly platformFault?: (api: CredentialManagerApi, call: PlatformCall) => Error | undefined;
}
