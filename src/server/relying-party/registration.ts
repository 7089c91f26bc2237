// Registration ceremonies (§7.1) for passkeys and restore keys, for a signed-in user.
import {
  challengeOf,
  generateRegistrationOptions,
  verifyRegistration,
  type RegistrationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type ResidentKeyRequirement,
  type PublicKeyCredentialHint,
} from '../../webauthn/index.js';
import type { RelyingPartyContext } from './context.js';
import { ServerError } from './errors.js';
import { issueChallenge, consumeChallenge, requiresUserVerification } from './challenges.js';
import { allAcceptedCredentials, credentialSummary, type CredentialSummary } from './credentials.js';
import { providerName } from './aaguids.js';
import type { AllAcceptedCredentialsSignal } from './signals.js';
import type { ActiveSession } from './sessions.js';
import type { ChallengeRecord, CredentialKind, StoredCredential } from './stores.js';

/** EdDSA, ES256, RS256: what passkey providers and Credential Manager use, in preference order. */
export const REGISTRATION_ALGORITHMS: readonly number[] = [-8, -7, -257];

export interface RegistrationOptionsRequest {
  kind: CredentialKind;
  /** Restore keys: the device creating it (one restore key per user per device). */
  deviceId?: string;
  /** Conditional create (automatic passkey upgrade) right after a password sign-in. */
  conditional?: boolean;
  /**
   * Passkeys only: "preferred" or "discouraged" lets a security key without resident-key storage hold a
   * non-discoverable credential (usable username-first). Default "required"; restore keys are always discoverable.
   */
  residentKey?: ResidentKeyRequirement;
  /** WebAuthn L3 hints for the client's UI (e.g. ["security-key"] for "Add a security key"), passed through. */
  hints?: PublicKeyCredentialHint[];
}

export async function registrationOptions(
  ctx: RelyingPartyContext,
  active: ActiveSession,
  request: RegistrationOptionsRequest,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { user, session } = active;
  if (request.kind === 'restore' && !request.deviceId) {
    throw new ServerError('malformed_request', 'a restore key registration names its deviceId');
  }
  if (request.kind === 'restore' && request.residentKey !== undefined && request.residentKey !== 'required') {
    throw new ServerError('malformed_request', 'a restore key is always a discoverable credential');
  }
  const conditional = request.kind === 'passkey' && request.conditional === true;
  if (conditional && !(await ctx.store.sessions.takeUpgradeEligibility(session.id))) {
    throw new ServerError(
      'conditional_create_not_allowed',
      'conditional create is only offered once, right after a password sign-in',
    );
  }
  // Restore keys replace the device's previous one, so only passkeys are excluded.
  const exclude =
    request.kind === 'passkey' ? await ctx.store.credentials.listByUser(user.id, 'passkey') : [];
  const challenge = await issueChallenge(ctx, {
    ceremony: 'registration',
    kind: request.kind,
    userId: user.id,
    deviceId: request.kind === 'restore' ? request.deviceId : null,
    conditional,
    sessionId: session.id,
  });
  return generateRegistrationOptions({
    rpName: ctx.config.rpName,
    rpId: ctx.config.rpId,
    userName: user.username,
    userDisplayName: user.displayName,
    userId: user.id,
    challenge,
    excludeCredentials: exclude.map((c) => ({ id: c.id, transports: c.transports })),
    residentKey: request.kind === 'passkey' ? (request.residentKey ?? 'required') : 'required',
    algorithms: REGISTRATION_ALGORITHMS,
    // Credential Manager forces "discouraged" for restore keys; a conditional create may not verify the user.
    userVerification: request.kind === 'restore' ? 'discouraged' : conditional ? 'preferred' : 'required',
    timeout: ctx.config.challengeTtlMs,
    hints: request.hints,
  });
}

export interface RegistrationResult {
  credential: CredentialSummary;
  allAcceptedCredentials: AllAcceptedCredentialsSignal;
}

/** Verifies a registration in the live session that asked for its options (no other session may spend them). */
export async function verifyRegistrationResponse(
  ctx: RelyingPartyContext,
  active: ActiveSession,
  response: RegistrationResponseJSON,
): Promise<RegistrationResult> {
  // the challenge clientDataJSON echoes (§7.1 steps 5-6: the core parses it once, for this and the checks)
  const challenge = await consumeChallenge(ctx, challengeOf(response), 'registration', active.session.id);
  return registerCredential(ctx, active.user.id, challenge, response, REGISTRATION_ALGORITHMS);
}

/**
 * §7.1 for a consumed challenge: verifies the response and stores the new credential for `userId`. `algorithms`
 * are those the options offered (§7.1 step 19).
 */
export async function registerCredential(
  ctx: RelyingPartyContext,
  userId: string,
  challenge: ChallengeRecord,
  response: RegistrationResponseJSON,
  algorithms: readonly number[],
): Promise<RegistrationResult> {
  const passkey = challenge.kind === 'passkey';
  const { conditional } = challenge;
  const { registrationInfo: info } = verifyRegistration({
    response,
    expected: {
      challenge: challenge.challenge,
      origins: ctx.origins,
      rpId: ctx.config.rpId,
      // §7.1 step 19: the algorithm is one of those offered
      algorithms,
      // §7.1 step 15: UV only for passkeys made with a prompt; restore keys and conditional creates skip it (or
      // as the options asked, when the caller chose)
      requireUserVerification: requiresUserVerification(challenge, passkey && !conditional),
      // §7.1 step 14: conditional create may leave UP unset.
      conditionalCreate: conditional,
    },
  });
  // §7.1 step 27: the new credential record
  const credential: StoredCredential = {
    id: info.credential.id,
    userId,
    kind: challenge.kind,
    deviceId: challenge.deviceId,
    publicKey: info.credential.publicKey,
    algorithm: info.credential.algorithm,
    counter: info.credential.counter,
    transports: info.credential.transports,
    aaguid: info.aaguid,
    backupEligible: info.backupEligible,
    backedUp: info.backedUp,
    userVerified: info.userVerified,
    attestationFormat: info.fmt,
    name: providerName(info.aaguid) ?? (passkey ? 'Passkey' : 'Restore key'),
    createdAt: new Date(ctx.now()),
    lastUsedAt: null,
  };
  const stored = passkey
    ? await ctx.store.credentials.insert(credential)
    : await ctx.store.credentials.replaceRestoreKey(credential);
  // §7.1 step 26: a credential ID registered before is refused.
  if (!stored) throw new ServerError('credential_exists', 'this credential is already registered');
  return {
    credential: credentialSummary(credential),
    allAcceptedCredentials: await allAcceptedCredentials(ctx, userId),
  };
}
