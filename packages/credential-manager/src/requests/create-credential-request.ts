// Base of the create requests: the fields every CreateCredentialRequest carries.
import type { Bundle } from '../types.js';
import type { DisplayInfo } from './display-info.js';

export interface CreateCredentialRequestInit {
  readonly type: string;
  readonly credentialData: Bundle;
  readonly candidateQueryData?: Bundle;
  readonly isSystemProviderRequired?: boolean;
  readonly isAutoSelectAllowed?: boolean;
  readonly displayInfo: DisplayInfo;
  readonly origin?: string | null;
  readonly preferImmediatelyAvailableCredentials?: boolean;
}

export abstract class CreateCredentialRequest {
  readonly type: string;
  readonly credentialData: Bundle;
  readonly candidateQueryData: Bundle;
  readonly isSystemProviderRequired: boolean;
  readonly isAutoSelectAllowed: boolean;
  readonly displayInfo: DisplayInfo;
  /** Set only by privileged callers (CREDENTIAL_MANAGER_SET_ORIGIN); null otherwise. */
  readonly origin: string | null;
  readonly preferImmediatelyAvailableCredentials: boolean;

  protected constructor(init: CreateCredentialRequestInit) {
    this.type = init.type;
    this.credentialData = init.credentialData;
    this.candidateQueryData = init.candidateQueryData ?? {};
    this.isSystemProviderRequired = init.isSystemProviderRequired ?? false;
    this.isAutoSelectAllowed = init.isAutoSelectAllowed ?? false;
    this.displayInfo = init.displayInfo;
    this.origin = init.origin ?? null;
    this.preferImmediatelyAvailableCredentials = init.preferImmediatelyAvailableCredentials ?? false;
  }
}
