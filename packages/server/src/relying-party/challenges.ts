// Sealed challenges: what a ceremony's verify step needs to know about its options travels inside the challenge
// itself, authenticated with the server secret, so issuing options writes nothing. Single use is kept by the
// store: the first verify to spend a challenge records it (ChallengeStore.spend) until it expires, and every
// later attempt, in any worker or instance sharing the store, finds it spent.
//
// Layout (bytes, then base64url):
//   0      version (2; 1 is still opened: see spentId)
//   1      flags: 1 registration, 2 restore key, 4 username-first, 8 conditional create, 16 issued by the FIDO
//          conformance API, 32 names its user; bits 6-7 the user verification the caller chose (0 the ceremony's
//          rule, 1 required, 2 preferred, 3 discouraged: the conformance API only)
//   2..7   expiry, milliseconds since the epoch, big-endian
//   8..23  16 random bytes (§13.4.3: at least 16); with the expiry, the id a spent challenge is kept under
//   then   username-first only: 16 bytes, a tag binding the user the options named (a decoy user for an unknown
//          name); then, with flag 32 (registrations: the user they are for), the user id (1 byte length, UTF-8);
//          then, a restore-key registration only, the device id (UTF-8, to the MAC)
//   last16 HMAC-SHA256 over the session it was issued to (registration; its length first) and everything before
//          it, truncated
// The tag hides which user was named (it is a MAC, not the id), so the challenge tells nobody whether a username
// exists; the MAC binds a registration challenge to the session that asked for it and the user it is for, and every
// field to the server.
import { createHmac, createSecretKey, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { RelyingPartyContext } from './context.js';
import { ServerError } from './errors.js';
import type { Ceremony, ChallengeRecord, CredentialKind } from './stores.js';
import type { UserVerificationRequirement } from '@credkit/webauthn';
import { fillRandom } from './random.js';

const VERSION = 2;
/** Challenges issued before spent ids began with the expiry: opened until they expire, under their old ids. */
const VERSION_RANDOM_ID = 1;
const REGISTRATION = 1;
const RESTORE = 2;
const USERNAME_FIRST = 4;
const CONDITIONAL = 8;
const CONFORMANCE = 16;
const NAMES_USER = 32;
const UV_SHIFT = 6;
/** Bits 6-7: none (the ceremony's rule), then these. */
const UV_CHOICES: readonly UserVerificationRequirement[] = ['required', 'preferred', 'discouraged'];
const NONCE = 16;
/** The base64url of NONCE bytes. */
const NONCE_CHARS = 22;
const TAG = 16;
const MAC = 16;
const HEADER = 8;
/** Longest challenge text opened (a restore-key registration with a 128-character device id fits). */
const MAX_CHALLENGE_CHARS = 1024;

/** The key challenges are sealed with, derived from the server secret (one secret, one purpose per key). */
export function challengeKey(secret: Buffer): KeyObject {
  return createSecretKey(
    Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'credkit challenge v1', 32)),
  );
}

export interface ChallengeInput {
  ceremony: Ceremony;
  kind: CredentialKind;
  /** Username-first authentication: the user named, or a decoy id when the username is unknown. */
  namedUserId?: string;
  /** Restore-key registration: the device creating it. */
  deviceId?: string | null;
  conditional?: boolean;
  /** Registration: the session asking; only it may spend the challenge. */
  sessionId?: string | null;
  /** The FIDO conformance API: its challenges are spent only there, and say what UV the caller chose. */
  conformance?: boolean;
  /** The user verification the caller chose for this ceremony (the conformance API); default the ceremony's rule. */
  userVerification?: UserVerificationRequirement;
  /**
   * Registration: the user it is for (with a session, the session's user; the conformance API, which has none, its
   * user). At most 255 bytes.
   */
  userId?: string;
}

/**
 * Whether a ceremony requires UV: as the options asked when the caller chose (the conformance API), else
 * `otherwise` (the ceremony's own rule).
 */
export function requiresUserVerification(challenge: ChallengeRecord, otherwise: boolean): boolean {
  return challenge.userVerification ? challenge.userVerification === 'required' : otherwise;
}

/** The MAC over the session id, length first (so no two sessions and bodies run together alike), then the body. */
function mac(key: KeyObject, bytes: Uint8Array, sessionId: string | null): Buffer {
  const session = Buffer.from(sessionId ?? '', 'utf8');
  const length = Buffer.allocUnsafe(4);
  length.writeUInt32BE(session.length);
  return createHmac('sha256', key).update(length).update(session).update(bytes).digest().subarray(0, MAC);
}

const userTag = (key: KeyObject, nonce: Uint8Array, userId: string) =>
  createHmac('sha256', key).update('user').update(nonce).update(userId).digest().subarray(0, TAG);

/** A fresh challenge for the options of a ceremony (no I/O). */
export function issueChallenge(ctx: RelyingPartyContext, input: ChallengeInput): string {
  const device = input.deviceId ? Buffer.from(input.deviceId, 'utf8') : undefined;
  const subject = input.userId !== undefined ? Buffer.from(input.userId, 'utf8') : undefined;
  if (subject && subject.length > 255) throw new Error('a challenge names a user id of at most 255 bytes');
  const usernameFirst = input.namedUserId !== undefined;
  const body = Buffer.allocUnsafe(
    HEADER + NONCE + (usernameFirst ? TAG : 0) + (subject ? 1 + subject.length : 0) + (device?.length ?? 0),
  );
  body[0] = VERSION;
  body[1] =
    (input.ceremony === 'registration' ? REGISTRATION : 0) |
    (input.kind === 'restore' ? RESTORE : 0) |
    (usernameFirst ? USERNAME_FIRST : 0) |
    (input.conditional ? CONDITIONAL : 0) |
    (input.conformance ? CONFORMANCE : 0) |
    (subject ? NAMES_USER : 0) |
    ((input.userVerification ? UV_CHOICES.indexOf(input.userVerification) + 1 : 0) << UV_SHIFT);
  body.writeUIntBE(ctx.now() + ctx.config.challengeTtlMs, 2, 6);
  const nonce = fillRandom(body, HEADER, NONCE);
  let at = HEADER + NONCE;
  if (usernameFirst) at += userTag(ctx.challengeKey, nonce, input.namedUserId!).copy(body, at);
  if (subject) {
    body[at++] = subject.length;
    at += subject.copy(body, at);
  }
  device?.copy(body, at);
  return Buffer.concat([body, mac(ctx.challengeKey, body, input.sessionId ?? null)]).toString('base64url');
}

export const challengeNotFound = () =>
  new ServerError('challenge_not_found', 'the challenge is unknown or was already used; request new options');

/**
 * Opens a challenge clientDataJSON echoed, for a verify of `ceremony` in session `sessionId` (null: none): one
 * this server issued for that ceremony (and, registration, that session), unexpired. Anything else is
 * challenge_not_found (expired: challenge_expired), and nothing is spent.
 */
export function openChallenge(
  ctx: RelyingPartyContext,
  challenge: string,
  ceremony: Ceremony,
  sessionId: string | null = null,
): ChallengeRecord {
  if (challenge.length > MAX_CHALLENGE_CHARS) throw challengeNotFound();
  const bytes = Buffer.from(challenge, 'base64url');
  // the one encoding issued: Node's decoder skips foreign characters and padding, which would let other texts
  // open as this challenge
  if (
    bytes.length < HEADER + NONCE + MAC ||
    (bytes[0] !== VERSION && bytes[0] !== VERSION_RANDOM_ID) ||
    bytes.toString('base64url') !== challenge
  ) {
    throw challengeNotFound();
  }
  const body = bytes.subarray(0, bytes.length - MAC);
  if (!timingSafeEqual(bytes.subarray(body.length), mac(ctx.challengeKey, body, sessionId))) {
    throw challengeNotFound();
  }
  const flags = body[1]!;
  if ((flags & REGISTRATION ? 'registration' : 'authentication') !== ceremony) throw challengeNotFound();
  const expiresAt = body.readUIntBE(2, 6);
  if (expiresAt <= ctx.now()) {
    throw new ServerError('challenge_expired', 'the challenge expired; request new options');
  }
  const nonce = body.subarray(HEADER, HEADER + NONCE);
  const usernameFirst = (flags & USERNAME_FIRST) !== 0;
  const tagEnd = HEADER + NONCE + (usernameFirst ? TAG : 0);
  let at = tagEnd;
  let userId: string | null = null;
  if (flags & NAMES_USER) {
    const length = body[at] ?? 0;
    userId = body.subarray(at + 1, at + 1 + length).toString('utf8');
    at += 1 + length;
  }
  const uv = (flags >> UV_SHIFT) & 3;
  return {
    challenge,
    id: spentId(bytes[0]!, expiresAt, nonce),
    ceremony,
    kind: flags & RESTORE ? 'restore' : 'passkey',
    deviceId: body.length > at ? body.subarray(at).toString('utf8') : null,
    conditional: (flags & CONDITIONAL) !== 0,
    expiresAt: new Date(expiresAt),
    usernameFirst,
    userTag: usernameFirst ? Buffer.from(body.subarray(HEADER + NONCE, tagEnd)) : null,
    userVerification: uv === 0 ? null : UV_CHOICES[uv - 1]!,
    conformance: (flags & CONFORMANCE) !== 0,
    userId,
  };
}

/**
 * The id a challenge is spent under: its expiry (12 hex digits, which sort as the times do), then its random bytes
 * (base64url). Spends of one moment so share the store's last index page instead of each writing a random one,
 * and a store can sweep by id. A version 1 challenge is spent under its random bytes alone, as it was when
 * issued: a challenge spent before the upgrade stays spent.
 */
function spentId(version: number, expiresAt: number, nonce: Buffer): string {
  const random = nonce.toString('base64url');
  return version === VERSION_RANDOM_ID ? random : expiresAt.toString(16).padStart(12, '0') + random;
}

/** Username-first: whether the options named the user `userId` (in constant time). */
export function namesUser(ctx: RelyingPartyContext, record: ChallengeRecord, userId: string): boolean {
  if (!record.userTag) return false;
  return timingSafeEqual(
    record.userTag,
    // the random bytes: the id's last NONCE_CHARS characters (spentId)
    userTag(ctx.challengeKey, Buffer.from(record.id.slice(-NONCE_CHARS), 'base64url'), userId),
  );
}

/** Spends an opened challenge: exactly one verify gets past this; every other finds it spent. */
export async function spendChallenge(ctx: RelyingPartyContext, record: ChallengeRecord): Promise<void> {
  if (!(await ctx.store.challenges.spend(record.id, record.expiresAt))) throw challengeNotFound();
  sweepNowAndThen(ctx);
}

/** How often a process sweeps expired spent challenges and sessions. */
const SWEEP_INTERVAL_MS = 60_000;
const lastSweep = new WeakMap<RelyingPartyContext, number>();

/**
 * Removes expired spent challenges and sessions at most once a minute per process, off the request's path (the
 * spend that triggers it does not wait), so the cost does not grow with the request rate.
 */
export function sweepNowAndThen(ctx: RelyingPartyContext): void {
  const now = ctx.now();
  if (now - (lastSweep.get(ctx) ?? 0) < SWEEP_INTERVAL_MS) return;
  lastSweep.set(ctx, now);
  const cutoff = new Date(now);
  void Promise.all([
    ctx.store.challenges.deleteExpired(cutoff),
    ctx.accounts?.sessions.deleteExpired(cutoff),
  ]).catch(() => {});
}
