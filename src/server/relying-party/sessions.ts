// Server-side sessions: the client holds a random token (cookie or bearer), the store its SHA-256.
import { hash } from 'node:crypto';
import { randomToken } from './random.js';
import type { RelyingPartyContext } from './context.js';
import type { SessionRecord, UserRecord } from './stores.js';

export interface StartedSession {
  token: string;
  expiresAt: number;
}

export interface ActiveSession {
  session: SessionRecord;
  user: UserRecord;
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
  await ctx.store.sessions.insert(record);
  return started;
}

/** The live session and its user for a token, or undefined. */
export async function findSession(
  ctx: RelyingPartyContext,
  token: string | undefined,
): Promise<ActiveSession | undefined> {
  if (!token || token.length > 128) return undefined;
  return ctx.store.sessions.find(sessionId(token), new Date(ctx.now()));
}

/** Ends the session; the registration challenges it asked for die with it (they open only in that session). */
export async function endSession(ctx: RelyingPartyContext, session: SessionRecord): Promise<void> {
  await ctx.store.sessions.delete(session.id);
}
