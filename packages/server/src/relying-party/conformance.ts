// The ceremonies behind the FIDO Alliance's conformance API ("FIDO2: Server Requirements and Transport Binding
// Profile"): no session, the username in the options request names the user (created on first registration), and
// the client chooses user verification, resident key, attestation conveyance and extensions per ceremony. The
// verification is the relying party's own (registration.ts, authentication.ts), with its strictness.
import {
  challengeOf,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  DEFAULT_OPTION_ALGORITHMS,
  type AuthenticationResponseJSON,
  type AuthenticatorSelectionCriteria,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  type ResidentKeyRequirement,
  type AttestationConveyancePreference,
  type UserVerificationRequirement,
} from '@credkit/webauthn';
import { ownAccounts, type RelyingPartyContext } from './context.js';
import { ServerError } from './errors.js';
import { challengeNotFound, issueChallenge, openChallenge, spendChallenge } from './challenges.js';
import { randomToken } from './random.js';
import { checkedCredential, storeCredential, type RegistrationResult } from './registration.js';
import { verifyAssertionWithoutSession, type AuthenticationResult } from './authentication.js';
import { foldUsername, normalizeDisplayName, normalizeUsername } from './usernames.js';
import type { UserRecord } from './stores.js';

/**
 * What the conformance API offers and accepts: every algorithm the core verifies by default except ML-DSA
 * (ES256, EdDSA, ES384, ES512, PS256, RS256, PS384, PS512, RS384, RS512, Ed448), as certification exercises them.
 */
export const CONFORMANCE_ALGORITHMS: readonly number[] = DEFAULT_OPTION_ALGORITHMS;

/** ServerPublicKeyCredentialCreationOptionsRequest. */
export interface ConformanceCreationRequest {
  username: string;
  displayName: string;
  authenticatorSelection?: AuthenticatorSelectionCriteria;
  attestation?: AttestationConveyancePreference;
  extensions?: Record<string, unknown>;
}

/** ServerPublicKeyCredentialGetOptionsRequest; an empty or absent username asks for a discoverable sign-in. */
export interface ConformanceGetRequest {
  username?: string;
  userVerification?: UserVerificationRequirement;
  extensions?: Record<string, unknown>;
}

/** The user named, created (passwordless) when the username is new. */
async function userNamed(
  ctx: RelyingPartyContext,
  username: string,
  displayName: string,
): Promise<UserRecord> {
  const name = normalizeUsername(username);
  const users = ownAccounts(ctx).users;
  const existing = await users.findByUsername(name);
  if (existing) return existing;
  const user: UserRecord = {
    id: randomToken(32),
    username: name,
    displayName: normalizeDisplayName(displayName),
    hasPassword: false,
    passwordHash: null,
    createdAt: new Date(ctx.now()),
  };
  if (await users.insert(user)) return user;
  // a concurrent request created it first
  const created = await users.findByUsername(name);
  if (!created) throw new ServerError('username_taken', 'that username is taken');
  return created;
}

/** WebAuthn's default: residentKey, else requireResidentKey true means "required", else "discouraged". */
function residentKeyOf(selection: AuthenticatorSelectionCriteria | undefined): ResidentKeyRequirement {
  return selection?.residentKey ?? (selection?.requireResidentKey === true ? 'required' : 'discouraged');
}

/** POST /attestation/options: creation options for the named user, as the request asks. */
export async function conformanceRegistrationOptions(
  ctx: RelyingPartyContext,
  request: ConformanceCreationRequest,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const displayName = normalizeDisplayName(request.displayName);
  const user = await userNamed(ctx, request.username, displayName);
  const userVerification = request.authenticatorSelection?.userVerification ?? 'preferred';
  const exclude = await ctx.store.credentials.listByUser(user.id, 'passkey');
  const challenge = issueChallenge(ctx, {
    ceremony: 'registration',
    kind: 'passkey',
    // no session: the challenge names its user, and only the conformance result route spends it
    userId: user.id,
    conformance: true,
    userVerification,
  });
  return generateRegistrationOptions({
    rpName: ctx.config.rpName,
    rpId: ctx.config.rpId,
    userName: user.username,
    userDisplayName: user.displayName,
    userId: ctx.userHandle(user.id),
    challenge,
    excludeCredentials: exclude.map((c) => ({ id: c.id, transports: c.transports })),
    authenticatorSelection: {
      ...request.authenticatorSelection,
      residentKey: residentKeyOf(request.authenticatorSelection),
      userVerification,
    },
    attestation: request.attestation ?? 'none',
    algorithms: CONFORMANCE_ALGORITHMS,
    extensions: request.extensions ?? { credProps: true },
    timeout: ctx.config.challengeTtlMs,
  });
}

/** POST /attestation/result: §7.1 for a challenge issued by conformanceRegistrationOptions. */
export async function verifyConformanceRegistration(
  ctx: RelyingPartyContext,
  response: RegistrationResponseJSON,
): Promise<RegistrationResult> {
  const challenge = openChallenge(ctx, challengeOf(response), 'registration');
  if (!challenge.conformance || challenge.userId === null) throw challengeNotFound();
  await spendChallenge(ctx, challenge);
  const user = await ctx.store.users.findById(challenge.userId);
  if (!user) throw new ServerError('challenge_not_found', 'the challenge was issued to no user that exists');
  return storeCredential(ctx, checkedCredential(ctx, user.id, challenge, response, CONFORMANCE_ALGORITHMS));
}

/** POST /assertion/options: the named user's passkeys in allowCredentials, or a discoverable sign-in. */
export async function conformanceAuthenticationOptions(
  ctx: RelyingPartyContext,
  request: ConformanceGetRequest,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const userVerification = request.userVerification ?? 'preferred';
  const username = request.username ?? '';
  let user: UserRecord | undefined;
  let allow: { id: string; transports: string[] }[] = [];
  if (username !== '') {
    // This API says which usernames exist (it is a test API; the product's options never do: decoys).
    user = await ctx.store.users.findByUsername(foldUsername(username));
    if (!user) throw new ServerError('not_found', 'no user has that username');
    allow = (await ctx.store.credentials.listByUser(user.id, 'passkey')).map((c) => ({
      id: c.id,
      transports: c.transports,
    }));
    if (allow.length === 0) throw new ServerError('not_found', 'that user has no passkeys');
  }
  const challenge = issueChallenge(ctx, {
    ceremony: 'authentication',
    kind: 'passkey',
    ...(user ? { namedUserId: user.id } : {}),
    conformance: true,
    userVerification,
  });
  return generateAuthenticationOptions({
    rpId: ctx.config.rpId,
    challenge,
    allowCredentials: allow,
    userVerification,
    timeout: ctx.config.challengeTtlMs,
    ...(request.extensions ? { extensions: request.extensions } : {}),
  });
}

/** POST /assertion/result: §7.2 and the counter update, without a session. */
export async function verifyConformanceAuthentication(
  ctx: RelyingPartyContext,
  response: AuthenticationResponseJSON,
): Promise<Omit<AuthenticationResult, 'session'>> {
  return verifyAssertionWithoutSession(ctx, response);
}
