// The model app's sign-in options: fetched at the start of the session when asked (the sign-in guide's tip),
// used once, and fetched again once when the server answers `challenge_expired` (they sat too long).
import { RpError, type RpClient } from './rp-client.js';

/** Passkey sign-in (discoverable, with passwords beside it) or the silent restore-key sign-in. */
export type SignInKind = 'passkey' | 'restore';

export class SignInOptions {
  /** How many times a sign-in fetched new options after `challenge_expired`. */
  refetched = 0;
  readonly #prefetched = new Map<SignInKind, object>();

  constructor(private readonly rp: RpClient) {}

  /** Fetches options now, for the next sign-in of this kind. */
  async prefetch(kind: SignInKind): Promise<void> {
    this.#prefetched.set(kind, await this.#fetch(kind));
  }

  /** Runs `attempt` with options (prefetched ones first); after `challenge_expired`, once more with new ones. */
  async run<T>(kind: SignInKind, attempt: (options: object) => Promise<T>): Promise<T> {
    const prefetched = this.#prefetched.get(kind);
    this.#prefetched.delete(kind);
    try {
      return await attempt(prefetched ?? (await this.#fetch(kind)));
    } catch (e) {
      if (!(e instanceof RpError && e.code === 'challenge_expired')) throw e;
      this.refetched++;
      return attempt(await this.#fetch(kind));
    }
  }

  #fetch(kind: SignInKind): Promise<object> {
    return this.rp.post('/api/webauthn/authentication/options', kind === 'restore' ? { kind } : {});
  }
}
