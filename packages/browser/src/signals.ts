// Applies the server's `signals` payloads with the WebAuthn Signal API (PublicKeyCredential.signalUnknownCredential,
// signalAllAcceptedCredentials, signalCurrentUserDetails) where the browser has it, within the SignalQueue budget.
// Every outcome is reported through `onEvent`, so a page can show what went out.
import { platformStatics, type PublicKeyCredentialStatics } from './platform.js';
import { SIGNAL_METHODS, SignalQueue, signalsFromPayload, type PendingSignal } from './signal-queue.js';
import type { SignalsPayload } from './types.js';

export type SignalOutcome =
  /** The browser method was called and resolved. */
  | 'sent'
  /** The browser method was called and rejected (`error` has its name). */
  | 'failed'
  /** The browser has no such method: nothing was sent. */
  | 'unsupported'
  /** Over budget: waiting in the queue. */
  | 'deferred'
  /** A newer signal for the same user or credential replaced this waiting one: it will not be sent. */
  | 'coalesced';

export type SignalEvent = PendingSignal & { outcome: SignalOutcome; error?: string; at: number };

export interface SignalSenderOptions {
  /** PublicKeyCredential (default: the browser's). */
  statics?: PublicKeyCredentialStatics;
  limit?: number;
  windowMs?: number;
  /** Called for every outcome. */
  onEvent?: (event: SignalEvent) => void;
  /** Persists the budget across page loads (e.g. sessionStorage). */
  budgetStore?: { load(): number[]; save(sentAt: readonly number[]): void };
  now?: () => number;
}

export class SignalSender {
  readonly #statics: PublicKeyCredentialStatics | undefined;
  readonly #queue: SignalQueue;
  readonly #options: SignalSenderOptions;
  readonly #now: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: SignalSenderOptions = {}) {
    this.#options = options;
    this.#statics = 'statics' in options ? options.statics : platformStatics();
    this.#now = options.now ?? (() => Date.now());
    let sentAt: number[] = [];
    try {
      sentAt = options.budgetStore?.load() ?? [];
    } catch {
      sentAt = [];
    }
    this.#queue = new SignalQueue({ limit: options.limit, windowMs: options.windowMs, sentAt });
  }

  /** True when the browser has the method for this kind of signal. */
  supports(kind: PendingSignal['kind']): boolean {
    return typeof this.#statics?.[SIGNAL_METHODS[kind]] === 'function';
  }

  /** Queues every signal of `payload` and sends what the budget allows now; resolves with this call's events. */
  async apply(payload: SignalsPayload | undefined): Promise<SignalEvent[]> {
    const events: SignalEvent[] = [];
    const signals = signalsFromPayload(payload);
    for (const signal of signals) {
      if (!this.supports(signal.kind)) {
        events.push(this.#emit(signal, 'unsupported'));
        continue;
      }
      const replaced = this.#queue.enqueue(signal);
      if (replaced) events.push(this.#emit(replaced, 'coalesced'));
    }
    events.push(...(await this.flush()));
    for (const signal of signals) {
      if (this.#queue.pending.includes(signal)) events.push(this.#emit(signal, 'deferred'));
    }
    return events;
  }

  /** Sends the waiting signals the budget allows; schedules the rest. */
  async flush(): Promise<SignalEvent[]> {
    const now = this.#now();
    const taken = this.#queue.take(now);
    this.#saveBudget(now);
    const events = await Promise.all(taken.map((s) => this.#send(s)));
    this.#schedule();
    return events;
  }

  /** Stops the retry timer (waiting signals stay queued). */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #send(signal: PendingSignal): Promise<SignalEvent> {
    const method = this.#statics?.[SIGNAL_METHODS[signal.kind]] as
      ((o: unknown) => Promise<void>) | undefined;
    try {
      await method!.call(this.#statics, signal.options);
      return this.#emit(signal, 'sent');
    } catch (e) {
      const name =
        e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : 'Error';
      return this.#emit(signal, 'failed', name);
    }
  }

  #emit(signal: PendingSignal, outcome: SignalOutcome, error?: string): SignalEvent {
    const event = { ...signal, outcome, at: this.#now(), ...(error ? { error } : {}) } as SignalEvent;
    this.#options.onEvent?.(event);
    return event;
  }

  #schedule(): void {
    this.dispose();
    const now = this.#now();
    const at = this.#queue.nextReadyAt(now);
    if (at === undefined) return;
    this.#timer = setTimeout(() => void this.flush(), Math.max(0, at - now));
  }

  #saveBudget(now: number): void {
    try {
      this.#options.budgetStore?.save(this.#queue.sentAt(now));
    } catch {
      // storage full or blocked: the in-memory budget still holds for this page
    }
  }
}
