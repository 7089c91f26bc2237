// A relying party built on @simplewebauthn/server 13 speaking the FIDO conformance API, written the way
// SimpleWebAuthn's own example server and conformance routes use the library: users in memory, the pending
// challenge kept on the user (the conformance API has no session: the last options request's username names the
// ceremony, as in SimpleWebAuthn's conformance router), verified with the library's defaults plus the user
// verification the client asked for. Not hardened beyond that: docs/audit.md says what the audit finds here.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type WebAuthnCredential,
} from '@simplewebauthn/server';
import { randomBytes } from 'node:crypto';
import { Refusal, startConformanceServer, type RunningServer } from './conformance-shell.js';

interface User {
  /** The user handle (user.id), base64url. */
  id: string;
  username: string;
  credentials: WebAuthnCredential[];
  currentChallenge?: string;
  currentUserVerification?: string;
}

export async function startSimpleWebAuthnServer(options: {
  origin: string;
  rpId: string;
}): Promise<RunningServer> {
  const { origin, rpId } = options;
  const users = new Map<string, User>();
  /** The anonymous visitor's pending discoverable sign-in. */
  const anonymous: Pick<User, 'currentChallenge' | 'currentUserVerification'> = {};
  /** Who the last options request was for ('' for a discoverable sign-in). */
  let current = '';

  const fail = (e: unknown): never => {
    throw new Refusal(e instanceof Error ? e.message : String(e));
  };

  return startConformanceServer({
    async attestationOptions(body) {
      const { username, displayName, authenticatorSelection, attestation, extensions } = body ?? {};
      if (typeof username !== 'string' || typeof displayName !== 'string')
        throw new Refusal('Missing username or displayName');
      let user = users.get(username);
      if (!user) {
        user = { id: randomBytes(32).toString('base64url'), username, credentials: [] };
        users.set(username, user);
      }
      const opts = await generateRegistrationOptions({
        rpName: 'SimpleWebAuthn conformance',
        rpID: rpId,
        userName: username,
        userID: Buffer.from(user.id, 'base64url'),
        userDisplayName: displayName,
        attestationType: attestation === 'direct' || attestation === 'enterprise' ? attestation : 'none',
        authenticatorSelection,
        extensions,
        excludeCredentials: user.credentials.map((c) => ({ id: c.id, transports: c.transports })),
      });
      user.currentChallenge = opts.challenge;
      user.currentUserVerification = authenticatorSelection?.userVerification;
      current = username;
      return opts as unknown as Record<string, unknown>;
    },

    async attestationResult(body) {
      const user = users.get(current);
      if (!user) throw new Refusal('No registration in progress');
      const expectedChallenge = user.currentChallenge;
      const verification = await verifyRegistrationResponse({
        response: body,
        expectedChallenge: `${expectedChallenge}`,
        expectedOrigin: origin,
        expectedRPID: rpId,
        requireUserVerification: user.currentUserVerification === 'required',
      }).catch(fail);
      const { verified, registrationInfo } = verification;
      if (verified && registrationInfo) {
        const { credential } = registrationInfo;
        const existing = user.credentials.find((c) => c.id === credential.id);
        // as SimpleWebAuthn's example: a credential seen before is not added again
        if (!existing) user.credentials.push(credential);
      }
      user.currentChallenge = undefined;
      if (!verified) throw new Refusal('Registration could not be verified');
    },

    async assertionOptions(body) {
      const { username, userVerification, extensions } = body ?? {};
      if (!username) {
        const opts = await generateAuthenticationOptions({ rpID: rpId, userVerification, extensions });
        anonymous.currentChallenge = opts.challenge;
        anonymous.currentUserVerification = userVerification;
        current = '';
        return opts as unknown as Record<string, unknown>;
      }
      const user = users.get(username);
      if (!user) throw new Refusal('User does not exist', 404);
      const opts = await generateAuthenticationOptions({
        rpID: rpId,
        userVerification,
        extensions,
        allowCredentials: user.credentials.map((c) => ({ id: c.id, transports: c.transports })),
      });
      user.currentChallenge = opts.challenge;
      user.currentUserVerification = userVerification;
      current = username;
      return opts as unknown as Record<string, unknown>;
    },

    async assertionResult(body) {
      // username-first: the user the options were for; discoverable: the user the userHandle names
      const pending = current === '' ? anonymous : users.get(current);
      const user =
        current === ''
          ? [...users.values()].find((u) => u.id === body?.response?.userHandle)
          : users.get(current);
      const credential = user?.credentials.find((c) => c.id === body?.id);
      if (!pending || !user || !credential) throw new Refusal(`Could not find credential ${body?.id}`);
      const verification = await verifyAuthenticationResponse({
        response: body,
        expectedChallenge: `${pending.currentChallenge}`,
        expectedOrigin: origin,
        expectedRPID: rpId,
        credential,
        requireUserVerification: pending.currentUserVerification === 'required',
      }).catch(fail);
      if (verification.verified) credential.counter = verification.authenticationInfo.newCounter;
      pending.currentChallenge = undefined;
      if (!verification.verified) throw new Refusal('Authentication could not be verified');
    },
  });
}
