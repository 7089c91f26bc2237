// Accounts: sign-up, password sign-in, profile changes.
import { randomToken } from './random.js';
import type { RelyingPartyContext, PublicUser } from './context.js';
import { ownAccounts, publicUser } from './context.js';
import { ServerError } from './errors.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { normalizeDisplayName, normalizeUsername } from './usernames.js';
import { newSession, startSession, type StartedSession } from './sessions.js';
import type { CurrentUserDetailsSignal } from './signals.js';
import type { UserRecord } from './stores.js';

export interface SignedIn {
  user: PublicUser;
  session: StartedSession;
}

export async function signUp(
  ctx: RelyingPartyContext,
  input: { username: string; displayName?: string; password?: string },
): Promise<SignedIn> {
  const username = normalizeUsername(input.username);
  const displayName = normalizeDisplayName(input.displayName ?? username);
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password);
    if (problem) throw new ServerError('weak_password', problem);
  }
  const user: UserRecord = {
    // The WebAuthn user handle: random, permanent, no personal data (§14.6.1).
    id: randomToken(32),
    username,
    displayName,
    hasPassword: input.password !== undefined,
    passwordHash:
      input.password === undefined ? null : await hashPassword(input.password, ctx.config.scryptCost),
    createdAt: new Date(ctx.now()),
  };
  // the account and its first session in one store step
  const { started, record } = newSession(ctx, user.id);
  if (!(await ownAccounts(ctx).users.insert(user, record)))
    throw new ServerError('username_taken', 'that username is taken');
  return { user: publicUser(user), session: started };
}

/** A passkey-first account in a host app's users (HostUsers.create); the app starts its own session. */
export async function signUpHostUser(
  ctx: RelyingPartyContext,
  input: { username: string; displayName?: string },
): Promise<PublicUser> {
  const create = ctx.store.users.create;
  if (!create) throw new Error('the host app lets credkit create no users');
  const username = normalizeUsername(input.username);
  const user = await create({ username, displayName: normalizeDisplayName(input.displayName ?? username) });
  if (!user) throw new ServerError('username_taken', 'that username is taken');
  return publicUser(user);
}

/** Password sign-in; unknown users and wrong passwords cost the same and fail the same way. */
export async function signInWithPassword(
  ctx: RelyingPartyContext,
  input: { username: string; password: string },
): Promise<SignedIn> {
  let user: UserRecord | undefined;
  try {
    user = await ownAccounts(ctx).users.findByUsername(normalizeUsername(input.username));
  } catch (e) {
    if (!(e instanceof ServerError)) throw e;
  }
  const ok = await verifyPassword(input.password, user?.passwordHash ?? ctx.dummyPasswordHash);
  if (!user || !user.passwordHash || !ok)
    throw new ServerError('invalid_credentials', 'wrong username or password');
  // Right after a password sign-in the client may create one passkey by conditional create.
  return { user: publicUser(user), session: await startSession(ctx, user.id, true) };
}

export async function updateProfile(
  ctx: RelyingPartyContext,
  userId: string,
  input: { username?: string; displayName?: string },
): Promise<{ user: PublicUser; currentUserDetails: CurrentUserDetailsSignal }> {
  const changes: { username?: string; displayName?: string } = {};
  if (input.username !== undefined) changes.username = normalizeUsername(input.username);
  if (input.displayName !== undefined) changes.displayName = normalizeDisplayName(input.displayName);
  const updated = await ownAccounts(ctx).users.update(userId, changes);
  if (updated === 'taken') throw new ServerError('username_taken', 'that username is taken');
  if (!updated) throw new ServerError('unauthenticated', 'the account no longer exists');
  return {
    user: publicUser(updated),
    currentUserDetails: {
      rpId: ctx.config.rpId,
      userId: ctx.userHandle(updated.id),
      name: updated.username,
      displayName: updated.displayName,
    },
  };
}
