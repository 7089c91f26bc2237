// A map that holds at most a given number of entries, for the values a verifier derives again and again from the
// same input (imported keys, RP ID hashes) and a server keeps per credential. Eviction is an approximate LRU with
// two generations, with no allocation on a hit in the young one: entries set or used since the last rotation live
// in `young`; when it is full it becomes `old`, and whatever was not used for a whole generation is dropped.
export class BoundedCache<K, V> {
  #young = new Map<K, V>();
  #old = new Map<K, V>();
  readonly #generation: number;

  /** Holds at most `maxEntries` entries (two generations of maxEntries / 2). */
  constructor(maxEntries: number) {
    this.#generation = Math.max(1, Math.floor(maxEntries / 2));
  }

  get size(): number {
    return this.#young.size + this.#old.size;
  }

  /** The value kept for `key`, if any; it then counts as recently used. */
  get(key: K): V | undefined {
    const hit = this.#young.get(key);
    if (hit !== undefined) return hit;
    const old = this.#old.get(key);
    if (old !== undefined) {
      this.#old.delete(key);
      this.#put(key, old);
    }
    return old;
  }

  /** Keeps `value` for `key` (in place of any value kept for it). */
  set(key: K, value: V): void {
    this.#old.delete(key);
    if (this.#young.has(key)) this.#young.set(key, value);
    else this.#put(key, value);
  }

  /** The value kept for `key`, or what `make` returns for it, then kept. */
  getOrSet(key: K, make: (key: K) => V): V {
    let value = this.get(key);
    if (value === undefined) this.#put(key, (value = make(key)));
    return value;
  }

  delete(key: K): boolean {
    return this.#young.delete(key) || this.#old.delete(key);
  }

  clear(): void {
    this.#young.clear();
    this.#old.clear();
  }

  #put(key: K, value: V): void {
    if (this.#young.size >= this.#generation) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }
}
