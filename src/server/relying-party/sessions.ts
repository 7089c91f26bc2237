// Who asks: a Requester is a signed-in user in some session, credkit's own or the host app's. credkit's own
// sessions are server-side: the client holds a random token (cookie or bearer), the store its SHA-256.
import { hash } from 'node:crypto';
import { randomToken } from './random.js';
import { ownAccounts, type RelyingPartyContext } from './context.js';
import type { SessionRecord, UserRecord } from './stores.js';

export interface StartedSession {
  token: string;
  expiresAt: number;
}

/** A signed-in user asking, in a session credkit's or the host app's (registration, passkey management). */
export interface Requester {
  user: UserRecord;
  /** Identifies the session: a registration's challenge opens only in the session that asked for it. */
  sessionId: string;
  /** Uses up the session's one automatic passkey upgrade (conditional create); false when it has none. */
  takeUpgrade(): Promise<boolean>;
}

/** One of credkit's own sessions, with its user. */
export interface ActiveSession {
  session: SessionRecord;
  user: UserRecord;
}

/** The requester of credkit's own session. */
export function ownRequester(ctx: RelyingPartyContext, active: ActiveSession): Requester {
  return {
    user: active.user,
    sessionId: active.session.id,
    takeUpgrade: () => ownAccounts(ctx).sessions.takeUpgradeEligibility(active.session.id),
  };
}

export function sessionId(token: string): string {
  return hash('sha256', token, 'base64url');
}

/** A new session for the user: the token for the client and the record for the store (not stored yet). */
export function newSession(
  ctx: RelyingPartyContext,
  userId: string,
  upgradeEligible = false,
): { started: StartedSession; record: SessionRecord } {
  const token = randomToken(32);
  const now = ctx.now();
  const expiresAt = now + ctx.config.sessionTtlMs;
  return {
    started: { token, expiresAt },
    record: {
      id: sessionId(token),
      userId,
      createdAt: new Date(now),
      expiresAt: new Date(expiresAt),
      upgradeEligible,
    },
  };
}

export async function startSession(
  ctx: RelyingPartyContext,
  userId: string,
  upgradeEligible = false,
): Promise<StartedSession> {
  const { started, record } = newSession(ctx, userId, upgradeEligible);
  await ownAccounts(ctx).sessions.insert(record);
  return started;
}

/** The live session and its user for a token, or undefined. */
export async function findSession(
  ctx: RelyingPartyContext,
  token: string | undefined,
): Promise<ActiveSession | undefined> {
  if (!token || token.length > 128) return undefined;
  return ownAccounts(ctx).sessions.find(sessionId(token), new Date(ctx.now()));
}

/** Ends the session; the registration challenges it asked for die with it (they open only in that session). */
export async function endSession(ctx: RelyingPartyContext, session: SessionRecord): Promise<void> {
  await ownAccounts(ctx).sessions.delete(session.id);
}
