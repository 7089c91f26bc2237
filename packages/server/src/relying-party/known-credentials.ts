// The credentials this process has seen sign in: what never changes about one (its id, owner, kind, public key and
// backup eligibility), so that the next discoverable sign-in with it verifies the signature before any I/O and the
// store does the rest in one step (SignInStore.signInKnown), which checks those facts again against the stored row.
import type { RelyingPartyContext } from './context.js';
import type { CredentialFacts, StoredCredential } from './stores.js';

export interface KnownCredential extends CredentialFacts {
  id: string;
}

/** Credentials kept per relying party (about 200 bytes each); the least recently used goes first. */
export const KNOWN_CREDENTIALS = 10_000;

const caches = new WeakMap<RelyingPartyContext, Map<string, KnownCredential>>();

function cacheOf(ctx: RelyingPartyContext): Map<string, KnownCredential> {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = new Map()));
  return cache;
}

/** The credential with this id, if this process has seen it sign in (and not forgotten it since). */
export function knownCredential(ctx: RelyingPartyContext, id: string): KnownCredential | undefined {
  const cache = cacheOf(ctx);
  const known = cache.get(id);
  if (known) {
    // most recently used last
    cache.delete(id);
    cache.set(id, known);
  }
  return known;
}

export function rememberCredential(ctx: RelyingPartyContext, credential: StoredCredential): void {
  const cache = cacheOf(ctx);
  cache.delete(credential.id);
  if (cache.size >= KNOWN_CREDENTIALS) cache.delete(cache.keys().next().value!);
  cache.set(credential.id, {
    id: credential.id,
    userId: credential.userId,
    kind: credential.kind,
    publicKey: credential.publicKey,
    backupEligible: credential.backupEligible,
  });
}

export function forgetCredential(ctx: RelyingPartyContext, id: string): void {
  cacheOf(ctx).delete(id);
}
