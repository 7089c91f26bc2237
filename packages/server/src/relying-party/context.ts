// What every relying-party operation works with: the store, the configuration and the clock.
import { randomBytes, type KeyObject } from 'node:crypto';
import type { ServerConfig } from '../config.js';
import { allowedWebAuthnOrigins } from '../config.js';
import type { AttestationTrust } from '../metadata/index.js';
import type { AccountStores, Stores, UserRecord } from './stores.js';
import type { User } from '@credkit/browser/api';
import { hashPassword } from './passwords.js';
import { decoyPublicKey } from './decoy-key.js';
import { challengeKey } from './challenges.js';
import type { MetadataBlob } from '@credkit/webauthn';

/** Where the server-wide secret is kept, shared by every instance (the built-in store's settings table). */
export interface SecretKeeper {
  getOrCreate(key: string, make: () => string): Promise<string>;
}

export interface RelyingPartyContext {
  store: Stores;
  /** credkit's own accounts and sessions (the standalone server); absent when the host app keeps its own. */
  accounts?: AccountStores;
  config: ServerConfig;
  /** Web origins and android:apk-key-hash origins accepted in clientDataJSON. */
  origins: string[];
  /** Server-wide secret (shared by instances through the database) for fake credential ids. */
  secret: Buffer;
  /** Derived from the secret: seals challenges (challenges.ts). */
  challengeKey: KeyObject;
  /** A hash of a random password, checked for unknown usernames so they cost the same work. */
  dummyPasswordHash: string;
  /** COSE key nothing verifies against: username-first sign-ins check decoy ids with it (decoy-key.ts). */
  decoyPublicKey: Uint8Array;
  /** The WebAuthn user handle (base64url) of a user id: credkit's own ids are handles already. */
  userHandle: (userId: string) => string;
  now: () => number;
  /** MDS_BLOB and ATTESTATION_POLICY: what passkey registrations are judged with (absent: no MDS). */
  attestation?: AttestationTrust;
}

export interface ContextOptions {
  /** credkit's own accounts and sessions; omit when the host app keeps its users' accounts and sessions. */
  accounts?: AccountStores;
  /** The server secret (at least 32 bytes); default: kept by `secrets`, made on the first start. */
  secret?: Uint8Array;
  secrets?: SecretKeeper;
  /** Host users: the WebAuthn user handle of an app's user id (default: the id itself). */
  userHandle?: (userId: string) => string;
  now?: () => number;
  /** MDS_BLOB and ATTESTATION_POLICY: what passkey registrations are judged with (absent: no MDS). */
  attestation?: AttestationTrust;
}

/** The server secret: the one given, or the one the instances share through `secrets`. */
async function serverSecret(options: ContextOptions): Promise<Buffer> {
  if (options.secret) {
    if (options.secret.length < 32) throw new Error('the credkit secret must be at least 32 bytes');
    return Buffer.from(options.secret);
  }
  if (!options.secrets) throw new Error('credkit needs a secret, or a store to keep one in');
  const kept = await options.secrets.getOrCreate('fake_credential_secret', () =>
    randomBytes(32).toString('base64url'),
  );
  return Buffer.from(kept, 'base64url');
}

export async function createContext(
  store: Stores,
  config: ServerConfig,
  options: ContextOptions = {},
): Promise<RelyingPartyContext> {
  const now = options.now ?? Date.now;
  // Start-up sweep: expired spent challenges, sessions and restore keys (also removed lazily when met).
  const started = now();
  await store.challenges.deleteExpired(new Date(started));
  await options.accounts?.sessions.deleteExpired(new Date(started));
  await store.credentials.deleteExpiredRestoreKeys(new Date(started - config.restoreKeyTtlMs));
  const secret = await serverSecret(options);
  return {
    store,
    ...(options.accounts ? { accounts: options.accounts } : {}),
    config,
    origins: allowedWebAuthnOrigins(config),
    secret,
    challengeKey: challengeKey(secret),
    dummyPasswordHash: await hashPassword(randomBytes(16).toString('base64url'), config.scryptCost),
    decoyPublicKey: decoyPublicKey(),
    userHandle: options.userHandle ?? ((id) => id),
    now,
    ...(options.attestation ? { attestation: options.attestation } : {}),
  };
}

/** credkit's own accounts and sessions; an internal error when the host app keeps its own (no route asks then). */
export function ownAccounts(ctx: RelyingPartyContext): AccountStores {
  if (!ctx.accounts) throw new Error('credkit keeps no accounts here: the host app does');
  return ctx.accounts;
}

/** A user as the API shows them. */
export type PublicUser = User;

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
