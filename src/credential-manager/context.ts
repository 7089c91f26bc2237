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

export interface Context extends AppIdentity {
  /** Android permissions the app holds, e.g. CREDENTIAL_MANAGER_SET_ORIGIN for a privileged browser. */
  readonly permissions?: readonly string[];
  /** The enabled credential providers on the device, in the user's preference order. */
  readonly credentialProviders: readonly CredentialProvider[] | (() => readonly CredentialProvider[]);
  /** The account selector; default picks the first choice. */
  readonly chooser?: Chooser;
}
