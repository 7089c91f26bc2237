// GetCredentialRequest: the options an app offers the account selector, plus caller-level settings.
import { requireArgument } from '../exceptions/java.js';
import type { CredentialOption } from './credential-option.js';

export interface GetCredentialRequestOptions {
  /** Set only by privileged callers (CREDENTIAL_MANAGER_SET_ORIGIN). */
  origin?: string | null;
  preferIdentityDocUi?: boolean;
  preferUiBrandingComponentName?: string | null;
  /** true: fail at once with NoCredentialException when no local credential exists (no remote/hybrid UI). */
  preferImmediatelyAvailableCredentials?: boolean;
}

export class GetCredentialRequest {
  readonly credentialOptions: readonly CredentialOption[];
  readonly origin: string | null;
  readonly preferIdentityDocUi: boolean;
  readonly preferUiBrandingComponentName: string | null;
  readonly preferImmediatelyAvailableCredentials: boolean;

  /** @throws IllegalArgumentException "credentialOptions should not be empty" */
  constructor(credentialOptions: readonly CredentialOption[], options: GetCredentialRequestOptions = {}) {
    requireArgument(credentialOptions.length > 0, 'credentialOptions should not be empty');
    this.credentialOptions = [...credentialOptions];
    this.origin = options.origin ?? null;
    this.preferIdentityDocUi = options.preferIdentityDocUi ?? false;
    this.preferUiBrandingComponentName = options.preferUiBrandingComponentName ?? null;
    this.preferImmediatelyAvailableCredentials = options.preferImmediatelyAvailableCredentials ?? false;
  }
}
