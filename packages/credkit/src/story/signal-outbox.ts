// The app side of the Signal API's rate rule ("at most 10 calls within any window of 120 seconds"): signals
// wait here when the app's own budget is spent, or when the provider answers
// SignalCredentialRateLimitExceededException, and go out when the window allows. A waiting signal is dropped
// only when a later one supersedes it: same kind and same target (the credential for unknownCredential, the
// user for allAcceptedCredentials and currentUserDetails), since only the newest of those means anything.
import { SIGNAL_BUDGET } from '@credkit/browser/api';
import { SignalCredentialRateLimitExceededException } from '@credkit/credential-manager';
import { SignalCredentialStateException } from '@credkit/credential-manager';
import {
  SignalAllAcceptedCredentialIdsRequest,
  SignalCurrentUserDetailsRequest,
  SignalUnknownCredentialRequest,
  type SignalCredentialStateRequest,
} from '@credkit/credential-manager';
import { SlidingWindowLimiter } from '@credkit/provider';
import type { ServerSignals } from './rp-client.js';

export type SignalKind = keyof ServerSignals;

export interface PendingSignal {
  readonly kind: SignalKind;
  /** Signals with the same key supersede each other while they wait. */
  readonly key: string;
  readonly request: SignalCredentialStateRequest;
  /** When the app first tried to send it (the outbox clock). */
  readonly queuedAt: number;
}

/** Starts a timer; returns a function that cancels it. */
export type Schedule = (run: () => void, delayMs: number) => () => void;

export interface SignalOutboxOptions {
  /** Calls per window the app allows itself (default 10, the guide's figure). */
  limit?: number;
  windowMs?: number;
  /** The app's clock (default Date.now); share it with the Device's `now` in tests. */
  now?: () => number;
  /** How a retry is timed (default an unref'd setTimeout); a test passes a manual clock's. */
  schedule?: Schedule;
}

/** Sends one signal request (the app passes CredentialManager.signalCredentialState). */
export type SendSignal = (request: SignalCredentialStateRequest) => Promise<unknown>;

const realSchedule: Schedule = (run, delayMs) => {
  const timer = setTimeout(run, delayMs);
  timer.unref?.();
  return () => clearTimeout(timer);
};

/** The requests a server `signals` object asks for, in a fixed order, keyed for superseding. */
export function signalRequests(
  signals: ServerSignals | undefined,
): { kind: SignalKind; key: string; request: SignalCredentialStateRequest }[] {
  const out: { kind: SignalKind; key: string; request: SignalCredentialStateRequest }[] = [];
  const unknown = signals?.unknownCredential;
  if (unknown)
    out.push({
      kind: 'unknownCredential',
      key: `unknownCredential ${unknown.rpId} ${unknown.credentialId}`,
      request: new SignalUnknownCredentialRequest(JSON.stringify(unknown)),
    });
  const accepted = signals?.allAcceptedCredentials;
  if (accepted)
    out.push({
      kind: 'allAcceptedCredentials',
      key: `allAcceptedCredentials ${accepted.rpId} ${accepted.userId}`,
      request: new SignalAllAcceptedCredentialIdsRequest(JSON.stringify(accepted)),
    });
  const details = signals?.currentUserDetails;
  if (details)
    out.push({
      kind: 'currentUserDetails',
      key: `currentUserDetails ${details.rpId} ${details.userId}`,
      request: new SignalCurrentUserDetailsRequest(JSON.stringify(details)),
    });
  return out;
}

export class SignalOutbox {
  readonly limit: number;
  readonly windowMs: number;
  /** Signals sent, oldest first (kind, key, when). */
  readonly sent: { kind: SignalKind; key: string; at: number }[] = [];
  /** Waiting signals a later one superseded (never sent). */
  readonly superseded: PendingSignal[] = [];
  /** Failures other than the rate limit (not retried: a provider refused the signal itself). */
  readonly failures: SignalCredentialStateException[] = [];
  readonly #send: SendSignal;
  readonly #now: () => number;
  readonly #schedule: Schedule;
  readonly #budget: SlidingWindowLimiter;
  #pending: PendingSignal[] = [];
  /** The provider said not before this time (SignalCredentialRateLimitExceededException.retryMillis). */
  #blockedUntil = 0;
  #cancelRetry: (() => void) | undefined;
  #retryAt: number | undefined;
  #flushing: Promise<void> | undefined;

  constructor(send: SendSignal, options: SignalOutboxOptions = {}) {
    this.#send = send;
    this.limit = options.limit ?? SIGNAL_BUDGET.limit;
    this.windowMs = options.windowMs ?? SIGNAL_BUDGET.windowMs;
    this.#now = options.now ?? Date.now;
    this.#schedule = options.schedule ?? realSchedule;
    this.#budget = new SlidingWindowLimiter({ limit: this.limit, windowMs: this.windowMs, now: this.#now });
  }

  /** Signals waiting for the window, oldest first. */
  get pending(): readonly PendingSignal[] {
    return this.#pending;
  }

  /** When the next retry is due (outbox clock), or undefined when none is scheduled. */
  get retryAt(): number | undefined {
    return this.#retryAt;
  }

  /** Queues the server's signals (superseding waiting ones of the same kind and target) and sends what fits. */
  async submit(signals: ServerSignals | undefined): Promise<void> {
    for (const { kind, key, request } of signalRequests(signals)) {
      const index = this.#pending.findIndex((p) => p.key === key);
      if (index >= 0) this.superseded.push(...this.#pending.splice(index, 1));
      this.#pending.push({ kind, key, request, queuedAt: this.#now() });
    }
    await this.flush();
  }

  /** Sends waiting signals, oldest first, while the budget allows; schedules a retry for the rest. */
  flush(): Promise<void> {
    // one flush at a time: a timer firing during a submit joins it
    this.#flushing ??= this.#drain().finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  /** Stops the retry timer (the app is closing); waiting signals stay in `pending`. */
  close(): void {
    this.#cancelRetry?.();
    this.#cancelRetry = undefined;
    this.#retryAt = undefined;
  }

  async #drain(): Promise<void> {
    this.close();
    while (this.#pending.length > 0) {
      const now = this.#now();
      if (now < this.#blockedUntil) return this.#retryIn(this.#blockedUntil - now);
      const decision = this.#budget.take('signals');
      if (!decision.allowed) return this.#retryIn(decision.retryAfterMs);
      const next = this.#pending[0]!;
      try {
        await this.#send(next.request);
        this.#pending.shift();
        this.sent.push({ kind: next.kind, key: next.key, at: now });
      } catch (e) {
        if (e instanceof SignalCredentialRateLimitExceededException) {
          // the provider's budget is spent (e.g. another path of the app signalled): keep it, wait as told
          this.#blockedUntil = this.#now() + Math.max(1, e.retryMillis);
          continue;
        }
        if (!(e instanceof SignalCredentialStateException)) throw e;
        this.#pending.shift();
        this.failures.push(e);
      }
    }
  }

  #retryIn(delayMs: number): void {
    this.#retryAt = this.#now() + delayMs;
    this.#cancelRetry = this.#schedule(() => {
      this.#cancelRetry = undefined;
      this.#retryAt = undefined;
      void this.flush().catch(() => {});
    }, delayMs);
  }
}
