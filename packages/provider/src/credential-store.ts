// The credentials a software authenticator holds: plain, JSON-serialisable records (private keys as
// PKCS#8 DER base64url) so a provider or device can persist and sync them.
import type { KeyAlgorithm } from './keys.js';

export interface StoredCredential {
  /** Credential ID, base64url. */
  id: string;
  rpId: string;
  /** WebAuthn user.id (user handle), base64url. */
  userId: string;
  userName: string;
  userDisplayName: string;
  algorithm: KeyAlgorithm;
  /** PKCS#8 DER, base64url. Never log it. */
  privateKey: string;
  /** COSE_Key, base64url. */
  publicKey: string;
  signCount: number;
  backupEligible: boolean;
  backedUp: boolean;
  /** Hidden credentials are never offered at sign-in (Signal API). */
  hidden: boolean;
  createdAt: number;
  lastUsedAt?: number;
}

export interface CredentialStoreState {
  version: 1;
  credentials: StoredCredential[];
}

export class CredentialStore {
  readonly #byId = new Map<string, StoredCredential>();

  constructor(state?: CredentialStoreState) {
    for (const c of state?.credentials ?? []) this.#byId.set(c.id, { ...c });
  }

  /** All credentials, oldest first. Copies: mutate through the store's methods. */
  list(filter?: { rpId?: string; userId?: string; includeHidden?: boolean }): StoredCredential[] {
    return [...this.#byId.values()]
      .filter((c) => filter?.rpId === undefined || c.rpId === filter.rpId)
      .filter((c) => filter?.userId === undefined || c.userId === filter.userId)
      .filter((c) => filter?.includeHidden !== false || !c.hidden)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((c) => ({ ...c }));
  }

  get(id: string): StoredCredential | undefined {
    const c = this.#byId.get(id);
    return c ? { ...c } : undefined;
  }

  /** Adds or replaces a credential (by id). */
  put(credential: StoredCredential): void {
    this.#byId.set(credential.id, { ...credential });
  }

  update(id: string, patch: Partial<Omit<StoredCredential, 'id'>>): StoredCredential | undefined {
    const c = this.#byId.get(id);
    if (!c) return undefined;
    Object.assign(c, patch);
    return { ...c };
  }

  delete(id: string): boolean {
    return this.#byId.delete(id);
  }

  get size(): number {
    return this.#byId.size;
  }

  toJSON(): CredentialStoreState {
    return { version: 1, credentials: this.list() };
  }
}
