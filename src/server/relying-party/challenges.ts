// Server-side challenges: issued with the options, consumed exactly once.
import { randomBytes } from 'node:crypto';
import type { RelyingPartyContext } from './context.js';
import { ServerError } from './errors.js';
import type { UserVerificationRequirement } from '../../webauthn/index.js';
import type { Ceremony, ChallengeRecord, CredentialKind } from './stores.js';

/**
 * Whether a ceremony requires UV: as the options asked when the caller chose (the conformance API), else
 * `otherwise` (the ceremony's own rule).
 */
export function requiresUserVerification(challenge: ChallengeRecord, otherwise: boolean): boolean {
  return challenge.userVerification ? challenge.userVerification === 'required' : otherwise;
}

export interface ChallengeInput {
  ceremony: Ceremony;
  kind: CredentialKind;
  userId?: string | null;
  deviceId?: string | null;
  conditional?: boolean;
  /** Registration: the session asking; only it may spend the challenge. */
  sessionId?: string | null;
  /** Authentication: the options named a username. */
  usernameFirst?: boolean;
  /** The user verification the caller chose for this ceremony (FIDO conformance API); default the ceremony's rule. */
  userVerification?: UserVerificationRequirement;
}

/** Stores a fresh 32-byte challenge; also sweeps expired challenges and sessions now and then. */
export async function issueChallenge(ctx: RelyingPartyContext, input: ChallengeInput): Promise<string> {
  const challenge = randomBytes(32).toString('base64url');
  const now = ctx.now();
  await ctx.store.challenges.insert({
    challenge,
    ceremony: input.ceremony,
    kind: input.kind,
    userId: input.userId ?? null,
    deviceId: input.deviceId ?? null,
    conditional: input.conditional === true,
    expiresAt: new Date(now + ctx.config.challengeTtlMs),
    sessionId: input.sessionId ?? null,
    usernameFirst: input.usernameFirst === true,
    userVerification: input.userVerification ?? null,
  });
  if (Math.random() < 0.01) {
    await ctx.store.challenges.deleteExpired(new Date(now));
    await ctx.store.sessions.deleteExpired(new Date(now));
  }
  return challenge;
}

export const challengeNotFound = () =>
  new ServerError('challenge_not_found', 'the challenge is unknown or was already used; request new options');

/** A consumed challenge that had expired fails (it is gone either way). */
export function checkUnexpired(ctx: RelyingPartyContext, record: ChallengeRecord): ChallengeRecord {
  if (record.expiresAt.getTime() <= ctx.now())
    throw new ServerError('challenge_expired', 'the challenge expired; request new options');
  return record;
}

/**
 * Atomically takes the challenge of this ceremony issued to `sessionId` (registration) or to no session
 * (authentication); a replay, an unknown, another ceremony's, another session's or an expired challenge fails,
 * and a challenge that is not the caller's stays where it is.
 */
export async function consumeChallenge(
  ctx: RelyingPartyContext,
  challenge: string,
  ceremony: Ceremony,
  sessionId: string | null = null,
): Promise<ChallengeRecord> {
  const record = await ctx.store.challenges.consume(challenge, ceremony, sessionId);
  if (!record) throw challengeNotFound();
  return checkUnexpired(ctx, record);
}
