// The provider's Signal API endpoint (CredentialProviderEventsService.onSignalCredentialStateRequest):
// rate limit per calling app, caller-vs-rpId check, then the store change and a notification.
import { SignalCredentialRateLimitExceededException } from '@credkit/credential-manager';
import {
  SIGNAL_ALL_ACCEPTED_CREDENTIALS_REQUEST_TYPE,
  SIGNAL_CURRENT_USER_DETAILS_STATE_REQUEST_TYPE,
  SIGNAL_UNKNOWN_CREDENTIAL_STATE_REQUEST_TYPE,
} from '@credkit/credential-manager';
import type { CallingAppInfo } from '@credkit/credential-manager';
import type { ProviderNotification } from './notifications.js';
import type { ProviderAccount } from './provider-account.js';
import { SlidingWindowLimiter } from './rate-limiter.js';
import {
  applyAllAcceptedCredentials,
  applyCurrentUserDetails,
  applyUnknownCredential,
  type SignalOutcome,
} from './signals.js';

const APPLY = {
  [SIGNAL_UNKNOWN_CREDENTIAL_STATE_REQUEST_TYPE]: applyUnknownCredential,
  [SIGNAL_ALL_ACCEPTED_CREDENTIALS_REQUEST_TYPE]: applyAllAcceptedCredentials,
  [SIGNAL_CURRENT_USER_DETAILS_STATE_REQUEST_TYPE]: applyCurrentUserDetails,
} as const;

/** The few things signal handling needs from its provider (not the provider itself). */
export interface SignalContext {
  /** The provider account the device is signed in to, or null (signals are then not acted on). */
  account(): ProviderAccount | null;
  /** May the caller act for rpId (Digital Asset Links, or the registrable domain of a web origin)? */
  callerMayUse(rpId: string, caller: CallingAppInfo): boolean;
  /** Shows the user what the signal changed. */
  notify(notification: Omit<ProviderNotification, 'id'>): void;
  now(): number;
}

export class SignalHandler {
  readonly #context: SignalContext;
  readonly #limiter: SlidingWindowLimiter;

  constructor(context: SignalContext, limit: { limit?: number; windowMs?: number } = {}) {
    this.#context = context;
    this.#limiter = new SlidingWindowLimiter({ ...limit, now: () => context.now() });
  }

  /** Returns the outcome, or null when the provider did not act (unknown type, no account, RP not the caller's). */
  handle(requestType: string, requestJson: string, caller: CallingAppInfo): SignalOutcome | null {
    const decision = this.#limiter.take(caller.packageName);
    if (!decision.allowed) {
      const minutes = Math.max(1, Math.ceil(decision.retryAfterMs / 60_000));
      throw new SignalCredentialRateLimitExceededException(
        decision.retryAfterMs,
        `SignalCredentialState has been called too frequently. Please retry later after ${minutes} minutes.`,
      );
    }
    const apply = APPLY[requestType as keyof typeof APPLY];
    const account = this.#context.account();
    if (!apply || !account) return null;
    const json = JSON.parse(requestJson) as Record<string, unknown>;
    // like the web's SecurityError rule: a caller may only signal about RP IDs it may use (silently ignored)
    if (!this.#context.callerMayUse(String(json.rpId), caller)) return null;
    const outcome = apply(account.passkeys.store, json);
    if (outcome.changed.length > 0) {
      this.#context.notify({
        at: this.#context.now(),
        kind: outcome.kind,
        packageName: caller.packageName,
        rpId: outcome.rpId,
        title: outcome.title,
        text: outcome.text,
        credentialIds: outcome.changed,
      });
    }
    return outcome;
  }
}
