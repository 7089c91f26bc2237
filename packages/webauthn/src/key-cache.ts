// A bounded cache of imported public keys, keyed by the stored COSE_Key bytes. Importing a P-256 key costs about
// as much as one signature check, so a server verifying many assertions keeps one import per credential.
// Eviction is an approximate LRU with two generations (no allocation on a hit in the young generation): keys
// used since the last rotation live in `young`; at rotation the young map becomes the old one and whatever was
// not used for a whole generation is dropped.
import { parseCoseKey } from './cose.js';
import { verificationKeyFromCose, type VerificationKey } from './signature.js';

export class KeyCache {
  #young = new Map<string, VerificationKey>();
  #old = new Map<string, VerificationKey>();
  readonly #generation: number;

  /** Holds at most `maxEntries` keys (two generations of maxEntries / 2). */
  constructor(maxEntries = 10_000) {
    this.#generation = Math.max(1, Math.floor(maxEntries / 2));
  }

  get size(): number {
    return this.#young.size + this.#old.size;
  }

  /** Returns the key for these COSE bytes, parsing and importing it on a miss (throws WebAuthnError if invalid). */
  get(coseKey: Uint8Array): VerificationKey {
    const id = (
      Buffer.isBuffer(coseKey) ? coseKey : Buffer.from(coseKey.buffer, coseKey.byteOffset, coseKey.byteLength)
    ).toString('latin1');
    const hit = this.#young.get(id);
    if (hit) return hit;
    const old = this.#old.get(id);
    if (old) {
      this.#old.delete(id);
      this.#put(id, old);
      return old;
    }
    const key = verificationKeyFromCose(parseCoseKey(coseKey));
    this.#put(id, key);
    return key;
  }

  #put(id: string, key: VerificationKey): void {
    if (this.#young.size >= this.#generation) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(id, key);
  }

  clear(): void {
    this.#young.clear();
    this.#old.clear();
  }
}

/** The process-wide cache used by verifyAuthentication unless the caller passes its own. */
export const defaultKeyCache = new KeyCache();
