// Who asks: a Requester is a signed-in user in some session, credkit's own or the host app's. credkit's own
// sessions are server-side: the client holds a token (its creation time, then 32 random bytes; cookie or bearer),
// the store its SHA-256.
import { hash } from 'node:crypto';
import { randomToken } from './random.js';
import { ownAccounts, type RelyingPartyContext } from './context.js';
import { ServerError } from './errors.js';
import type { FoundSession, PasskeyDescriptor, SessionRecord, UserRecord } from './stores.js';

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
  /**
   * The user's passkeys, when the session's lookup read them with the user (credkit's own sessions, for the
   * registration options' exclude list); otherwise the ceremony reads them from the credential store.
   */
  passkeys?: readonly PasskeyDescriptor[];
}

/** What a request without a live session hears where it needs one. */
export const unauthenticated = () => new ServerError('unauthenticated', 'sign in first');

/**
 * credkit's own session, named by a request's token and not looked up yet: a passkey registration's store step
 * confirms it is live and its user's as it stores the credential (one round trip where looking it up first takes
 * two).
 */
export interface SessionClaim {
  sessionId: string;
}

/** The claim a token makes (none for a missing or oversized one). */
export function claimSession(token: string | undefined): SessionClaim | undefined {
  if (!token || token.length > 128) return undefined;
  return { sessionId: sessionId(token) };
}

/** The claimed session looked up, as a Requester; undefined when it is not live. */
export async function confirmClaim(
  ctx: RelyingPartyContext,
  claim: SessionClaim,
): Promise<Requester | undefined> {
  const active = await ownAccounts(ctx).sessions.find(claim.sessionId, new Date(ctx.now()));
  return active && ownRequester(ctx, active);
}

/** One of credkit's own sessions, with its user (and, when asked for, the user's passkeys). */
export type ActiveSession = FoundSession;

/** The requester of credkit's own session. */
export function ownRequester(ctx: RelyingPartyContext, active: ActiveSession): Requester {
  return {
    user: active.user,
    sessionId: active.session.id,
    takeUpgrade: () => ownAccounts(ctx).sessions.takeUpgradeEligibility(active.session.id),
    ...(active.passkeys ? { passkeys: active.passkeys } : {}),
  };
}

/** A token's creation time: 12 hex digits of milliseconds since the epoch (they sort as the times do). */
const TIME_CHARS = 12;
/** Tokens issued before they began with their time: 32 random bytes in base64url, nothing else. */
const UNTIMED_TOKEN_CHARS = 43;

/**
 * The id a session is stored under: the SHA-256 of its token (the store never holds the token), after the
 * token's creation time. New sessions so land on the last page of the store's index, not a random one (SQLite's
 * group commit then writes one page for the sessions it commits together). A token issued before the time prefix
 * keeps the id it was stored under.
 */
export function sessionId(token: string): string {
  const digest = hash('sha256', token, 'base64url');
  return token.length === UNTIMED_TOKEN_CHARS ? digest : token.slice(0, TIME_CHARS) + digest;
}

/** A new session for the user: the token for the client and the record for the store (not stored yet). */
export function newSession(
  ctx: RelyingPartyContext,
  userId: string,
  upgradeEligible = false,
): { started: StartedSession; record: SessionRecord } {
  const now = ctx.now();
  const token = now.toString(16).padStart(TIME_CHARS, '0') + randomToken(32);
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

/** The live session and its user for a token (with `include.passkeys`, the user's passkeys too), or undefined. */
export async function findSession(
  ctx: RelyingPartyContext,
  token: string | undefined,
  include?: { passkeys?: boolean },
): Promise<ActiveSession | undefined> {
  const claim = claimSession(token);
  return claim && ownAccounts(ctx).sessions.find(claim.sessionId, new Date(ctx.now()), include);
}

/** Ends the session; the registration challenges it asked for die with it (they open only in that session). */
export async function endSession(ctx: RelyingPartyContext, session: SessionRecord): Promise<void> {
  await ownAccounts(ctx).sessions.delete(session.id);
}
