// Authentication ceremonies (§7.2): discoverable and username-first sign-in with passkeys, silent sign-in with
// restore keys. No user enumeration: an unknown username gets options shaped like a known one's.
import { createHmac } from 'node:crypto';
import {
  generateAuthenticationOptions,
  verifyAuthenticationAsync,
  WebAuthnError,
  type AuthenticationResponseJSON,
} from '../../webauthn/index.js';
import type { PublicKeyCredentialRequestOptionsJSON } from '../../webauthn/options.js';
import type { RelyingPartyContext, PublicUser } from './context.js';
import { publicUser, restoreCutoff } from './context.js';
import { ServerError } from './errors.js';
import { issueChallenge, challengeOf, consumeChallenge } from './challenges.js';
import { allAcceptedCredentials } from './credentials.js';
import { normalizeUsername } from './usernames.js';
import { startSession, type StartedSession } from './sessions.js';
import type { AllAcceptedCredentialsSignal } from './signals.js';
import type { CredentialKind } from '../store/index.js';

export interface AuthenticationOptionsRequest {
  username?: string;
  kind?: CredentialKind;
}

/** Unknown usernames get between 1 and this many decoy credentials (see fakeAllowCredentials). */
const MAX_FAKE_CREDENTIALS = 3;

/**
 * Decoy `allowCredentials` for a username with no credential of the kind asked for: ids that look real (32 bytes,
 * base64url), the transports a platform passkey reports, and a count between 1 and MAX_FAKE_CREDENTIALS, all
 * derived from the server secret so they are stable per username. A real user with 1 to 3 passkeys is then not
 * told apart by the count either; one with more than 3 is (documented in docs/api.md: prefer discoverable sign-in).
 */
function fakeAllowCredentials(
  ctx: RelyingPartyContext,
  username: string,
): { id: string; transports: string[] }[] {
  const derive = (label: string) => createHmac('sha256', ctx.secret).update(label).digest();
  const count = 1 + (derive(`fake-credential-count:${username}`)[0]! % MAX_FAKE_CREDENTIALS);
  return Array.from({ length: count }, (_, i) => ({
    id: derive(i === 0 ? `fake-credential:${username}` : `fake-credential:${username}:${i}`).toString(
      'base64url',
    ),
    transports: ['internal', 'hybrid'],
  }));
}

export async function authenticationOptions(
  ctx: RelyingPartyContext,
  request: AuthenticationOptionsRequest,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const kind = request.kind ?? 'passkey';
  let userId: string | null = null;
  let allow: { id: string; transports: string[] }[] = [];
  if (request.username !== undefined) {
    let username: string | undefined;
    try {
      username = normalizeUsername(request.username);
    } catch {
      username = request.username.normalize('NFKC').trim().toLowerCase();
    }
    const user = await ctx.store.users.findByUsername(username);
    // The same queries whether or not the user exists.
    const credentials = await ctx.store.credentials.listByUser(user?.id ?? '', kind);
    userId = user?.id ?? null;
    allow = credentials.map((c) => ({ id: c.id, transports: JSON.parse(c.transports) as string[] }));
    if (allow.length === 0) allow = fakeAllowCredentials(ctx, username);
  }
  const challenge = await issueChallenge(ctx, { ceremony: 'authentication', kind, userId });
  return generateAuthenticationOptions({
    rpId: ctx.config.rpId,
    challenge,
    allowCredentials: allow,
    // Passkey sign-in verifies the user; Credential Manager forces "discouraged" for restore keys.
    userVerification: kind === 'restore' ? 'discouraged' : 'required',
    timeout: ctx.config.challengeTtlMs,
  });
}

export interface AuthenticationResult {
  user: PublicUser;
  session: StartedSession;
  credential: { id: string; kind: CredentialKind };
  allAcceptedCredentials: AllAcceptedCredentialsSignal;
}

export async function verifyAuthenticationResponse(
  ctx: RelyingPartyContext,
  response: AuthenticationResponseJSON,
): Promise<AuthenticationResult> {
  const row = await consumeChallenge(ctx, challengeOf(response), 'authentication');
  const unknown = () =>
    new ServerError('unknown_credential', 'this credential is not registered here', {
      unknownCredential: { rpId: ctx.config.rpId, credentialId: response.id },
    });
  // §7.2 step 6: identify the credential being used
  let credential = await ctx.store.credentials.findById(response.id);
  if (
    credential?.kind === 'restore' &&
    (credential.last_used_at ?? credential.created_at) < restoreCutoff(ctx)
  ) {
    await ctx.store.credentials.deleteById(credential.id);
    credential = undefined;
  }
  if (!credential) throw unknown();
  // §7.2 step 5: with allowCredentials (username-first), the credential must belong to the named user
  if (row.user_id !== null && credential.user_id !== row.user_id) {
    throw new WebAuthnError(
      'credential_id_mismatch',
      'the credential is not one of those allowed for this sign-in',
    );
  }
  const { authenticationInfo: info } = await verifyAuthenticationAsync({
    response,
    expected: {
      challenge: row.challenge,
      origins: ctx.origins,
      rpId: ctx.config.rpId,
      // §7.2 step 17: passkeys need UV; restore keys are created and used with "discouraged"
      requireUserVerification: credential.kind === 'passkey',
    },
    credential: {
      id: credential.id,
      publicKey: Buffer.from(credential.public_key, 'base64url'),
      counter: credential.counter,
      backupEligible: credential.backup_eligible === 1,
      userHandle: credential.user_id,
    },
  });
  const now = ctx.now();
  // §7.2 steps 21-23: store the new counter, backup state and use time
  await ctx.store.credentials.recordUse(credential.id, info.newCounter, info.backedUp, now);
  const user = await ctx.store.users.findById(credential.user_id);
  if (!user) throw unknown();
  return {
    user: publicUser(user),
    session: await startSession(ctx, user.id),
    credential: { id: credential.id, kind: credential.kind },
    allAcceptedCredentials: await allAcceptedCredentials(ctx, user.id),
  };
}
