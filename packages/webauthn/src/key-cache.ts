// A bounded cache of imported public keys, keyed by the stored COSE_Key bytes. Importing a P-256 key costs about
// as much as one signature check, so a server verifying many assertions keeps one import per credential (the least
// recently used go first: BoundedCache).
import { BoundedCache } from './bounded-cache.js';
import { parseCoseKey } from './cose.js';
import { verificationKeyFromCose, type VerificationKey } from './signature.js';

export class KeyCache {
  readonly #keys: BoundedCache<string, VerificationKey>;

  /** Holds at most `maxEntries` keys. */
  constructor(maxEntries = 10_000) {
    this.#keys = new BoundedCache(maxEntries);
  }

  get size(): number {
    return this.#keys.size;
  }

  /** Returns the key for these COSE bytes, parsing and importing it on a miss (throws WebAuthnError if invalid). */
  get(coseKey: Uint8Array): VerificationKey {
    const id = (
      Buffer.isBuffer(coseKey) ? coseKey : Buffer.from(coseKey.buffer, coseKey.byteOffset, coseKey.byteLength)
    ).toString('latin1');
    return this.#keys.getOrSet(id, () => verificationKeyFromCose(parseCoseKey(coseKey)));
  }

  clear(): void {
    this.#keys.clear();
  }
}

/** The process-wide cache used by verifyAuthentication unless the caller passes its own. */
export const defaultKeyCache = new KeyCache();
