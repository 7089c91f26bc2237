// A host app's own users, as the relying party's UserDirectory. The app keeps its accounts (ids, usernames,
// passwords); credkit keeps the app's users' passkeys and restore keys, keyed by the app's user id.
import type { UserDirectory, UserRecord } from './stores.js';

/** A user of the host app, as credkit needs to know them. */
export interface HostUser {
  /** The app's own id for the user (any string; it becomes the WebAuthn user handle, so no personal data). */
  id: string;
  /** What the user signs in with; authenticators show it. */
  username: string;
  /** Default: the username. */
  displayName?: string;
  /** The user can also sign in with a password: their last passkey may then be deleted. Default false. */
  hasPassword?: boolean;
}

/** How credkit finds the host app's users. Any of these functions may be synchronous. */
export interface HostUsers {
  findById(id: string): Promise<HostUser | undefined> | HostUser | undefined;
  /** `username` as credkit folds it: NFKC, trimmed, lower case. */
  findByUsername(username: string): Promise<HostUser | undefined> | HostUser | undefined;
  /**
   * Optional: creates a user without a password (`username` normalised as credkit's own accounts are), so that
   * credkit serves `POST /signup` for passkey-first accounts. Answers the new user, or undefined when the username is
   * taken.
   */
  create?(user: {
    username: string;
    displayName: string;
  }): Promise<HostUser | undefined> | HostUser | undefined;
}

function record(user: HostUser | undefined): UserRecord | undefined {
  if (!user) return undefined;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName ?? user.username,
    hasPassword: user.hasPassword === true,
    passwordHash: null,
    createdAt: new Date(0),
  };
}

/** The host app's users as a UserDirectory. */
export function hostUserDirectory(users: HostUsers): UserDirectory {
  return {
    findById: async (id) => record(await users.findById(id)),
    findByUsername: async (username) => record(await users.findByUsername(username)),
    ...(users.create ? { create: async (user) => record(await users.create!(user)) } : {}),
  };
}

/**
 * The WebAuthn user handle of a host user id: its UTF-8 bytes, base64url (WebAuthn allows up to 64 bytes; §5.4.3
 * says to keep personal data out of it, so the id should be opaque: a number or a UUID, not an email address).
 */
export function hostUserHandle(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}
