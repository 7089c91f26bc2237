// Authentication ceremonies (§7.2): discoverable and username-first sign-in with passkeys, silent sign-in with
// restore keys. No user enumeration: an unknown username gets options shaped like a known one's.
import { createHmac } from 'node:crypto';
import {
  challengeOf,
  generateAuthenticationOptions,
  verifyAuthentication,
  WebAuthnError,
  isWebAuthnError,
  type CredentialRecord,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@credkit/webauthn';
import type { RelyingPartyContext, PublicUser } from './context.js';
import { publicUser, restoreCutoff } from './context.js';
import { ServerError } from './errors.js';
import {
  issueChallenge,
  challengeNotFound,
  namesUser,
  openChallenge,
  requiresUserVerification,
  sweepNowAndThen,
} from './challenges.js';
import { acceptedSignal } from './credentials.js';
import { foldUsername } from './usernames.js';
import { newSession, type StartedSession } from './sessions.js';
import type { AllAcceptedCredentialsSignal } from './signals.js';
import type { ChallengeRecord, CredentialKind, SignInStore, StoredCredential, UserRecord } from './stores.js';
import {
  forgetCredential,
  knownCredential,
  rememberCredential,
  type KnownCredential,
} from './known-credentials.js';
import type { AuthenticationOptionsRequest } from '@credkit/browser/api';

export type { AuthenticationOptionsRequest } from '@credkit/browser/api';

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
  let namedUserId: string | undefined;
  let allow: { id: string; transports: string[] }[] = [];
  if (request.username !== undefined) {
    // an invalid username names no account: it gets decoys like any unknown one
    const username = foldUsername(request.username);
    const user = await ctx.store.users.findByUsername(username);
    // The same queries whether or not the user exists.
    const credentials = await ctx.store.credentials.listByUser(user?.id ?? '', kind);
    // an unknown name binds the challenge to no user ('' is nobody's id)
    namedUserId = user?.id ?? '';
    allow = credentials.map((c) => ({ id: c.id, transports: c.transports }));
    if (allow.length === 0) allow = fakeAllowCredentials(ctx, username);
  }
  const challenge = issueChallenge(ctx, { ceremony: 'authentication', kind, namedUserId });
  return generateAuthenticationOptions({
    rpId: ctx.config.rpId,
    challenge,
    allowCredentials: allow,
    // Passkey sign-in verifies the user; Credential Manager forces "discouraged" for restore keys.
    userVerification: kind === 'restore' ? 'discouraged' : 'required',
    timeout: ctx.config.challengeTtlMs,
    hints: request.hints,
  });
}

export interface AuthenticationResult {
  user: PublicUser;
  /** credkit's own new session; none when the host app keeps sessions (it starts its own). */
  session?: StartedSession;
  credential: { id: string; kind: CredentialKind };
  allAcceptedCredentials: AllAcceptedCredentialsSignal;
}

function expectations(ctx: RelyingPartyContext, challenge: ChallengeRecord, kind: CredentialKind) {
  return {
    challenge: challenge.challenge,
    origins: ctx.origins,
    rpId: ctx.config.rpId,
    // §7.2 step 16: passkeys need UV; restore keys are created and used with "discouraged" (or as the options
    // asked, when the caller chose: the conformance API)
    requireUserVerification: requiresUserVerification(challenge, kind === 'passkey'),
  };
}

/**
 * A username-first sign-in that failed: the answer is what the same response gets against a decoy key (decoy-key.ts)
 * with nothing stored to compare it with (no user handle, backup eligibility or counter). It so depends only on
 * the response and the challenge, never on whether the id named is real, and costs one more signature check, the
 * same for real and decoy ids.
 */
async function usernameFirstFailure(
  ctx: RelyingPartyContext,
  response: AuthenticationResponseJSON,
  challenge: ChallengeRecord,
): Promise<WebAuthnError> {
  try {
    verifyAuthentication({
      response,
      expected: expectations(ctx, challenge, challenge.kind),
      credential: decoyRecord(ctx, response),
    });
  } catch (e) {
    if (isWebAuthnError(e)) return e;
    throw e;
  }
  return badSignature();
}

/** A credential record with the decoy key and nothing else stored. */
function decoyRecord(ctx: RelyingPartyContext, response: AuthenticationResponseJSON): CredentialRecord {
  return {
    id: typeof response.id === 'string' ? response.id : '',
    publicKey: ctx.decoyPublicKey,
    counter: 0,
  };
}

const badSignature = () =>
  new WebAuthnError('bad_signature', 'the assertion signature does not verify with the stored public key');

/** The record the core checks an assertion against: the stored key, counter, backup eligibility and owner. */
function credentialRecord(ctx: RelyingPartyContext, credential: StoredCredential): CredentialRecord {
  return {
    id: credential.id,
    publicKey: credential.publicKey,
    counter: credential.counter,
    backupEligible: credential.backupEligible,
    userHandle: ctx.userHandle(credential.userId),
  };
}

/**
 * Verifies a sign-in: route → here → core → store, each once. The challenge is opened (no I/O); a discoverable
 * sign-in with a credential this process has seen verifies first and leaves the rest to one store step
 * (signInKnown); any other spends the challenge and reads the credential with its owner and the owner's accepted
 * ids in one step (SignInStore.begin), verifies, and records the use and credkit's new session in one more
 * (SignInStore.finish).
 */
export async function verifyAuthenticationResponse(
  ctx: RelyingPartyContext,
  response: AuthenticationResponseJSON,
): Promise<AuthenticationResult> {
  return verifyAssertion(ctx, response, 'product');
}

/**
 * The same verification and counter update, without starting a session: the FIDO conformance API, whose
 * assertion result answers only whether the assertion was accepted.
 */
export async function verifyAssertionWithoutSession(
  ctx: RelyingPartyContext,
  response: AuthenticationResponseJSON,
): Promise<Omit<AuthenticationResult, 'session'>> {
  return verifyAssertion(ctx, response, 'conformance');
}

/**
 * Which options route issued the challenge an assertion may answer: the product's (the ceremony's own UV rule) or
 * the conformance API's (the client chose the UV requirement, kept with the challenge). Each answers only its own,
 * so a conformance challenge asking no UV never signs anyone in to the product. Only the product starts sessions.
 */
type Issuer = 'product' | 'conformance';

/** credkit's own session for a sign-in of the product (a host app starts its own; the conformance API none). */
const sessionFor = (ctx: RelyingPartyContext, issuer: Issuer, userId: string) =>
  issuer === 'product' && ctx.accounts ? newSession(ctx, userId) : undefined;

const unknownCredential = (ctx: RelyingPartyContext, response: AuthenticationResponseJSON) =>
  new ServerError('unknown_credential', 'this credential is not registered here', {
    unknownCredential: { rpId: ctx.config.rpId, credentialId: response.id },
  });

/**
 * A discoverable sign-in with a credential this process has seen (known-credentials.ts): the assertion is checked
 * against the key kept, before any I/O; then one store step spends the challenge and, if the stored row is still
 * that credential, compare-and-sets its counter and stores the session. A failed check spends the challenge all
 * the same. When the row changed (deleted, an expired restore key, another key under the id) or the counter did
 * not increase, the row read afresh tells which.
 */
async function verifyKnown(
  ctx: RelyingPartyContext,
  response: AuthenticationResponseJSON,
  challenge: ChallengeRecord,
  known: KnownCredential,
  issuer: Issuer,
  store: KeepsKnown,
): Promise<AuthenticationResult> {
  let newCounter: number;
  let backedUp: boolean;
  try {
    // §7.2 steps 5-22 with the key, owner and backup eligibility kept; step 23 (the counter) is the store's
    // compare-and-set with step 24's update, so no stored counter is given here
    ({
      authenticationInfo: { newCounter, backedUp },
    } = verifyAuthentication({
      response,
      expected: expectations(ctx, challenge, known.kind),
      credential: {
        id: known.id,
        publicKey: known.publicKey,
        counter: 0,
        backupEligible: known.backupEligible,
        userHandle: ctx.userHandle(known.userId),
      },
    }));
  } catch (e) {
    // a failed attempt spends the challenge too
    if (!(await ctx.store.challenges.spend(challenge.id, challenge.expiresAt))) throw challengeNotFound();
    throw e;
  }
  const session = sessionFor(ctx, issuer, known.userId);
  const outcome = await store.signInKnown(
    challenge,
    { credentialId: known.id, counter: newCounter, backedUp, usedAt: new Date(ctx.now()) },
    known,
    restoreCutoff(ctx),
    session?.record,
  );
  sweepNowAndThen(ctx);
  if (!outcome.spent) throw challengeNotFound();
  if (!outcome.signedIn) {
    forgetCredential(ctx, known.id);
    const stored = await ctx.store.credentials.findById(known.id);
    const same =
      stored !== undefined &&
      stored.userId === known.userId &&
      stored.kind === known.kind &&
      stored.backupEligible === known.backupEligible &&
      Buffer.from(stored.publicKey).equals(known.publicKey);
    if (!same) throw unknownCredential(ctx, response);
    if (expiredRestoreKey(ctx, stored)) {
      await ctx.store.credentials.deleteById(stored.id);
      throw unknownCredential(ctx, response);
    }
    throw new WebAuthnError('counter_regression', 'the signature counter did not increase');
  }
  return signedIn(ctx, known, outcome.signedIn.user, outcome.signedIn.acceptedIds, session);
}

/** A sign-in's result: the user, credkit's session (if it started one), the credential and the accepted ids. */
function signedIn(
  ctx: RelyingPartyContext,
  credential: { id: string; kind: CredentialKind; userId: string },
  user: UserRecord,
  acceptedIds: string[],
  session: ReturnType<typeof sessionFor>,
): AuthenticationResult {
  return {
    user: publicUser(user),
    ...(session ? { session: session.started } : {}),
    credential: { id: credential.id, kind: credential.kind },
    allAcceptedCredentials: acceptedSignal(ctx, credential.userId, acceptedIds),
  };
}

/** A sign-in store that does a sign-in with a credential seen before in one step. */
type KeepsKnown = SignInStore & Required<Pick<SignInStore, 'signInKnown'>>;
const keepsKnown = (store: SignInStore): store is KeepsKnown => store.signInKnown !== undefined;

/** A restore key unused (and not created) since the cutoff: gone, removed when met. */
const expiredRestoreKey = (ctx: RelyingPartyContext, credential: StoredCredential) =>
  credential.kind === 'restore' &&
  (credential.lastUsedAt ?? credential.createdAt).getTime() < restoreCutoff(ctx).getTime();

async function verifyAssertion(
  ctx: RelyingPartyContext,
  response: AuthenticationResponseJSON,
  issuer: Issuer,
): Promise<AuthenticationResult> {
  const credentialId = typeof response.id === 'string' ? response.id : '';
  // the challenge clientDataJSON echoes (§7.2 steps 8-9: the core parses it once, for this and the checks):
  // one this server issued for a sign-in, unexpired, spent here and by nobody before
  const challenge = openChallenge(ctx, challengeOf(response), 'authentication');
  // each API answers only its own challenges: a conformance challenge (the client chose UV) never signs anyone in
  // to the product, nor a product challenge at the conformance API
  if (challenge.conformance !== (issuer === 'conformance')) throw challengeNotFound();
  // username-first sign-ins never take this path: a real id kept here would answer faster than a decoy
  const known = challenge.usernameFirst ? undefined : knownCredential(ctx, credentialId);
  const store = ctx.store.signIn;
  if (known && known.kind === challenge.kind && keepsKnown(store)) {
    return verifyKnown(ctx, response, challenge, known, issuer, store);
  }
  const lookup = await store.begin(challenge, credentialId, restoreCutoff(ctx));
  if (!lookup) throw challengeNotFound();
  sweepNowAndThen(ctx);
  const usernameFirst = challenge.usernameFirst;
  // §7.2 step 6: identify the credential being used (an expired restore key is gone: removed when met)
  let { credential } = lookup;
  if (credential && expiredRestoreKey(ctx, credential)) {
    await ctx.store.credentials.deleteById(credential.id);
    credential = undefined;
  }
  const user = credential && lookup.user;
  // §7.2 step 5: the credential is of the kind asked for and, username-first, one of the named user's
  // (allowCredentials); a passkey never answers a restore-key sign-in, nor a restore key a passkey sign-in
  const chosen =
    credential !== undefined &&
    user !== undefined &&
    credential.kind === challenge.kind &&
    (!usernameFirst || namesUser(ctx, challenge, credential.userId))
      ? credential
      : undefined;
  if (!usernameFirst && (!credential || !user)) throw unknownCredential(ctx, response);
  if (!usernameFirst && !chosen) {
    throw new WebAuthnError(
      'credential_id_mismatch',
      'the credential is not of the kind this sign-in asked for',
    );
  }
  let newCounter: number;
  let backedUp: boolean;
  try {
    // username-first with an id that is not allowed: the same check against the decoy key, the same cost
    // on this thread: the check (about 50 µs for ES256) costs less than a hop to libuv's threadpool and back, and
    // WORKERS puts every core to use
    const { authenticationInfo } = verifyAuthentication({
      response,
      expected: expectations(ctx, challenge, chosen ? chosen.kind : challenge.kind),
      credential: chosen ? credentialRecord(ctx, chosen) : decoyRecord(ctx, response),
    });
    if (!chosen) throw badSignature(); // nothing verifies against the decoy key
    ({ newCounter, backedUp } = authenticationInfo);
  } catch (e) {
    // username-first: a real id, a decoy and another account's id fail alike; a counter regression needs a valid
    // signature, so only the key's holder ever sees it
    if (!usernameFirst || (isWebAuthnError(e) && e.code === 'counter_regression')) throw e;
    throw await usernameFirstFailure(ctx, response, challenge);
  }
  // §7.2 step 24: store the new counter, backup state and use time, if no concurrent sign-in stored one first;
  // and with it the session
  const session = sessionFor(ctx, issuer, chosen.userId);
  const recorded = await store.finish(
    { credentialId: chosen.id, counter: newCounter, backedUp, usedAt: new Date(ctx.now()) },
    session?.record,
  );
  if (!recorded) throw new WebAuthnError('counter_regression', 'the signature counter did not increase');
  // the next discoverable sign-in with it verifies before any I/O
  if (!usernameFirst) rememberCredential(ctx, chosen);
  return signedIn(ctx, chosen, user!, lookup.acceptedIds, session);
}
