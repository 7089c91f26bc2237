// Registration ceremonies (§7.1) for passkeys and restore keys, for a signed-in user.
import {
  challengeOf,
  generateRegistrationOptions,
  verifyRegistration,
  type RegistrationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
} from '@credkit/webauthn';
import type { RelyingPartyContext } from './context.js';
import { currentMetadata, restoreCutoff } from './context.js';
import { ServerError } from './errors.js';
import {
  challengeNotFound,
  issueChallenge,
  openChallenge,
  requiresUserVerification,
  spendChallenge,
  sweepNowAndThen,
} from './challenges.js';
import {
  acceptedSignal,
  allAcceptedCredentials,
  credentialSummary,
  type CredentialSummary,
} from './credentials.js';
import { providerName } from './aaguids.js';
import type { AllAcceptedCredentialsSignal } from './signals.js';
import { confirmClaim, unauthenticated, type Requester, type SessionClaim } from './sessions.js';
import type { RegistrationOptionsRequest as ApiRegistrationOptionsRequest } from '@credkit/browser/api';
import type { ChallengeRecord, CredentialKind, StoredCredential } from './stores.js';

/** EdDSA, ES256, RS256: what passkey providers and Credential Manager use, in preference order. */
export const REGISTRATION_ALGORITHMS: readonly number[] = [-8, -7, -257];

/** The API's RegistrationOptionsRequest with its kind decided (the route defaults it to a passkey). */
export type RegistrationOptionsRequest = ApiRegistrationOptionsRequest & { kind: CredentialKind };

export async function registrationOptions(
  ctx: RelyingPartyContext,
  requester: Requester,
  request: RegistrationOptionsRequest,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { user } = requester;
  if (request.kind === 'restore' && !request.deviceId) {
    throw new ServerError('malformed_request', 'a restore key registration names its deviceId');
  }
  if (request.kind === 'restore' && request.residentKey !== undefined && request.residentKey !== 'required') {
    throw new ServerError('malformed_request', 'a restore key is always a discoverable credential');
  }
  const conditional = request.kind === 'passkey' && request.conditional === true;
  if (conditional && !(await requester.takeUpgrade())) {
    throw new ServerError(
      'conditional_create_not_allowed',
      'conditional create is only offered once, right after a password sign-in',
    );
  }
  // Restore keys replace the device's previous one, so only passkeys are excluded (read with the session when
  // its lookup could).
  const exclude =
    request.kind === 'passkey'
      ? (requester.passkeys ?? (await ctx.store.credentials.listByUser(user.id, 'passkey')))
      : [];
  const challenge = issueChallenge(ctx, {
    ceremony: 'registration',
    kind: request.kind,
    deviceId: request.kind === 'restore' ? request.deviceId : null,
    conditional,
    sessionId: requester.sessionId,
    userId: user.id,
  });
  return generateRegistrationOptions({
    rpName: ctx.config.rpName,
    rpId: ctx.config.rpId,
    userName: user.username,
    userDisplayName: user.displayName,
    userId: ctx.userHandle(user.id),
    challenge,
    excludeCredentials: exclude.map((c) => ({ id: c.id, transports: c.transports })),
    residentKey: request.kind === 'passkey' ? (request.residentKey ?? 'required') : 'required',
    algorithms: REGISTRATION_ALGORITHMS,
    // Credential Manager forces "discouraged" for restore keys; a conditional create may not verify the user.
    userVerification: request.kind === 'restore' ? 'discouraged' : conditional ? 'preferred' : 'required',
    timeout: ctx.config.challengeTtlMs,
    hints: request.hints,
    // §5.4.7: with a policy requiring attestation, ask for the authenticator's own statement (security keys
    // give it, passkey providers mostly do not); otherwise none
    ...(request.kind === 'passkey' && requiresAttestation(ctx) ? { attestation: 'direct' as const } : {}),
  });
}

/** The server's policy asks passkey registrations for an attestation chain checked against the MDS BLOB. */
export function requiresAttestation(ctx: RelyingPartyContext): boolean {
  return ctx.attestation !== undefined && ctx.attestation.policy.requireAttestation !== false;
}

export interface RegistrationResult {
  credential: CredentialSummary;
  allAcceptedCredentials: AllAcceptedCredentialsSignal;
}

/**
 * Verifies a registration in the live session that asked for its options (no other session may spend them), for
 * the user they were for. `asking`: the session looked up (a Requester), or credkit's own claimed by its token (a
 * passkey is then stored only while that session is live and its user's, in the store's one step).
 */
export async function verifyRegistrationResponse(
  ctx: RelyingPartyContext,
  asking: Requester | SessionClaim,
  response: RegistrationResponseJSON,
): Promise<RegistrationResult> {
  if ('user' in asking) {
    return registerForRequester(
      ctx,
      asking,
      openRegistrationChallenge(ctx, response, asking.sessionId),
      response,
    );
  }
  let challenge: ChallengeRecord;
  try {
    challenge = openRegistrationChallenge(ctx, response, asking.sessionId);
    // a passkey for the user the challenge names, in the store's one step, which checks the session as it stores
    if (challenge.userId !== null && oneStepStore(ctx, challenge)) {
      return await registerCredential(
        ctx,
        challenge.userId,
        challenge,
        response,
        REGISTRATION_ALGORITHMS,
        asking,
      );
    }
  } catch (e) {
    // whatever failed, a session that is not live answers unauthenticated, as looking it up first would have
    if (!(await confirmClaim(ctx, asking))) throw unauthenticated();
    throw e;
  }
  // a restore key, a store without the one step, an older challenge: the session looked up first
  const requester = await confirmClaim(ctx, asking);
  if (!requester) throw unauthenticated();
  return registerForRequester(ctx, requester, challenge, response);
}

/** A registration by a looked-up requester under its opened challenge. */
function registerForRequester(
  ctx: RelyingPartyContext,
  requester: Requester,
  challenge: ChallengeRecord,
  response: RegistrationResponseJSON,
): Promise<RegistrationResult> {
  // the user the options were for (a challenge issued before challenges named one: the session's)
  if (challenge.userId !== null && challenge.userId !== requester.user.id) throw challengeNotFound();
  return registerCredential(ctx, requester.user.id, challenge, response, REGISTRATION_ALGORITHMS);
}

/** The store that registers a passkey in one step (RegistrationStore), when it has one and this is a passkey. */
const oneStepStore = (ctx: RelyingPartyContext, challenge: ChallengeRecord) =>
  challenge.kind === 'passkey' ? ctx.store.registration : undefined;

/**
 * The challenge clientDataJSON echoes (§7.1 steps 5-6: the core parses it once, for this and the checks): one this
 * server issued to this session for a registration, unexpired (spent later, by nobody before).
 */
function openRegistrationChallenge(
  ctx: RelyingPartyContext,
  response: RegistrationResponseJSON,
  sessionId: string,
): ChallengeRecord {
  const challenge = openChallenge(ctx, challengeOf(response), 'registration', sessionId);
  if (challenge.conformance) throw challengeNotFound();
  return challenge;
}

/**
 * §7.1 for an opened challenge: spends it, verifies the response and stores the new credential for `userId`.
 * `algorithms` are those the options offered (§7.1 step 19). A passkey, with a store that registers in one step
 * (RegistrationStore), is checked first and then spent, stored and answered with the accepted ids in that step
 * (with `session`, only while that claimed session is live and the user's); a response that fails its checks
 * spends the challenge all the same, so either way a challenge serves one attempt.
 */
async function registerCredential(
  ctx: RelyingPartyContext,
  userId: string,
  challenge: ChallengeRecord,
  response: RegistrationResponseJSON,
  algorithms: readonly number[],
  session?: SessionClaim,
): Promise<RegistrationResult> {
  const oneStep = oneStepStore(ctx, challenge);
  if (!oneStep) {
    if (session) throw new Error('a claimed session is confirmed only by a one-step registration');
    await spendChallenge(ctx, challenge);
    return storeCredential(ctx, checkedCredential(ctx, userId, challenge, response, algorithms));
  }
  let credential: StoredCredential;
  try {
    credential = checkedCredential(ctx, userId, challenge, response, algorithms);
  } catch (e) {
    // spent already: challenge_not_found, as spending first would have answered
    await spendChallenge(ctx, challenge);
    throw e;
  }
  const { spent, stored, acceptedIds } = await oneStep.registerPasskey(
    challenge,
    credential,
    restoreCutoff(ctx),
    session && { id: session.sessionId, now: new Date(ctx.now()) },
  );
  if (!spent) throw challengeNotFound();
  sweepNowAndThen(ctx);
  // §7.1 step 26: a credential ID registered before is refused.
  if (!stored) throw credentialExists();
  return {
    credential: credentialSummary(credential),
    allAcceptedCredentials: acceptedSignal(ctx, userId, acceptedIds),
  };
}

const credentialExists = () => new ServerError('credential_exists', 'this credential is already registered');

/**
 * §7.1 steps 7-25 for a registration of `userId` under `challenge`: the response verified (the core), and the
 * credential record it makes (§7.1 step 27). `algorithms` are those the options offered (§7.1 step 19).
 */
export function checkedCredential(
  ctx: RelyingPartyContext,
  userId: string,
  challenge: ChallengeRecord,
  response: RegistrationResponseJSON,
  algorithms: readonly number[],
): StoredCredential {
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
      // §7.1 steps 23-24 against the FIDO MDS BLOB and the policy, for passkeys (restore keys stay on the device
      // that made them and are never attested): the core's checks, metadata_* and attestation codes
      ...(passkey && ctx.attestation
        ? {
            metadata: ctx.attestation.metadata(),
            attestationPolicy: ctx.attestation.policy,
            now: new Date(ctx.now()),
          }
        : {}),
    },
  });
  // what the metadata vouches for: only an authenticator whose chain ended at its statement's roots
  const attested = info.authenticator?.attested ? info.authenticator : undefined;
  // §7.1 step 27: the new credential record
  return {
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
    name:
      attested?.name ??
      providerName(info.aaguid, currentMetadata(ctx)) ??
      (passkey ? 'Passkey' : 'Restore key'),
    createdAt: new Date(ctx.now()),
    lastUsedAt: null,
    ...(attested?.name ? { authenticatorName: attested.name } : {}),
    ...(attested?.name && attested.certificationLevel
      ? { certificationLevel: attested.certificationLevel }
      : {}),
  };
}

/** Stores a checked credential under a spent challenge (a restore key in place of the device's previous one). */
export async function storeCredential(
  ctx: RelyingPartyContext,
  credential: StoredCredential,
): Promise<RegistrationResult> {
  const stored =
    credential.kind === 'passkey'
      ? await ctx.store.credentials.insert(credential)
      : await ctx.store.credentials.replaceRestoreKey(credential);
  // §7.1 step 26: a credential ID registered before is refused.
  if (!stored) throw credentialExists();
  return {
    credential: credentialSummary(credential),
    allAcceptedCredentials: await allAcceptedCredentials(ctx, credential.userId),
  };
}
