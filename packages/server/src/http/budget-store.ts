// The in-memory store of rate-limit budgets (one per limiter), counted by rate-limit.ts and, for workers, leased out
// by the primary (workers.ts).
//
// A budget that is spent survives any other traffic until its window ends: a flood of fresh keys (new usernames,
// new client addresses) evicts only budgets that still have requests left, oldest first, never a spent one.
// Memory is bounded by `capacity` budgets; should every slot hold a spent budget, a new key is refused (429)
// rather than an old lock dropped. (The plugin's own store is a plain LRU, where such a flood frees a locked
// account's budget.)

interface Budget {
  count: number;
  start: number;
}

type Callback = (error: Error | null, result: { current: number; ttl: number }) => void;
type LeaseCallback = (error: Error | null, result: { current: number; ttl: number; granted: number }) => void;

/** The most requests one lease hands a worker at once (workers.ts). */
export const MAX_LEASE = 64;

/** How many budgets one limiter keeps by default (about 100 bytes each). */
export const DEFAULT_BUDGET_CAPACITY = 100_000;

export class BudgetStore {
  /** Budgets with requests left, oldest first (the ones a full store may evict). */
  readonly #open = new Map<string, Budget>();
  /** Spent budgets, kept until their window ends. */
  readonly #spent = new Map<string, Budget>();
  /** No spent budget ends before this time (skips sweeps that would find nothing). */
  #nextExpiry = 0;
  readonly capacity: number;

  constructor(options: { budgetCapacity?: number } = {}) {
    this.capacity = Math.max(1, options.budgetCapacity ?? DEFAULT_BUDGET_CAPACITY);
  }

  get size(): number {
    return this.#open.size + this.#spent.size;
  }

  /** One store per limiter. */
  child(options: { budgetCapacity?: number }): BudgetStore {
    return new BudgetStore({ budgetCapacity: options.budgetCapacity ?? this.capacity });
  }

  incr(key: string, cb: Callback, timeWindow: number, max: number): void {
    this.#take(key, cb, timeWindow, max, 0);
  }

  /**
   * A worker's lease (workers.ts): several requests of the budget counted as spent at once, so that the worker
   * spends them without asking again. It gets at most a 2·shares-th of what is left (MAX_LEASE at most), and at
   * least one request, which, when nothing is left, is refused as incr's would be. `current` is the count of the
   * first request leased; the worker counts on from it.
   */
  lease(key: string, cb: LeaseCallback, timeWindow: number, max: number, shares: number): void {
    this.#take(key, cb, timeWindow, max, Math.max(1, shares));
  }

  /** Counts one request (shares 0) or a lease for one of `shares` workers. */
  #take(key: string, cb: LeaseCallback, timeWindow: number, max: number, shares: number): void {
    const now = Date.now();
    let budget = this.#live(key, now, timeWindow);
    if (!budget) {
      if (!this.#makeRoom(now, timeWindow)) {
        cb(null, { current: max + 1, ttl: timeWindow, granted: 1 });
        return;
      }
      budget = { count: 0, start: now };
      this.#open.set(key, budget);
    }
    const left = max - budget.count;
    const granted = shares === 0 ? 1 : Math.max(1, Math.min(MAX_LEASE, Math.floor(left / (2 * shares))));
    const current = budget.count + 1;
    budget.count += granted;
    if (budget.count >= max && this.#open.delete(key)) {
      this.#spent.set(key, budget);
      this.#nextExpiry = Math.min(this.#nextExpiry || Infinity, budget.start + timeWindow);
    }
    cb(null, { current, ttl: budget.start + timeWindow - now, granted });
  }

  /** The key's budget in its window, or undefined (an ended one is dropped). */
  #live(key: string, now: number, timeWindow: number): Budget | undefined {
    const budget = this.#open.get(key) ?? this.#spent.get(key);
    if (budget && budget.start + timeWindow <= now) {
      this.#open.delete(key);
      this.#spent.delete(key);
      return undefined;
    }
    return budget;
  }

  /** Frees a slot for a new budget: an ended spent one, else the oldest open one. False when all are spent. */
  #makeRoom(now: number, timeWindow: number): boolean {
    if (this.size < this.capacity) return true;
    if (this.#spent.size > 0 && now >= this.#nextExpiry) {
      let next = Infinity;
      for (const [key, budget] of this.#spent) {
        const end = budget.start + timeWindow;
        if (end <= now) this.#spent.delete(key);
        else next = Math.min(next, end);
      }
      this.#nextExpiry = next;
      if (this.size < this.capacity) return true;
    }
    const oldest = this.#open.keys().next();
    if (oldest.done) return false;
    this.#open.delete(oldest.value);
    return true;
  }
}
