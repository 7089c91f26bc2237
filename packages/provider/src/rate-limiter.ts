// A sliding-window limiter: at most `limit` events per key within any `windowMs` (the Signal API guide's
// "maximum of 10 calls within any time window of 120 seconds" by default: SIGNAL_BUDGET, with the HTTP API).
import { SIGNAL_BUDGET } from '@credkit/browser/api';

export interface RateLimitDecision {
  allowed: boolean;
  /** When refused: milliseconds until the oldest event leaves the window. */
  retryAfterMs: number;
}

export class SlidingWindowLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #now: () => number;
  readonly #events = new Map<string, number[]>();

  constructor(options: { limit?: number; windowMs?: number; now?: () => number } = {}) {
    this.limit = options.limit ?? SIGNAL_BUDGET.limit;
    this.windowMs = options.windowMs ?? SIGNAL_BUDGET.windowMs;
    this.#now = options.now ?? Date.now;
  }

  /** Records an event for `key` when allowed; refused events are not recorded. */
  take(key: string): RateLimitDecision {
    const now = this.#now();
    const recent = (this.#events.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.#events.set(key, recent);
      return { allowed: false, retryAfterMs: recent[0]! + this.windowMs - now };
    }
    recent.push(now);
    this.#events.set(key, recent);
    return { allowed: true, retryAfterMs: 0 };
  }
}
