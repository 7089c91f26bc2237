// Saved passwords. Each belongs to the app (package name) or web origin that saved it and is offered only
// to that same caller.
import type { CallingAppInfo } from '@credkit/credential-manager';

export interface StoredPassword {
  id: string;
  /** Never log it. */
  password: string;
  /** Package name of the saving app, or the web origin of a privileged browser's page. */
  owner: string;
  createdAt: number;
  lastUsedAt?: number;
}

export class PasswordStore {
  readonly #items: StoredPassword[];

  constructor(items: StoredPassword[] = []) {
    this.#items = items.map((p) => ({ ...p }));
  }

  /** Saves or replaces the password of (owner, id). */
  save(owner: string, id: string, password: string, now: number): void {
    const existing = this.#items.find((p) => p.owner === owner && p.id === id);
    if (existing) existing.password = password;
    else this.#items.push({ id, password, owner, createdAt: now });
  }

  list(owner: string, allowedIds?: ReadonlySet<string>): StoredPassword[] {
    return this.#items
      .filter((p) => p.owner === owner && (!allowedIds || allowedIds.size === 0 || allowedIds.has(p.id)))
      .map((p) => ({ ...p }));
  }

  touch(owner: string, id: string, now: number): void {
    const p = this.#items.find((x) => x.owner === owner && x.id === id);
    if (p) p.lastUsedAt = now;
  }

  toJSON(): StoredPassword[] {
    return this.#items.map((p) => ({ ...p }));
  }
}

/** Passwords belong to the saving app's package, or to a privileged browser's page origin. */
export function passwordOwner(caller: CallingAppInfo): string {
  return caller.origin ?? caller.packageName;
}
