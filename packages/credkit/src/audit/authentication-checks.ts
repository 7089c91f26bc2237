// The authentication rows of the audit's table (WebAuthn L3 §7.2): genuine sign-ins the server must accept, then
// attacks it must refuse, each an assertion that differs from a genuine one in what its step checks (signed
// again with the credential's own key whenever the attack is not about the signature).
import { generateKeyPairFor, exportPrivateKey } from '@credkit/provider';
import { algorithmName } from '@credkit/webauthn';
import type { AuthenticationResponseJSON, KeyAlgorithm } from '@credkit/provider';
import { serverPublicKeyCredential, type RequestOptions } from './client.js';
import {
  authenticationOf,
  baselineRefused,
  expectAccepted,
  expectRefused,
  primarySignIn,
  registrationOf,
  type Check,
  type Outcome,
} from './check.js';
import { exactlyOne, waitOut } from './registration-checks.js';
import { FOREIGN_ORIGIN, FOREIGN_RP_ID, type AuditSession } from './session.js';
import {
  brokenBase64url,
  counterOf,
  editedAuthenticatorData,
  editedClientData,
  resignedAssertion,
  withAssertionMembers,
} from './tamper.js';

const post = (audit: AuditSession, response: AuthenticationResponseJSON) =>
  audit.client.assertionResult(serverPublicKeyCredential(response));

const authData = (a: AuthenticationResponseJSON) => Buffer.from(a.response.authenticatorData, 'base64url');
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** Request options (UV required) for the main user, or for a discoverable sign-in; or the refusal. */
async function options(audit: AuditSession, discoverable = false): Promise<RequestOptions | Outcome> {
  const reply = await audit.requestOptions(discoverable ? '' : audit.users.main, 'required');
  if (!reply.accepted || !reply.body) return baselineRefused('POST /assertion/options', reply);
  return reply.body;
}

const isOutcome = (value: RequestOptions | Outcome): value is Outcome => 'result' in value;

/** A genuine assertion by the main user's primary credential (the security key). */
function primary(audit: AuditSession, o: RequestOptions, client = {}): AuthenticationResponseJSON {
  return audit.assert(audit.primaryKey(), o, audit.primaryCredential()!, client);
}

/** The primary credential's own key: signing with it leaves only the targeted check to refuse. */
const primaryKey = (audit: AuditSession) => audit.signingKey(audit.primaryKey(), audit.primaryCredential()!);

/** One attack on a username-first sign-in with the primary credential: passed when refused. */
function attack(
  fields: Omit<Check, 'run' | 'ceremony' | 'kind'>,
  build: (audit: AuditSession, o: RequestOptions) => AuthenticationResponseJSON,
): Check {
  return {
    ceremony: 'authentication',
    kind: 'attack',
    needs: primarySignIn,
    ...fields,
    async run(audit) {
      const o = await options(audit);
      if (isOutcome(o)) return o;
      return expectRefused(await post(audit, build(audit, o)));
    },
  };
}

/** authentication.algorithm.<alg>: a sign-in with each registered algorithm. */
export function algorithmAuthentication(alg: number): Check {
  return {
    name: authenticationOf(alg),
    ceremony: 'authentication',
    kind: 'valid',
    step: '§7.2',
    sends: `a username-first sign-in with the ${algorithmName(alg)} credential (UV required)`,
    passes: 'accepted',
    needs: () => [registrationOf(alg)],
    async run(audit) {
      const reply = await audit.requestOptions(audit.users.main, 'required');
      if (!reply.accepted || !reply.body) return expectAccepted(reply);
      const key = audit.keyFor(alg as KeyAlgorithm);
      return expectAccepted(await post(audit, audit.assert(key, reply.body, audit.credentials.get(alg)!)));
    },
  };
}

export const VALID_AUTHENTICATIONS: readonly Check[] = [
  {
    name: 'authentication.discoverable',
    ceremony: 'authentication',
    kind: 'valid',
    step: '§7.2 steps 5-6',
    sends: 'a sign-in without a username (empty allowCredentials) with the discoverable credential',
    passes: 'accepted',
    needs: () => ['registration.discoverable'],
    async run(audit) {
      const reply = await audit.requestOptions('', 'required');
      if (!reply.accepted || !reply.body) return expectAccepted(reply);
      return expectAccepted(
        await post(audit, audit.assert(audit.synced, reply.body, audit.syncedCredential!)),
      );
    },
  },
  {
    name: 'authentication.zero-counter',
    ceremony: 'authentication',
    kind: 'valid',
    step: '§7.2 step 23',
    sends: 'a second sign-in with the synced passkey, whose counter is 0 again',
    passes: 'accepted (when both counters are 0 the authenticator keeps none)',
    needs: () => ['authentication.discoverable'],
    async run(audit) {
      const o = await options(audit);
      if (isOutcome(o)) return o;
      return expectAccepted(await post(audit, audit.assert(audit.synced, o, audit.syncedCredential!)));
    },
  },
  {
    name: 'authentication.uv-discouraged',
    ceremony: 'authentication',
    kind: 'valid',
    step: '§7.2 step 16',
    sends: 'a sign-in asking userVerification "discouraged", made without UV',
    passes: 'accepted (UV is required only when asked for)',
    needs: primarySignIn,
    async run(audit) {
      const reply = await audit.requestOptions(audit.users.main, 'discouraged');
      if (!reply.accepted || !reply.body) return expectAccepted(reply);
      return expectAccepted(await post(audit, primary(audit, reply.body, { userVerified: false })));
    },
  },
];

export const AUTHENTICATION_ATTACKS: readonly Check[] = [
  {
    name: 'authentication.replayed-challenge',
    ceremony: 'authentication',
    kind: 'attack',
    step: '§7.2 step 11',
    sends:
      'an accepted assertion posted again (the synced passkey: counter 0, so only the challenge can refuse it)',
    passes: 'refused (a challenge is spent by its first use)',
    needs: () => ['authentication.zero-counter'],
    async run(audit) {
      const o = await options(audit);
      if (isOutcome(o)) return o;
      const assertion = audit.assert(audit.synced, o, audit.syncedCredential!);
      const first = await post(audit, assertion);
      if (!first.accepted) return baselineRefused('the first use of the assertion', first);
      return expectRefused(await post(audit, assertion));
    },
  },
  {
    name: 'authentication.concurrent-challenge',
    ceremony: 'authentication',
    kind: 'attack',
    step: '§7.2 step 11',
    sends: 'several assertions over one challenge posted at once (the synced passkey: counter 0)',
    passes: 'exactly one accepted',
    needs: () => ['authentication.zero-counter'],
    async run(audit) {
      const o = await options(audit);
      if (isOutcome(o)) return o;
      const assertions = Array.from({ length: audit.concurrency }, () =>
        audit.assert(audit.synced, o, audit.syncedCredential!),
      );
      return exactlyOne(
        await audit.client.postAtOnce('/assertion/result', assertions.map(serverPublicKeyCredential)),
      );
    },
  },
  attack(
    {
      name: 'authentication.wrong-origin',
      step: '§7.2 step 12',
      sends: `clientDataJSON.origin ${FOREIGN_ORIGIN}, validly signed`,
      passes: 'refused',
    },
    (audit, o) => {
      const a = primary(audit, o);
      return resignedAssertion(a, primaryKey(audit), {
        clientDataJSON: editedClientData(a, { origin: FOREIGN_ORIGIN }),
      });
    },
  ),
  attack(
    {
      name: 'authentication.wrong-type',
      step: '§7.2 step 10',
      sends: 'clientDataJSON.type "webauthn.create", validly signed',
      passes: 'refused',
    },
    (audit, o) => {
      const a = primary(audit, o);
      return resignedAssertion(a, primaryKey(audit), {
        clientDataJSON: editedClientData(a, { type: 'webauthn.create' }),
      });
    },
  ),
  attack(
    {
      name: 'authentication.wrong-rp-id-hash',
      step: '§7.2 step 14',
      sends: `authenticatorData.rpIdHash of ${FOREIGN_RP_ID}, validly signed`,
      passes: 'refused',
    },
    (audit, o) => {
      const a = primary(audit, o);
      return resignedAssertion(a, primaryKey(audit), {
        authenticatorData: editedAuthenticatorData(authData(a), { rpId: FOREIGN_RP_ID }),
      });
    },
  ),
  attack(
    {
      name: 'authentication.up-missing',
      step: '§7.2 step 15',
      sends: 'an assertion without the UP flag, validly signed',
      passes: 'refused',
    },
    (audit, o) => primary(audit, o, { userPresent: false }),
  ),
  attack(
    {
      name: 'authentication.uv-missing',
      step: '§7.2 step 16',
      sends: 'an assertion without the UV flag although the options asked userVerification "required"',
      passes: 'refused',
    },
    (audit, o) => primary(audit, { ...o, userVerification: 'preferred' }, { userVerified: false }),
  ),
  attack(
    {
      name: 'authentication.bad-signature',
      step: '§7.2 step 22',
      sends: 'an assertion signed by another key of the same algorithm',
      passes: 'refused',
    },
    (audit, o) => {
      const a = primary(audit, o);
      const algorithm = audit.primaryAlgorithm!;
      const stranger = exportPrivateKey(generateKeyPairFor(algorithm).privateKey);
      return resignedAssertion(a, { algorithm, privateKey: stranger }, {});
    },
  ),
  attack(
    {
      name: 'authentication.tampered-authenticator-data',
      step: '§7.2 step 22',
      sends: 'an assertion whose authenticatorData counter was raised after signing',
      passes: 'refused (the signature no longer verifies)',
    },
    (audit, o) => {
      const a = primary(audit, o);
      const data = authData(a);
      return withAssertionMembers(a, {
        authenticatorData: b64(editedAuthenticatorData(data, { counter: counterOf(data) + 1000 })),
      });
    },
  ),
  attack(
    {
      name: 'authentication.tampered-client-data',
      step: '§7.2 step 22',
      sends: 'an assertion with a member added to clientDataJSON after signing',
      passes: 'refused (the signature no longer verifies)',
    },
    (audit, o) => {
      const a = primary(audit, o);
      return withAssertionMembers(a, { clientDataJSON: editedClientData(a, { tampered: true }) });
    },
  ),
  {
    name: 'authentication.sign-count-regression',
    ceremony: 'authentication',
    kind: 'attack',
    step: '§7.2 step 23',
    sends: 'after a sign-in with counter n, a validly signed assertion with counter n - 1',
    passes:
      'refused (L3 leaves the reaction to a possible clone to the RP; the audit expects a refusal, which credkit and SimpleWebAuthn both give)',
    needs: primarySignIn,
    async run(audit) {
      const o1 = await options(audit);
      if (isOutcome(o1)) return o1;
      const first = primary(audit, o1);
      const accepted = await post(audit, first);
      if (!accepted.accepted) return baselineRefused('the sign-in before the regression', accepted);
      const n = counterOf(authData(first));
      const o2 = await options(audit);
      if (isOutcome(o2)) return o2;
      const a = primary(audit, o2);
      const regressed = resignedAssertion(a, primaryKey(audit), {
        authenticatorData: editedAuthenticatorData(authData(a), { counter: n - 1 }),
      });
      return expectRefused(await post(audit, regressed), `counter ${n - 1} after ${n}`);
    },
  },
  {
    ...attack(
      {
        name: 'authentication.user-handle-mismatch',
        step: '§7.2 step 6',
        sends: 'a username-first assertion whose userHandle is the second user’s',
        passes: 'refused',
      },
      (audit, o) => withAssertionMembers(primary(audit, o), { userHandle: audit.userHandles.other! }),
    ),
    needs: (audit) => [...primarySignIn(audit), 'registration.second-user'],
  },
  {
    name: 'authentication.user-handle-mismatch-discoverable',
    ceremony: 'authentication',
    kind: 'attack',
    step: '§7.2 step 6',
    sends: 'a discoverable assertion by the first user’s credential whose userHandle is the second user’s',
    passes: 'refused',
    needs: () => ['authentication.discoverable', 'registration.second-user'],
    async run(audit) {
      const o = await options(audit, true);
      if (isOutcome(o)) return o;
      const a = audit.assert(audit.synced, o, audit.syncedCredential!);
      return expectRefused(
        await post(audit, withAssertionMembers(a, { userHandle: audit.userHandles.other! })),
      );
    },
  },
  attack(
    {
      name: 'authentication.malformed-base64url',
      step: '§7.2 step 7',
      sends: 'authenticatorData with characters outside the base64url alphabet',
      passes: 'refused',
    },
    (audit, o) => {
      const a = primary(audit, o);
      return withAssertionMembers(a, { authenticatorData: brokenBase64url(a.response.authenticatorData) });
    },
  ),
];

/** The authentication half of the expired-challenge pair. */
export const authenticationExpiry: Check = {
  name: 'authentication.expired-challenge',
  ceremony: 'authentication',
  kind: 'attack',
  step: '§7.2 step 11; §5.5 (timeout)',
  sends: 'a genuine assertion posted after the timeout the options state has passed',
  passes: 'refused; skipped (never passed) when the stated timeout is absent or longer than --max-wait',
  needs: primarySignIn,
  async run(audit) {
    const o = await options(audit);
    if (isOutcome(o)) return o;
    const waited = await waitOut(audit, o.timeout);
    if (waited) return waited;
    return expectRefused(await post(audit, primary(audit, o)));
  },
};
