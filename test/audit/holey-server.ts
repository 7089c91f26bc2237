// A conformance-API relying party for the audit's tests, built on credkit's core (verifyRegistration,
// verifyAuthentication) with an in-memory store, that can be given deliberate holes: each hole turns off exactly
// one thing a relying party must do. With no holes it does them all.
import { randomBytes } from 'node:crypto';
import {
  challengeOf,
  DEFAULT_OPTION_ALGORITHMS,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  parseClientDataJSON,
  RP_ID_NOT_CHECKED,
  verifyAuthenticationAsync,
  verifyRegistration,
  type CommonExpectations,
} from '../../packages/webauthn/src/index.js';
import { asWebAuthnJson, Refusal, startConformanceServer, type RunningServer } from './conformance-shell.js';

export const HOLES = [
  /** clientDataJSON.origin is not checked (§7.1 step 9, §7.2 step 12). */
  'any-origin',
  /** a used challenge is never removed (§7.1 step 8, §7.2 step 11). */
  'keeps-challenges',
  /**
   * a challenge is read, then removed only after the response verified and a (simulated) 50 ms database write:
   * uses that arrive together all pass, one after the other only the first.
   */
  'racy-challenges',
  /** UV is never required (§7.1 step 15, §7.2 step 16). */
  'ignores-uv',
  /** the signature counter is neither compared nor stored (§7.2 step 23). */
  'ignores-counter',
  /** userHandle is not compared with the credential's owner (§7.2 step 6). */
  'ignores-user-handle',
  /** challenges never expire. */
  'no-expiry',
  /** rpIdHash is not checked (§7.1 step 13, §7.2 step 14). */
  'any-rp-id',
  /** clientDataJSON.type is not checked (§7.1 step 7, §7.2 step 10). */
  'any-type',
  /** a credential ID registered already is answered "ok" (§7.1 step 26), as SimpleWebAuthn's example does. */
  'duplicate-ids',
  /** any algorithm the core verifies is accepted, offered or not (§7.1 step 19). */
  'any-algorithm',
] as const;

export type Hole = (typeof HOLES)[number];

/** racy-challenges: the time between reading a challenge and removing it (a database round trip, generously). */
const RACE_WINDOW_MS = 50;

interface User {
  id: string;
  name: string;
  credentials: string[];
}

interface Credential {
  id: string;
  owner: User;
  publicKey: Uint8Array;
  counter: number;
}

interface Pending {
  ceremony: 'registration' | 'authentication';
  user: User | null;
  userVerification: string;
  expiresAt: number;
}

export interface HoleyServerOptions {
  holes?: readonly Hole[];
  origin: string;
  rpId?: string;
  /** The algorithms offered and accepted (default the core's, without ML-DSA). */
  algorithms?: readonly number[];
  /** The timeout the options state and the server enforces (default 60 s). */
  timeoutMs?: number;
  now?: () => number;
}

export async function startHoleyServer(options: HoleyServerOptions): Promise<RunningServer> {
  const holes = new Set(options.holes ?? []);
  const rpId = options.rpId ?? 'localhost';
  const timeout = options.timeoutMs ?? 60_000;
  const now = options.now ?? Date.now;
  const algorithms = options.algorithms ?? DEFAULT_OPTION_ALGORITHMS;
  const users = new Map<string, User>();
  const credentials = new Map<string, Credential>();
  const pending = new Map<string, Pending>();

  /** The origins to expect: the configured one, or (any-origin) whatever the client data says. */
  const origins = (response: { response: { clientDataJSON: string } }) =>
    holes.has('any-origin')
      ? [parseClientDataJSON(Buffer.from(response.response.clientDataJSON, 'base64url')).origin]
      : [options.origin];
  const common = (response: any, challenge: string, p: Pending): CommonExpectations => ({
    challenge,
    origins: origins(response),
    rpId: holes.has('any-rp-id') ? RP_ID_NOT_CHECKED : rpId,
    ...(holes.has('any-type') ? { type: ['webauthn.create', 'webauthn.get'] } : {}),
    requireUserVerification: !holes.has('ignores-uv') && p.userVerification === 'required',
  });

  /** The pending ceremony the response answers: taken now, or (racy) after it verified, or never (keeps). */
  async function take<T>(
    response: any,
    ceremony: Pending['ceremony'],
    verify: (challenge: string, p: Pending) => Promise<T>,
  ): Promise<T> {
    const challenge = challengeOf(response);
    const p = pending.get(challenge);
    if (!p || p.ceremony !== ceremony) throw new Refusal('unknown or used challenge');
    if (!holes.has('keeps-challenges') && !holes.has('racy-challenges')) pending.delete(challenge);
    if (!holes.has('no-expiry') && now() >= p.expiresAt) throw new Refusal('the challenge expired');
    if (holes.has('racy-challenges')) await new Promise((resolve) => setTimeout(resolve, RACE_WINDOW_MS));
    const result = await verify(challenge, p);
    if (holes.has('racy-challenges')) pending.delete(challenge);
    return result;
  }

  const issue = (ceremony: Pending['ceremony'], user: User | null, userVerification: string) => {
    const challenge = randomBytes(32).toString('base64url');
    pending.set(challenge, { ceremony, user, userVerification, expiresAt: now() + timeout });
    return challenge;
  };

  return startConformanceServer({
    async attestationOptions(body) {
      if (typeof body?.username !== 'string' || typeof body?.displayName !== 'string')
        throw new Refusal('username and displayName are required');
      let user = users.get(body.username);
      if (!user) {
        user = { id: randomBytes(16).toString('base64url'), name: body.username, credentials: [] };
        users.set(user.name, user);
      }
      const selection = body.authenticatorSelection ?? {};
      const userVerification = selection.userVerification ?? 'preferred';
      return {
        ...generateRegistrationOptions({
          rpName: 'holey',
          rpId,
          userName: user.name,
          userDisplayName: body.displayName,
          userId: user.id,
          challenge: issue('registration', user, userVerification),
          excludeCredentials: user.credentials.map((id) => ({ id })),
          authenticatorSelection: { ...selection, userVerification },
          residentKey: selection.residentKey ?? (selection.requireResidentKey ? 'required' : 'discouraged'),
          attestation: body.attestation ?? 'none',
          algorithms,
          timeout,
        }),
      };
    },

    async attestationResult(body) {
      const response = asWebAuthnJson(body);
      await take(response, 'registration', async (challenge, p) => {
        const { registrationInfo } = verifyRegistration({
          response,
          expected: {
            ...common(response, challenge, p),
            ...(holes.has('any-algorithm') ? {} : { algorithms }),
          },
        });
        const id = registrationInfo.credential.id;
        if (credentials.has(id)) {
          if (holes.has('duplicate-ids')) return;
          throw new Refusal('the credential is registered already', 409);
        }
        credentials.set(id, {
          id,
          owner: p.user!,
          publicKey: registrationInfo.credential.publicKey,
          counter: registrationInfo.credential.counter,
        });
        p.user!.credentials.push(id);
      });
    },

    async assertionOptions(body) {
      const username = typeof body?.username === 'string' ? body.username : '';
      const user = username === '' ? null : users.get(username);
      if (user === undefined) throw new Refusal('no such user', 404);
      const userVerification = body?.userVerification ?? 'preferred';
      return {
        ...generateAuthenticationOptions({
          rpId,
          challenge: issue('authentication', user, userVerification),
          allowCredentials: (user?.credentials ?? []).map((id) => ({ id })),
          userVerification,
          timeout,
        }),
      };
    },

    async assertionResult(body) {
      const response = asWebAuthnJson(body);
      await take(response, 'authentication', async (challenge, p) => {
        const credential = credentials.get(response.id);
        if (!credential) throw new Refusal('unknown credential', 404);
        if (p.user && credential.owner !== p.user) throw new Refusal('not one of the user’s credentials');
        const { authenticationInfo } = await verifyAuthenticationAsync({
          response,
          expected: common(response, challenge, p),
          credential: {
            id: credential.id,
            publicKey: credential.publicKey,
            counter: holes.has('ignores-counter') ? 0 : credential.counter,
            ...(holes.has('ignores-user-handle') ? {} : { userHandle: credential.owner.id }),
          },
        });
        if (!holes.has('ignores-counter')) credential.counter = authenticationInfo.newCounter;
      });
    },
  });
}
