// Server-side challenges: issued with the options, read back from clientDataJSON, consumed exactly once.
import { randomBytes } from 'node:crypto';
import { utf8FromBase64url } from '../../webauthn/base64url.js';
import { parseClientDataText } from '../../webauthn/client-data.js';
import { WebAuthnError } from '../../webauthn/errors.js';
import type { RelyingPartyContext } from './context.js';
import { ServerError } from './errors.js';
import type { Ceremony, ChallengeRow, CredentialKind } from '../store/index.js';

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
}

/** Stores a fresh 32-byte challenge; also sweeps expired challenges and sessions now and then. */
export async function issueChallenge(ctx: RelyingPartyContext, input: ChallengeInput): Promise<string> {
  const challenge = randomBytes(32).toString('base64url');
  const now = ctx.now();
  await ctx.store.challenges.insert({
    challenge,
    ceremony: input.ceremony,
    kind: input.kind,
    user_id: input.userId ?? null,
    device_id: input.deviceId ?? null,
    conditional: input.conditional ? 1 : 0,
    expires_at: now + ctx.config.challengeTtlMs,
    session_id: input.sessionId ?? null,
    username_first: input.usernameFirst ? 1 : 0,
  });
  if (Math.random() < 0.01) {
    await ctx.store.challenges.deleteExpired(now);
    await ctx.store.sessions.deleteExpired(now);
  }
  return challenge;
}

/** The challenge a response's clientDataJSON echoes (§7.1 step 5 / §7.2 step 9 parsing; checks come later in the core). */
export function challengeOf(response: { response?: { clientDataJSON?: unknown } }): string {
  const clientData = parseClientDataText(
    utf8FromBase64url(response.response?.clientDataJSON, 'clientDataJSON'),
  );
  if (clientData.challenge.length === 0 || clientData.challenge.length > 128) {
    throw new WebAuthnError(
      'challenge_mismatch',
      'clientDataJSON.challenge is not a challenge this server issued',
    );
  }
  return clientData.challenge;
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
): Promise<ChallengeRow> {
  const row = await ctx.store.challenges.consume(challenge, ceremony, sessionId);
  if (!row) {
    throw new ServerError(
      'challenge_not_found',
      'the challenge is unknown or was already used; request new options',
    );
  }
  if (row.expires_at <= ctx.now())
    throw new ServerError('challenge_expired', 'the challenge expired; request new options');
  return row;
}
