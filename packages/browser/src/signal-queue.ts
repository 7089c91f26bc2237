// The signal budget and coalescing queue: pure (the clock is passed in), so it is tested in Node.
// At most `limit` signal calls per sliding `windowMs` (default 10 per 120 s). Signals past the budget wait in
// the queue; a newer signal for the same target replaces the waiting one (only the newest accepted-credential
// list and the newest user details per user are ever sent; an unknown-credential signal is sent once).
import { SIGNAL_BUDGET } from './api.js';
import type {
  AllAcceptedCredentialsOptions,
  CurrentUserDetailsOptions,
  SignalsPayload,
  UnknownCredentialOptions,
} from './types.js';

export type PendingSignal =
  | { kind: 'unknownCredential'; options: UnknownCredentialOptions }
  | { kind: 'allAcceptedCredentials'; options: AllAcceptedCredentialsOptions }
  | { kind: 'currentUserDetails'; options: CurrentUserDetailsOptions };

export type SignalKind = PendingSignal['kind'];

/** The PublicKeyCredential method each signal kind is sent with. */
export const SIGNAL_METHODS = {
  unknownCredential: 'signalUnknownCredential',
  allAcceptedCredentials: 'signalAllAcceptedCredentials',
  currentUserDetails: 'signalCurrentUserDetails',
} as const;

/** The signals of a server payload, in a fixed order (unknown credential, accepted list, user details). */
export function signalsFromPayload(payload: SignalsPayload | undefined): PendingSignal[] {
  const out: PendingSignal[] = [];
  if (payload?.unknownCredential) out.push({ kind: 'unknownCredential', options: payload.unknownCredential });
  if (payload?.allAcceptedCredentials)
    out.push({ kind: 'allAcceptedCredentials', options: payload.allAcceptedCredentials });
  if (payload?.currentUserDetails)
    out.push({ kind: 'currentUserDetails', options: payload.currentUserDetails });
  return out;
}

/** Signals with the same key supersede each other while waiting. */
export function coalescingKey(signal: PendingSignal): string {
  switch (signal.kind) {
    case 'unknownCredential':
      return `unknown ${signal.options.rpId} ${signal.options.credentialId}`;
    case 'allAcceptedCredentials':
      return `accepted ${signal.options.rpId} ${signal.options.userId}`;
    case 'currentUserDetails':
      return `details ${signal.options.rpId} ${signal.options.userId}`;
  }
}

export interface SignalQueueOptions {
  /** Signal calls allowed per window (default 10). */
  limit?: number;
  /** Window length in milliseconds (default 120 000). */
  windowMs?: number;
  /** Times (ms) of calls already made, e.g. restored from sessionStorage. */
  sentAt?: readonly number[];
}

export class SignalQueue {
  readonly limit: number;
  readonly windowMs: number;
  #sentAt: number[];
  #pending: PendingSignal[] = [];

  constructor(options: SignalQueueOptions = {}) {
    this.limit = options.limit ?? SIGNAL_BUDGET.limit;
    this.windowMs = options.windowMs ?? SIGNAL_BUDGET.windowMs;
    this.#sentAt = [...(options.sentAt ?? [])].sort((a, b) => a - b);
  }

  /** Queues a signal; returns the waiting signal it replaced, if any. */
  enqueue(signal: PendingSignal): PendingSignal | undefined {
    const key = coalescingKey(signal);
    const index = this.#pending.findIndex((p) => coalescingKey(p) === key);
    const replaced = index >= 0 ? this.#pending.splice(index, 1)[0] : undefined;
    this.#pending.push(signal);
    return replaced;
  }

  /** Removes and returns the waiting signals the budget allows at `now`, oldest first, and charges them. */
  take(now: number): PendingSignal[] {
    this.#expire(now);
    const count = Math.min(this.#pending.length, this.limit - this.#sentAt.length);
    const taken = this.#pending.splice(0, Math.max(0, count));
    for (let i = 0; i < taken.length; i++) this.#sentAt.push(now);
    return taken;
  }

  /** Signals still waiting for budget. */
  get pending(): readonly PendingSignal[] {
    return this.#pending;
  }

  /** Times of the calls charged within the window (for persisting the budget across page loads). */
  sentAt(now: number): readonly number[] {
    this.#expire(now);
    return this.#sentAt;
  }

  /** When the next waiting signal can go out, or undefined when nothing waits. */
  nextReadyAt(now: number): number | undefined {
    if (this.#pending.length === 0) return undefined;
    this.#expire(now);
    if (this.#sentAt.length < this.limit) return now;
    return this.#sentAt[0] + this.windowMs;
  }

  #expire(now: number): void {
    while (this.#sentAt.length > 0 && this.#sentAt[0] + this.windowMs <= now) this.#sentAt.shift();
  }
}
