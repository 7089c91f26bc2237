// Base of the get options: the fields every CredentialOption carries.
import type { Bundle } from '../types.js';

export const PRIORITY_PASSKEY_OR_SIMILAR = 100;
export const PRIORITY_OIDC_OR_SIMILAR = 500;
export const PRIORITY_PASSWORD_OR_SIMILAR = 1000;
export const PRIORITY_DEFAULT = 2000;

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
    this.requestData = init.requestData;
    this.candidateQueryData = init.candidateQueryData ?? {};
    this.isSystemProviderRequired = init.isSystemProviderRequired ?? false;
    this.isAutoSelectAllowed = init.isAutoSelectAllowed ?? false;
    this.allowedProviders = init.allowedProviders ?? new Set();
    this.typePriorityHint = init.typePriorityHint ?? PRIORITY_DEFAULT;
  }
}
