// A bounded LRU cache of imported public keys, keyed by the stored COSE_Key bytes. Importing a P-256 key costs
// about as much as one signature check, so a server verifying many assertions keeps one import per credential.
import { parseCoseKey } from './cose.js';
import { verificationKeyFromCose, type VerificationKey } from './signature.js';

export class KeyCache {
  readonly #entries = new Map<string, VerificationKey>();
  readonly #max: number;

  constructor(maxEntries = 10_000) {
    this.#max = Math.max(1, maxEntries);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Returns the key for these COSE bytes, parsing and importing it on a miss (throws WebAuthnError if invalid). */
  get(coseKey: Uint8Array): VerificationKey {
    const id = Buffer.from(coseKey.buffer, coseKey.byteOffset, coseKey.byteLength).toString('latin1');
    const hit = this.#entries.get(id);
    if (hit) {
      // refresh recency: Map keeps insertion order, the first entry is the least recently used
      this.#entries.delete(id);
      this.#entries.set(id, hit);
      return hit;
    }
    const key = verificationKeyFromCose(parseCoseKey(coseKey));
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(id, key);
    return key;
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** The process-wide cache used by verifyAuthentication unless the caller passes its own. */
export const defaultKeyCache = new KeyCache();
