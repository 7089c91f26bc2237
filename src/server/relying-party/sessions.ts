// Server-side sessions: the client holds a random token (cookie or bearer), the database its SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import type { RelyingPartyContext } from './context.js';
import type { SessionRow, UserRow } from '../store/index.js';

export interface StartedSession {
  token: string;
  expiresAt: number;
}

export interface ActiveSession {
  session: SessionRow;
  user: UserRow;
}

export function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export async function startSession(
  ctx: RelyingPartyContext,
  userId: string,
  upgradeEligible = false,
): Promise<StartedSession> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const expiresAt = now + ctx.config.sessionTtlMs;
  await ctx.store.sessions.insert({
    id: sessionId(token),
    user_id: userId,
    created_at: now,
    expires_at: expiresAt,
    upgrade_eligible: upgradeEligible ? 1 : 0,
  });
  return { token, expiresAt };
}

/** The live session and its user for a token, or undefined. */
export async function findSession(
  ctx: RelyingPartyContext,
  token: string | undefined,
): Promise<ActiveSession | undefined> {
  if (!token || token.length > 128) return undefined;
  const session = await ctx.store.sessions.find(sessionId(token), ctx.now());
  if (!session) return undefined;
  const user = await ctx.store.users.findById(session.user_id);
  return user ? { session, user } : undefined;
}

/** Ends the session and voids the registration challenges it asked for. */
export async function endSession(ctx: RelyingPartyContext, session: SessionRow): Promise<void> {
  await ctx.store.sessions.delete(session.id);
  await ctx.store.challenges.deleteBySession(session.id);
}
