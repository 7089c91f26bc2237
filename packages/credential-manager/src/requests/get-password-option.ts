// GetPasswordOption: sign in with a saved password. Carries no secrets.
import { TYPE_PASSWORD_CREDENTIAL } from '../types.js';
import { CredentialOption, PRIORITY_PASSWORD_OR_SIMILAR } from './credential-option.js';

export const BUNDLE_KEY_ALLOWED_USER_IDS = 'androidx.credentials.BUNDLE_KEY_ALLOWED_USER_IDS';

export interface GetPasswordOptionOptions {
  /** Restrict to these password ids; empty = any. */
  allowedUserIds?: ReadonlySet<string>;
  isAutoSelectAllowed?: boolean;
  allowedProviders?: ReadonlySet<string>;
}

export class GetPasswordOption extends CredentialOption {
  override readonly type = TYPE_PASSWORD_CREDENTIAL;
  readonly allowedUserIds: ReadonlySet<string>;

  constructor(options: GetPasswordOptionOptions = {}) {
    const allowedUserIds = options.allowedUserIds ?? new Set<string>();
    const data = { [BUNDLE_KEY_ALLOWED_USER_IDS]: [...allowedUserIds] };
    super({
      type: TYPE_PASSWORD_CREDENTIAL,
      requestData: data,
      candidateQueryData: data,
      isAutoSelectAllowed: options.isAutoSelectAllowed ?? false,
      allowedProviders: options.allowedProviders,
      typePriorityHint: PRIORITY_PASSWORD_OR_SIMILAR,
    });
    this.allowedUserIds = allowedUserIds;
  }
}
