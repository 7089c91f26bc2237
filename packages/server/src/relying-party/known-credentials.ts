// The credentials this process has seen sign in: what never changes about one (its id, owner, kind, public key and
// backup eligibility), so that the next discoverable sign-in with it verifies the signature before any I/O and the
// store does the rest in one step (SignInStore.signInKnown), which checks those facts again against the stored row.
import { BoundedCache } from '@credkit/webauthn';
import type { RelyingPartyContext } from './context.js';
import type { CredentialFacts, StoredCredential } from './stores.js';

export interface KnownCredential extends CredentialFacts {
  id: string;
}

/** Credentials kept per relying party (about 200 bytes each); the least recently used go first. */
export const KNOWN_CREDENTIALS = 10_000;

const caches = new WeakMap<RelyingPartyContext, BoundedCache<string, KnownCredential>>();

function cacheOf(ctx: RelyingPartyContext): BoundedCache<string, KnownCredential> {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = new BoundedCache(KNOWN_CREDENTIALS)));
  return cache;
}

/** The credential with this id, if this process has seen it sign in (and not forgotten it since). */
export function knownCredential(ctx: RelyingPartyContext, id: string): KnownCredential | undefined {
  return cacheOf(ctx).get(id);
}

export function rememberCredential(ctx: RelyingPartyContext, credential: StoredCredential): void {
  cacheOf(ctx).set(credential.id, {
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
