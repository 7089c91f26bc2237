// GetCustomCredentialOption: an option of a type androidx does not know (federated sign-in libraries build
// theirs on it, e.g. Sign in with Google's GetGoogleIdOption). Providers that do not know the type ignore it.
import { requireArgument } from '../exceptions/java.js';
import type { Bundle } from '../types.js';
import { CredentialOption, PRIORITY_DEFAULT } from './credential-option.js';

export interface GetCustomCredentialOptionInit {
  readonly type: string;
  readonly requestData: Bundle;
  readonly candidateQueryData: Bundle;
  readonly isSystemProviderRequired: boolean;
  /** Default false. */
  readonly isAutoSelectAllowed?: boolean;
  /** Default empty (any provider). */
  readonly allowedProviders?: ReadonlySet<string>;
  /** Default PRIORITY_DEFAULT. */
  readonly typePriorityHint?: number;
}

export class GetCustomCredentialOption extends CredentialOption {
  /** @throws IllegalArgumentException "type should not be empty" */
  constructor(init: GetCustomCredentialOptionInit) {
    requireArgument(init.type.length > 0, 'type should not be empty');
    super({ ...init, typePriorityHint: init.typePriorityHint ?? PRIORITY_DEFAULT });
  }
}
