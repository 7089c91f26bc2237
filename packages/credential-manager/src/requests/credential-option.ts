// Base of the get options: the fields every CredentialOption carries.
import type { Bundle } from '../types.js';

export const PRIORITY_PASSKEY_OR_SIMILAR = 100;
export const PRIORITY_OIDC_OR_SIMILAR = 500;
export const PRIORITY_PASSWORD_OR_SIMILAR = 1000;
export const PRIORITY_DEFAULT = 2000;

/** Both bundles of every option carry its isAutoSelectAllowed; requestData also its typePriorityHint. */
export const BUNDLE_KEY_IS_AUTO_SELECT_ALLOWED = 'androidx.credentials.BUNDLE_KEY_IS_AUTO_SELECT_ALLOWED';
export const BUNDLE_KEY_TYPE_PRIORITY_VALUE = 'androidx.credentials.BUNDLE_KEY_TYPE_PRIORITY_VALUE';

export interface CredentialOptionInit {
  readonly type: string;
  readonly requestData: Bundle;
  readonly candidateQueryData?: Bundle;
  readonly isSystemProviderRequired?: boolean;
  readonly isAutoSelectAllowed?: boolean;
  /** Provider ids (ComponentName strings); empty = any provider. */
  readonly allowedProviders?: ReadonlySet<string>;
  readonly typePriorityHint?: number;
}

export abstract class CredentialOption {
  readonly type: string;
  readonly requestData: Bundle;
  readonly candidateQueryData: Bundle;
  readonly isSystemProviderRequired: boolean;
  readonly isAutoSelectAllowed: boolean;
  readonly allowedProviders: ReadonlySet<string>;
  readonly typePriorityHint: number;

  protected constructor(init: CredentialOptionInit) {
    this.type = init.type;
    this.isSystemProviderRequired = init.isSystemProviderRequired ?? false;
    this.isAutoSelectAllowed = init.isAutoSelectAllowed ?? false;
    this.allowedProviders = init.allowedProviders ?? new Set();
    this.typePriorityHint = init.typePriorityHint ?? PRIORITY_DEFAULT;
    // as the library's init block: the flags go into the bundles a provider receives
    this.requestData = {
      ...init.requestData,
      [BUNDLE_KEY_IS_AUTO_SELECT_ALLOWED]: this.isAutoSelectAllowed,
      [BUNDLE_KEY_TYPE_PRIORITY_VALUE]: this.typePriorityHint,
    };
    this.candidateQueryData = {
      ...init.candidateQueryData,
      [BUNDLE_KEY_IS_AUTO_SELECT_ALLOWED]: this.isAutoSelectAllowed,
    };
  }
}
