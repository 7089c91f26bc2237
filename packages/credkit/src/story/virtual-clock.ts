// A virtual clock a story or a test moves by hand: `now` for the device and the app, `schedule` for the
// app's retry timers. advance(ms) moves time and runs every timer that fell due, in order, letting each finish.
import type { Schedule } from './signal-outbox.js';

export class VirtualClock {
  #now: number;
  #timers: { at: number; run: () => void; cancelled: boolean }[] = [];

  constructor(start = 1_000_000) {
    this.#now = start;
  }

  readonly now = (): number => this.#now;

  readonly schedule: Schedule = (run, delayMs) => {
    const timer = { at: this.#now + delayMs, run, cancelled: false };
    this.#timers.push(timer);
    return () => void (timer.cancelled = true);
  };

  /** Timers still waiting. */
  get waiting(): number[] {
    return this.#timers.filter((t) => !t.cancelled).map((t) => t.at);
  }

  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => !t.cancelled && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#timers.splice(this.#timers.indexOf(due), 1);
      this.#now = due.at;
      due.run();
      await settle();
    }
    this.#now = until;
  }
}

/** Lets promise chains a timer started run to completion. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
