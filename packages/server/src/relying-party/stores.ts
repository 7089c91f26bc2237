// What the relying party keeps, as typed records, and the stores it keeps them in. The relying party depends on
// these interfaces only; the built-in SQLite and PostgreSQL store (../store) implements them all, and a host app
// brings its own users (host.ts adapts them) and sessions, or its own credential and challenge stores.

export type { CredentialKind } from '@credkit/browser/api';
import type { CredentialKind } from '@credkit/browser/api';
import type { UserVerificationRequirement } from '@credkit/webauthn';
export type Ceremony = 'registration' | 'authentication';

export interface UserRecord {
  /**
   * credkit's own users: the WebAuthn user handle (user.id), base64url of 32 random bytes. A host app's users:
   * the app's own id (RelyingPartyContext.userHandle gives the handle).
   */
  id: string;
  /** Normalised, unique. */
  username: string;
  displayName: string;
  /** The user can also sign in with a password, so no passkey is their last way in. */
  hasPassword: boolean;
  /** credkit's own users: `scrypt$N$r$p$salt$hash`, or null. A host app's users: null (the app keeps them). */
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
  /**
   * Passkeys attested against the FIDO MDS BLOB (the chain ended at the statement's roots): the metadata
   * statement's description. Absent otherwise.
   */
  authenticatorName?: string;
  /** With authenticatorName: the certification level in effect at registration (MDS3 §3.1.4). */
  certificationLevel?: string;
}

/**
 * What a challenge says about the options it was issued with. It is sealed into the challenge itself
 * (challenges.ts), never stored; only its id is, once spent.
 */
export interface ChallengeRecord {
  /** The challenge as sent to the client, base64url. */
  challenge: string;
  /** Its 16 random bytes, base64url: the key a spent challenge is kept under. */
  id: string;
  ceremony: Ceremony;
  kind: CredentialKind;
  /** Restore-key registration: the device creating it. */
  deviceId: string | null;
  /** Conditional create (automatic passkey upgrade): accepted without user presence. */
  conditional: boolean;
  expiresAt: Date;
  /** Authentication: the options named a username (allowCredentials, real or decoy). */
  usernameFirst: boolean;
  /** Username-first: the MAC binding the user named (challenges.ts namesUser checks it). */
  userTag: Uint8Array | null;
  /**
   * The user verification the options asked for when the caller chose it (the FIDO conformance API only): UV is
   * then required exactly when this is 'required'. Null: the ceremony's own rule (passkeys require UV, restore
   * keys and conditional creates do not).
   */
  userVerification: UserVerificationRequirement | null;
  /** Issued by the FIDO conformance API: only its routes spend it (and the product's routes never do). */
  conformance: boolean;
  /**
   * Registration: the user the options were for (the session's user, or the conformance API's); null for
   * authentication and for registration challenges issued before they named their user.
   */
  userId: string | null;
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

/** The users ceremonies look up: credkit's own (UserStore) or a host app's (host.ts). */
export interface UserDirectory {
  findById(id: string): Promise<UserRecord | undefined>;
  /** By the normalised username (usernames.ts foldUsername). */
  findByUsername(username: string): Promise<UserRecord | undefined>;
  /** A host app's users, when it lets credkit create them (passkey-first sign-up): undefined when taken. */
  create?(user: { username: string; displayName: string }): Promise<UserRecord | undefined>;
}

/** credkit's own accounts: sign-up and profile changes as well. */
export interface UserStore extends UserDirectory {
  /**
   * Adds a user and, when given, the user's first session, in one step; false when the username is taken (nothing
   * is stored then).
   */
  insert(user: UserRecord, session?: SessionRecord): Promise<boolean>;
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
  /**
   * Deletes a passkey of the user unless it is their last way to sign in: unless `hasPassword`, another of their
   * passkeys must stay. Two deletions racing never both pass that check.
   */
  deletePasskey(id: string, userId: string, hasPassword: boolean): Promise<'deleted' | 'last' | 'missing'>;
  /** Revokes the restore key a user registered from a device; how many were removed. */
  deleteRestoreKey(userId: string, deviceId: string): Promise<number>;
  deleteById(id: string): Promise<void>;
  /** Restore keys unused since `cutoff` expire; how many were removed. */
  deleteExpiredRestoreKeys(cutoff: Date): Promise<number>;
}

/** The challenges already spent; an unspent challenge is not stored anywhere (challenges.ts). */
export interface ChallengeStore {
  /**
   * Records the challenge `id` as spent until `expiresAt`, atomically: true for the first call, false for every
   * later one, among concurrent requests and every worker and instance sharing the store. The id (at most 34
   * characters) begins with the expiry in hex, so ids sort by time: an index on it grows at its end.
   */
  spend(id: string, expiresAt: Date): Promise<boolean>;
  /** Forgets spent challenges that have expired (an expired challenge is refused before it is spent). */
  deleteExpired(now: Date): Promise<void>;
}

/** A passkey as a registration's exclude list names it (§5.4.3 excludeCredentials). */
export interface PasskeyDescriptor {
  id: string;
  transports: string[];
}

/** A live session of credkit's own, with its user (and, when asked for, the user's passkeys). */
export interface FoundSession {
  session: SessionRecord;
  user: UserRecord;
  /** With `include.passkeys`: the user's passkeys, oldest first (CredentialStore.listByUser's, as descriptors). */
  passkeys?: PasskeyDescriptor[];
}

/** credkit's own sessions (a host app keeps its own). */
export interface SessionStore {
  insert(session: SessionRecord): Promise<void>;
  /**
   * The live session (expiring after `now`) with its user; with `include.passkeys`, also the user's passkeys, read
   * in the same step (the registration options' exclude list: one round trip, not two).
   */
  find(id: string, now: Date, include?: { passkeys?: boolean }): Promise<FoundSession | undefined>;
  delete(id: string): Promise<void>;
  /** Atomically uses up the session's one automatic passkey upgrade; true if it was still there. */
  takeUpgradeEligibility(id: string): Promise<boolean>;
  deleteExpired(now: Date): Promise<void>;
}

/** What never changes about a stored credential but its id: SignInStore.signInKnown checks the row still has it. */
export interface CredentialFacts {
  userId: string;
  kind: CredentialKind;
  publicKey: Uint8Array;
  backupEligible: boolean;
}

/** What a sign-in reads before its signature check. */
export interface SignInLookup {
  /** The credential the response names, if registered. */
  credential?: StoredCredential;
  /** Its owner. */
  user?: UserRecord;
  /** CredentialStore.acceptedIds of the owner. */
  acceptedIds: string[];
}

/**
 * A sign-in's store work in two steps, so a store can do each in one statement (one round trip): `begin` spends
 * the challenge (ChallengeStore.spend) and reads the credential named with its owner and the owner's accepted
 * ids, undefined when the challenge was spent already; `finish` records the use (CredentialStore.recordUse) and,
 * when that won, stores credkit's new session (none when the host app keeps sessions). `composeSignIn` builds
 * both from the separate stores.
 */
export interface SignInStore {
  /**
   * Optional: a discoverable sign-in with a credential the relying party has seen before (known-credentials.ts),
   * whose assertion it verified already, in one step: spends the challenge and, only when this was its first
   * spend, records the use of the credential if the stored row is still the one `known` describes (same owner,
   * kind, public key and backup eligibility; a restore key used since `restoreCutoff`) and its counter is below
   * the new one, and, when that won, stores credkit's new session. `spent`: the challenge was spent here;
   * `signedIn`: the use was recorded (the owner as stored now, and the owner's accepted ids). Without it,
   * every sign-in takes `begin` then `finish`.
   */
  signInKnown?(
    challenge: { id: string; expiresAt: Date },
    use: { credentialId: string; counter: number; backedUp: boolean; usedAt: Date },
    known: CredentialFacts,
    restoreCutoff: Date,
    session: SessionRecord | undefined,
  ): Promise<{ spent: boolean; signedIn?: { user: UserRecord; acceptedIds: string[] } }>;
  begin(
    challenge: { id: string; expiresAt: Date },
    credentialId: string,
    restoreCutoff: Date,
  ): Promise<SignInLookup | undefined>;
  finish(
    use: { credentialId: string; counter: number; backedUp: boolean; usedAt: Date },
    session: SessionRecord | undefined,
  ): Promise<boolean>;
}

/**
 * Optional: a passkey registration's store work in one step, after its checks passed (§7.1 steps 26-27): spends
 * the challenge (ChallengeStore.spend) and, only when this was its first spend, adds the credential
 * (CredentialStore.insert), then reads the owner's accepted ids (CredentialStore.acceptedIds, the new one
 * included when it was added). `spent` false: the challenge was spent already and nothing was added; `stored`
 * false: the credential id is registered already (the challenge stays spent). With `session` (credkit's own,
 * not looked up before), all of it only while that session is live (expiring after `session.now`) and belongs
 * to the credential's user; otherwise nothing is done and `spent` is false. Without this store, a registration
 * spends, inserts and reads one after the other.
 */
export interface RegistrationStore {
  registerPasskey(
    challenge: { id: string; expiresAt: Date },
    credential: StoredCredential,
    restoreCutoff: Date,
    session?: { id: string; now: Date },
  ): Promise<{ spent: boolean; stored: boolean; acceptedIds: string[] }>;
}

/** What the ceremonies use. */
export interface Stores {
  users: UserDirectory;
  credentials: CredentialStore;
  challenges: ChallengeStore;
  signIn: SignInStore;
  registration?: RegistrationStore;
}

/** credkit's own accounts and sessions: the standalone server's (a host app keeps its own). */
export interface AccountStores {
  users: UserStore;
  sessions: SessionStore;
}

/** SignInStore over the separate stores; `sessions` stores credkit's own sessions, when it keeps them. */
export function composeSignIn(
  stores: Omit<Stores, 'signIn'>,
  sessions?: Pick<SessionStore, 'insert'>,
): SignInStore {
  return {
    async begin(challenge, credentialId, restoreCutoff) {
      if (!(await stores.challenges.spend(challenge.id, challenge.expiresAt))) return undefined;
      const credential = await stores.credentials.findById(credentialId);
      const user = credential && (await stores.users.findById(credential.userId));
      const acceptedIds = user ? await stores.credentials.acceptedIds(user.id, restoreCutoff) : [];
      return { credential, user, acceptedIds };
    },
    async finish(use, session) {
      if (!(await stores.credentials.recordUse(use.credentialId, use.counter, use.backedUp, use.usedAt))) {
        return false;
      }
      if (session) await sessions!.insert(session);
      return true;
    },
  };
}
