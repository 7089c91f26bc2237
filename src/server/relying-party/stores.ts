// What the relying party keeps, as typed records, and the stores it keeps them in. The relying party depends on
// these interfaces only; the built-in SQLite and PostgreSQL store (../store) implements them, and a host app can
// implement its own (its users and sessions, say) and pass them in.

import type { UserVerificationRequirement } from '../../webauthn/index.js';

export type CredentialKind = 'passkey' | 'restore';
export type Ceremony = 'registration' | 'authentication';

export interface UserRecord {
  /** The WebAuthn user handle (user.id), base64url of 32 random bytes. */
  id: string;
  /** Normalised, unique. */
  username: string;
  displayName: string;
  /** `scrypt$N$r$p$salt$hash`, or null for a passwordless account. */
  passwordHash: string | null;
  createdAt: Date;
}

/** A passkey or a restore key (WebAuthn's credential record, §4, with what the server adds). */
export interface StoredCredential {
  /** Credential ID, base64url. */
  id: string;
  userId: string;
  kind: CredentialKind;
  /** Restore keys: the device that created it (one restore key per user per device). */
  deviceId: string | null;
  /** The COSE_Key as registered. */
  publicKey: Uint8Array;
  algorithm: number;
  counter: number;
  transports: string[];
  aaguid: string;
  backupEligible: boolean;
  backedUp: boolean;
  userVerified: boolean;
  attestationFormat: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface ChallengeRecord {
  /** The challenge as sent to the client, base64url. */
  challenge: string;
  ceremony: Ceremony;
  kind: CredentialKind;
  /** Registration: the user registering. Username-first authentication: the user named (null if unknown). */
  userId: string | null;
  deviceId: string | null;
  /** Conditional create (automatic passkey upgrade): accepted without user presence. */
  conditional: boolean;
  expiresAt: Date;
  /** Registration: the session that asked for the options; only that live session may spend it. */
  sessionId: string | null;
  /** Authentication: the options named a username (allowCredentials, real or decoy). */
  usernameFirst: boolean;
  /**
   * The user verification the options asked for when the caller chose it (set by the FIDO conformance API only):
   * UV is then required exactly when this is 'required'. Absent or null: the ceremony's own rule (passkeys require
   * UV, restore keys and conditional creates do not). A sign-in answers only a challenge of its own API (null for
   * the product's routes, set for the conformance API's): a store that does not keep it cannot serve the
   * conformance API's sign-ins.
   */
  userVerification?: UserVerificationRequirement | null;
}

export interface SessionRecord {
  /** SHA-256 of the session token, base64url (the token itself is never stored). */
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  /** Right after a password sign-in, until one conditional create is offered. */
  upgradeEligible: boolean;
}

export interface UserStore {
  /** Adds a user; false when the username is taken. */
  insert(user: UserRecord): Promise<boolean>;
  findById(id: string): Promise<UserRecord | undefined>;
  findByUsername(username: string): Promise<UserRecord | undefined>;
  /** Changes username and/or display name; 'taken' when the new username is someone else's. */
  update(
    id: string,
    changes: { username?: string; displayName?: string },
  ): Promise<UserRecord | 'taken' | undefined>;
}

export interface CredentialStore {
  /** Adds a credential; false when its id is registered already (§7.1 step 26). */
  insert(credential: StoredCredential): Promise<boolean>;
  /** Adds a restore key in place of the one the same user registered from the same device; false as insert. */
  replaceRestoreKey(credential: StoredCredential): Promise<boolean>;
  findById(id: string): Promise<StoredCredential | undefined>;
  /** Oldest first. */
  listByUser(userId: string, kind?: CredentialKind): Promise<StoredCredential[]>;
  /** Ids of every credential still accepted for the user: passkeys, and restore keys used since `restoreCutoff`. */
  acceptedIds(userId: string, restoreCutoff: Date): Promise<string[]>;
  /**
   * §7.2 step 24 as one compare-and-set: stores the new counter, backup state and use time only if the stored
   * counter is still below `counter` (or both are 0). False when a concurrent sign-in got there first.
   */
  recordUse(id: string, counter: number, backedUp: boolean, usedAt: Date): Promise<boolean>;
  rename(
    id: string,
    userId: string,
    kind: CredentialKind,
    name: string,
  ): Promise<StoredCredential | undefined>;
  /** Deletes a passkey unless it is the user's last way to sign in (no password, no other passkey). */
  deletePasskey(id: string, userId: string): Promise<'deleted' | 'last' | 'missing'>;
  /** Revokes the restore key a user registered from a device; how many were removed. */
  deleteRestoreKey(userId: string, deviceId: string): Promise<number>;
  deleteById(id: string): Promise<void>;
  /** Restore keys unused since `cutoff` expire; how many were removed. */
  deleteExpiredRestoreKeys(cutoff: Date): Promise<number>;
}

export interface ChallengeStore {
  insert(challenge: ChallengeRecord): Promise<void>;
  /**
   * Removes and returns the challenge in one atomic step, so among concurrent requests (and instances sharing the
   * store) exactly one gets it. Only a challenge of `ceremony` issued to `sessionId` (null: to no session) is
   * taken; anyone else's attempt leaves it in place.
   */
  consume(
    challenge: string,
    ceremony: Ceremony,
    sessionId: string | null,
  ): Promise<ChallengeRecord | undefined>;
  /** Voids every challenge a session asked for (sign-out). */
  deleteBySession(sessionId: string): Promise<void>;
  deleteExpired(now: Date): Promise<void>;
}

export interface SessionStore {
  insert(session: SessionRecord): Promise<void>;
  /** The live session (expiring after `now`) with its user. */
  find(id: string, now: Date): Promise<{ session: SessionRecord; user: UserRecord } | undefined>;
  delete(id: string): Promise<void>;
  /** Atomically uses up the session's one automatic passkey upgrade; true if it was still there. */
  takeUpgradeEligibility(id: string): Promise<boolean>;
  deleteExpired(now: Date): Promise<void>;
}

/** What a sign-in reads before its signature check. */
export interface SignInLookup {
  challenge: ChallengeRecord;
  /** The credential the response names, if registered. */
  credential?: StoredCredential;
  /** Its owner. */
  user?: UserRecord;
  /** CredentialStore.acceptedIds of the owner. */
  acceptedIds: string[];
}

/**
 * A sign-in's store work in two steps, so a store can do each in one statement (one round trip): `begin`
 * consumes the authentication challenge (as ChallengeStore.consume with no session) and reads the credential
 * named with its owner and the owner's accepted ids; `finish` records the use (CredentialStore.recordUse) and,
 * when that won, stores the new session. `composeSignIn` builds both from the four stores.
 */
export interface SignInStore {
  begin(challenge: string, credentialId: string, restoreCutoff: Date): Promise<SignInLookup | undefined>;
  finish(
    use: { credentialId: string; counter: number; backedUp: boolean; usedAt: Date },
    session: SessionRecord,
  ): Promise<boolean>;
}

export interface Stores {
  users: UserStore;
  credentials: CredentialStore;
  challenges: ChallengeStore;
  sessions: SessionStore;
  signIn: SignInStore;
}

/** SignInStore over the separate stores (what a host app's own stores get). */
export function composeSignIn(stores: Omit<Stores, 'signIn'>): SignInStore {
  return {
    async begin(challenge, credentialId, restoreCutoff) {
      const record = await stores.challenges.consume(challenge, 'authentication', null);
      if (!record) return undefined;
      const credential = await stores.credentials.findById(credentialId);
      const user = credential && (await stores.users.findById(credential.userId));
      const acceptedIds = user ? await stores.credentials.acceptedIds(user.id, restoreCutoff) : [];
      return { challenge: record, credential, user, acceptedIds };
    },
    async finish(use, session) {
      if (!(await stores.credentials.recordUse(use.credentialId, use.counter, use.backedUp, use.usedAt))) {
        return false;
      }
      await stores.sessions.insert(session);
      return true;
    },
  };
}
