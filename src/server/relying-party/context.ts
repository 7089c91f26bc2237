// What every relying-party operation works with: the store, the configuration and the clock.
import { randomBytes } from 'node:crypto';
import type { ServerConfig } from '../config.js';
import { allowedWebAuthnOrigins } from '../config.js';
import type { Store, UserRow } from '../store/index.js';
import { hashPassword } from './passwords.js';
import { decoyPublicKey } from './decoy-key.js';

export interface RelyingPartyContext {
  store: Store;
  config: ServerConfig;
  /** Web origins and android:apk-key-hash origins accepted in clientDataJSON. */
  origins: string[];
  /** Server-wide secret (shared by instances through the database) for fake credential ids. */
  secret: Buffer;
  /** A hash of a random password, checked for unknown usernames so they cost the same work. */
  dummyPasswordHash: string;
  /** COSE key nothing verifies against: username-first sign-ins check decoy ids with it (decoy-key.ts). */
  decoyPublicKey: Uint8Array;
  now: () => number;
}

export async function createContext(
  store: Store,
  config: ServerConfig,
  now: () => number = Date.now,
): Promise<RelyingPartyContext> {
  // Start-up sweep: expired challenges, sessions and restore keys (also removed lazily when met).
  const started = now();
  await store.challenges.deleteExpired(started);
  await store.sessions.deleteExpired(started);
  await store.credentials.deleteExpiredRestoreKeys(started - config.restoreKeyTtlMs);
  const secret = await store.settings.getOrCreate('fake_credential_secret', () =>
    randomBytes(32).toString('base64url'),
  );
  return {
    store,
    config,
    origins: allowedWebAuthnOrigins(config),
    secret: Buffer.from(secret, 'base64url'),
    dummyPasswordHash: await hashPassword(randomBytes(16).toString('base64url'), config.scryptCost),
    decoyPublicKey: decoyPublicKey(),
    now,
  };
}

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
}

export function publicUser(user: UserRow): PublicUser {
  return { id: user.id, username: user.username, displayName: user.display_name };
}

/** Restore keys last used (or created) before this time have expired. */
export function restoreCutoff(ctx: RelyingPartyContext): number {
  return ctx.now() - ctx.config.restoreKeyTtlMs;
}
