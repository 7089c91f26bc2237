// What every relying-party operation works with: the store, the configuration and the clock.
import { randomBytes } from 'node:crypto';
import type { ServerConfig } from '../config.js';
import { allowedWebAuthnOrigins } from '../config.js';
import type { AttestationTrust } from '../metadata/index.js';
import type { Stores, UserRecord } from './stores.js';
import { hashPassword } from './passwords.js';
import { decoyPublicKey } from './decoy-key.js';
import type { MetadataBlob } from '../../webauthn/index.js';

/** The stores, and where the server-wide secret is kept (the built-in store's settings table). */
export interface ContextStores extends Stores {
  settings: { getOrCreate(key: string, make: () => string): Promise<string> };
}

export interface RelyingPartyContext {
  store: Stores;
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
  /** MDS_BLOB and ATTESTATION_POLICY: what passkey registrations are judged with (absent: no MDS). */
  attestation?: AttestationTrust;
}

export async function createContext(
  store: ContextStores,
  config: ServerConfig,
  now: () => number = Date.now,
  attestation?: AttestationTrust,
): Promise<RelyingPartyContext> {
  // Start-up sweep: expired challenges, sessions and restore keys (also removed lazily when met).
  const started = now();
  await store.challenges.deleteExpired(new Date(started));
  await store.sessions.deleteExpired(new Date(started));
  await store.credentials.deleteExpiredRestoreKeys(new Date(started - config.restoreKeyTtlMs));
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
    ...(attestation ? { attestation } : {}),
  };
}

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
}

export function publicUser(user: UserRecord): PublicUser {
  return { id: user.id, username: user.username, displayName: user.displayName };
}

/** The MDS BLOB in use, if the server has one (for names and icons). */
export function currentMetadata(ctx: RelyingPartyContext): MetadataBlob | undefined {
  return ctx.attestation?.metadata();
}

/** Restore keys last used (or created) before this time have expired. */
export function restoreCutoff(ctx: RelyingPartyContext): Date {
  return new Date(ctx.now() - ctx.config.restoreKeyTtlMs);
}
