// The registration rows of the audit's table (WebAuthn L3 §7.1): genuine registrations the server must accept,
// then attacks it must refuse, each one response that differs from a genuine one in what its step checks.
import { ml_dsa44 } from '@noble/post-quantum/ml-dsa.js';
import { encode } from 'cborg';
import {
  KEY_ALGORITHMS,
  SoftwareAuthenticator,
  type KeyAlgorithm,
  type RegistrationResponseJSON,
} from '@credkit/provider';
import { coseEncodePublicKey, generateKeyPairFor } from '@credkit/provider';
import { algorithmName } from '@credkit/webauthn';
import { serverPublicKeyCredential, type CreationOptions, type Exchange } from './client.js';
import {
  baselineRefused,
  expectAccepted,
  expectRefused,
  primaryRegistration,
  registrationOf,
  skipped,
  type Check,
  type Outcome,
} from './check.js';
import { FOREIGN_ORIGIN, FOREIGN_RP_ID, type AuditSession } from './session.js';
import {
  attestationObjectOf,
  brokenBase64url,
  editedAuthenticatorData,
  editedClientData,
  truncatedCbor,
  withCredentialPublicKey,
  withRegistrationAuthData,
  withRegistrationClientData,
} from './tamper.js';

/** The selection of the audit's ordinary registrations: UV required, no resident key asked for. */
const VERIFIED = { residentKey: 'discouraged', userVerification: 'required' } as const;

/** Algorithms an unoffered-algorithm registration may use, in order: classic ones first, then ML-DSA-44. */
const UNOFFERED_CANDIDATES: readonly number[] = [...KEY_ALGORITHMS, -48];

/** Creation options for the main user (UV required), or the refusal as an outcome. */
async function mainOptions(
  audit: AuditSession,
  attestation: 'none' | 'direct' = 'none',
): Promise<CreationOptions | Outcome> {
  const options = await audit.creationOptions(audit.users.main, VERIFIED, attestation);
  if (!options.accepted || !options.body) return baselineRefused('POST /attestation/options', options);
  return options.body;
}

const isOutcome = (value: CreationOptions | Outcome): value is Outcome => 'result' in value;

/** A new credential of the primary algorithm answering `options`, from an authenticator nobody else uses. */
function fresh(
  audit: AuditSession,
  options: CreationOptions,
  authenticator = new SoftwareAuthenticator({ algorithms: KEY_ALGORITHMS }),
  client = {},
): RegistrationResponseJSON {
  return audit.create(authenticator, options, audit.primaryAlgorithm, client);
}

const post = (audit: AuditSession, response: RegistrationResponseJSON | Record<string, unknown>) =>
  audit.client.attestationResult(serverPublicKeyCredential(response));

/**
 * One attack: main-user options (UV required), a genuine response from a fresh authenticator made by `build`,
 * posted; passed when refused.
 */
function attack(
  fields: Omit<Check, 'run' | 'ceremony' | 'kind'>,
  build: (
    audit: AuditSession,
    options: CreationOptions,
  ) => RegistrationResponseJSON | Record<string, unknown>,
  attestation: 'none' | 'direct' = 'none',
): Check {
  return {
    ceremony: 'registration',
    kind: 'attack',
    needs: primaryRegistration,
    ...fields,
    async run(audit) {
      const options = await mainOptions(audit, attestation);
      if (isOutcome(options)) return options;
      return expectRefused(await post(audit, build(audit, options)));
    },
  };
}

/** registration.options: the first options request, which tells the audit what the server offers. */
export const registrationOptions: Check = {
  name: 'registration.options',
  ceremony: 'registration',
  kind: 'valid',
  step: '§5.4 (PublicKeyCredentialCreationOptions)',
  sends: 'ServerPublicKeyCredentialCreationOptionsRequest for a new username (UV required, attestation none)',
  passes:
    'status ok with rp (its id, if given, the --rp-id), user.id of 1-64 bytes, a challenge of at least 16 bytes (§13.4.3), pubKeyCredParams',
  async run(audit) {
    const options = await audit.creationOptions(audit.users.main, VERIFIED);
    if (!options.accepted || !options.body) return expectAccepted(options);
    const o = options.body;
    const problems: string[] = [];
    const size = (v: unknown) =>
      typeof v === 'string' && /^[A-Za-z0-9_-]*$/.test(v) ? Buffer.byteLength(v, 'base64url') : -1;
    const challenge = size(o.challenge);
    if (challenge < 16) problems.push('the challenge is not base64url of at least 16 bytes');
    const userId = size(o.user?.id);
    if (userId < 1 || userId > 64) problems.push('user.id is not 1-64 bytes of base64url');
    if (o.rp?.id !== undefined && o.rp.id !== audit.rpId)
      problems.push(`rp.id is ${o.rp.id}, not ${audit.rpId}`);
    if (!Array.isArray(o.pubKeyCredParams) || o.pubKeyCredParams.length === 0)
      problems.push('pubKeyCredParams is empty');
    if (problems.length > 0)
      return { result: 'failed', httpStatus: options.httpStatus, detail: problems.join('; ') };
    audit.offered = o.pubKeyCredParams.filter((p) => p.type === 'public-key').map((p) => p.alg);
    audit.userHandles.main = o.user.id;
    const makeable = audit.makeable();
    audit.primaryAlgorithm = makeable.includes(-7) ? -7 : makeable[0];
    const names = audit.offered.map(algorithmName).join(', ');
    return {
      result: 'passed',
      httpStatus: options.httpStatus,
      detail: `offers ${names}; timeout ${o.timeout ?? 'none'}`,
    };
  },
};

/** registration.algorithm.<alg>: one per algorithm offered. */
export function algorithmRegistration(alg: number): Check {
  return {
    name: registrationOf(alg),
    ceremony: 'registration',
    kind: 'valid',
    step: '§7.1',
    sends: `a registration with a new ${algorithmName(alg)} credential (attestation none, UV)`,
    passes: 'accepted',
    needs: () => ['registration.options'],
    async run(audit) {
      if (!(KEY_ALGORITHMS as readonly number[]).includes(alg))
        return skipped(`the audit cannot make ${algorithmName(alg)} keys`);
      const made = await audit.register(audit.users.main, audit.keyFor(alg as KeyAlgorithm), VERIFIED, {
        algorithm: alg,
      });
      if (!made.result) return expectAccepted(made.options);
      if (made.result.accepted) audit.credentials.set(alg, made.credentialId!);
      return expectAccepted(made.result);
    },
  };
}

export const VALID_REGISTRATIONS: readonly Check[] = [
  {
    name: 'registration.second-user',
    ceremony: 'registration',
    kind: 'valid',
    step: '§7.1; §5.4.3 (user.id)',
    sends: 'a registration for a second new username',
    passes: 'accepted, with a user.id other than the first user’s',
    needs: primaryRegistration,
    async run(audit) {
      const made = await audit.register(audit.users.other, audit.otherKey, VERIFIED, {
        algorithm: audit.primaryAlgorithm,
      });
      if (!made.result) return expectAccepted(made.options);
      const handle = made.options.body?.user?.id;
      audit.userHandles.other = handle;
      if (made.result.accepted && handle === audit.userHandles.main)
        return {
          result: 'failed',
          httpStatus: made.result.httpStatus,
          detail: 'both users got the same user.id',
        };
      return expectAccepted(made.result);
    },
  },
  {
    name: 'registration.discoverable',
    ceremony: 'registration',
    kind: 'valid',
    step: '§7.1; §5.4.6 (residentKey)',
    sends:
      'a registration asking for a discoverable credential (residentKey required, UV), from a synced passkey whose counter stays 0',
    passes: 'accepted',
    needs: primaryRegistration,
    async run(audit) {
      const made = await audit.register(
        audit.users.main,
        audit.synced,
        { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
        { algorithm: audit.primaryAlgorithm },
      );
      if (!made.result) return expectAccepted(made.options);
      if (made.result.accepted) audit.syncedCredential = made.credentialId;
      return expectAccepted(made.result);
    },
  },
  {
    name: 'registration.uv-discouraged',
    ceremony: 'registration',
    kind: 'valid',
    step: '§7.1 step 15',
    sends: 'a registration asking userVerification "discouraged", made without UV',
    passes: 'accepted (UV is required only when asked for)',
    needs: primaryRegistration,
    async run(audit) {
      const made = await audit.register(
        audit.users.main,
        new SoftwareAuthenticator({ algorithms: KEY_ALGORITHMS }),
        { residentKey: 'discouraged', userVerification: 'discouraged' },
        { algorithm: audit.primaryAlgorithm, client: { userVerified: false } },
      );
      return made.result ? expectAccepted(made.result) : expectAccepted(made.options);
    },
  },
  {
    name: 'registration.packed-self',
    ceremony: 'registration',
    kind: 'valid',
    step: '§7.1 step 22; §8.2 (packed, self attestation)',
    sends: 'a registration asking attestation "direct", answered with a packed self attestation',
    passes: 'accepted',
    needs: primaryRegistration,
    async run(audit) {
      const made = await audit.register(
        audit.users.main,
        new SoftwareAuthenticator({ algorithms: KEY_ALGORITHMS, attestation: 'packed' }),
        VERIFIED,
        { algorithm: audit.primaryAlgorithm, attestation: 'direct' },
      );
      return made.result ? expectAccepted(made.result) : expectAccepted(made.options);
    },
  },
  {
    name: 'registration.excludes-registered',
    ceremony: 'registration',
    kind: 'valid',
    step: '§5.4 (excludeCredentials)',
    sends: 'creation options for a user who has registered credentials',
    passes: 'excludeCredentials lists the user’s credential',
    needs: primaryRegistration,
    async run(audit) {
      const options = await audit.creationOptions(audit.users.main, VERIFIED);
      if (!options.accepted || !options.body) return expectAccepted(options);
      const listed = (options.body.excludeCredentials ?? []).map((d) => d.id);
      const id = audit.primaryCredential()!;
      return listed.includes(id)
        ? { result: 'passed', httpStatus: options.httpStatus }
        : {
            result: 'failed',
            httpStatus: options.httpStatus,
            detail: `excludeCredentials does not list ${id}`,
          };
    },
  },
];

/** A new public key of a COSE algorithm, as a COSE_Key. */
function coseKeyOf(alg: number): Uint8Array {
  if (alg === -48) {
    // ML-DSA-44 (AKP, draft-ietf-cose-dilithium): kty 7, alg -48, pub (label -1)
    const { publicKey } = ml_dsa44.keygen();
    return encode(
      new Map<number, number | Uint8Array>([
        [1, 7],
        [3, -48],
        [-1, publicKey],
      ]),
    );
  }
  const { publicKey } = generateKeyPairFor(alg as KeyAlgorithm);
  return coseEncodePublicKey(alg as KeyAlgorithm, publicKey);
}

export const REGISTRATION_ATTACKS: readonly Check[] = [
  {
    name: 'registration.replayed-challenge',
    ceremony: 'registration',
    kind: 'attack',
    step: '§7.1 step 8',
    sends: 'a second new credential answering the challenge of a registration that already succeeded',
    passes: 'refused (a challenge is spent by its first use)',
    needs: primaryRegistration,
    async run(audit) {
      const options = await mainOptions(audit);
      if (isOutcome(options)) return options;
      const first = await post(audit, fresh(audit, options));
      if (!first.accepted) return baselineRefused('the first registration over the challenge', first);
      return expectRefused(await post(audit, fresh(audit, options)));
    },
  },
  {
    name: 'registration.concurrent-challenge',
    ceremony: 'registration',
    kind: 'attack',
    step: '§7.1 step 8',
    sends: 'several new credentials answering one challenge, posted at once',
    passes: 'exactly one accepted',
    needs: primaryRegistration,
    async run(audit) {
      const options = await mainOptions(audit);
      if (isOutcome(options)) return options;
      const responses = Array.from({ length: audit.concurrency }, () => fresh(audit, options));
      return exactlyOne(
        await audit.client.postAtOnce('/attestation/result', responses.map(serverPublicKeyCredential)),
      );
    },
  },
  attack(
    {
      name: 'registration.wrong-origin',
      step: '§7.1 step 9',
      sends: `clientDataJSON.origin ${FOREIGN_ORIGIN}`,
      passes: 'refused',
    },
    (audit, options) => {
      const r = fresh(audit, options);
      return withRegistrationClientData(r, editedClientData(r, { origin: FOREIGN_ORIGIN }));
    },
  ),
  attack(
    {
      name: 'registration.wrong-type',
      step: '§7.1 step 7',
      sends: 'clientDataJSON.type "webauthn.get"',
      passes: 'refused',
    },
    (audit, options) => {
      const r = fresh(audit, options);
      return withRegistrationClientData(r, editedClientData(r, { type: 'webauthn.get' }));
    },
  ),
  attack(
    {
      name: 'registration.wrong-rp-id-hash',
      step: '§7.1 step 13',
      sends: `authenticatorData.rpIdHash of ${FOREIGN_RP_ID}`,
      passes: 'refused',
    },
    (audit, options) => {
      const r = fresh(audit, options);
      const { authData } = attestationObjectOf(r);
      return withRegistrationAuthData(r, editedAuthenticatorData(authData, { rpId: FOREIGN_RP_ID }));
    },
  ),
  attack(
    {
      name: 'registration.up-missing',
      step: '§7.1 step 14',
      sends: 'a registration without the UP flag (no user gesture)',
      passes: 'refused',
    },
    (audit, options) => fresh(audit, options, undefined, { userPresent: false }),
  ),
  attack(
    {
      name: 'registration.uv-missing',
      step: '§7.1 step 15',
      sends: 'a registration without the UV flag although the options asked userVerification "required"',
      passes: 'refused',
    },
    (audit, options) =>
      fresh(
        audit,
        {
          ...options,
          authenticatorSelection: { ...options.authenticatorSelection, userVerification: 'preferred' },
        },
        undefined,
        { userVerified: false },
      ),
  ),
  {
    ...attack(
      {
        name: 'registration.tampered-authenticator-data',
        step: '§7.1 step 22',
        sends:
          'a packed self-attested registration whose authenticatorData counter was changed after signing',
        passes: 'refused (the attestation signature no longer verifies)',
      },
      (audit, options) => {
        const r = fresh(
          audit,
          options,
          new SoftwareAuthenticator({ algorithms: KEY_ALGORITHMS, attestation: 'packed' }),
        );
        const { authData } = attestationObjectOf(r);
        return withRegistrationAuthData(r, editedAuthenticatorData(authData, { counter: 0x01020304 }));
      },
      'direct',
    ),
    needs: () => ['registration.packed-self'],
  },
  {
    ...attack(
      {
        name: 'registration.tampered-client-data',
        step: '§7.1 step 22',
        sends: 'a packed self-attested registration with a member added to clientDataJSON after signing',
        passes: 'refused (the attestation signature no longer verifies)',
      },
      (audit, options) => {
        const r = fresh(
          audit,
          options,
          new SoftwareAuthenticator({ algorithms: KEY_ALGORITHMS, attestation: 'packed' }),
        );
        return withRegistrationClientData(r, editedClientData(r, { tampered: true }));
      },
      'direct',
    ),
    needs: () => ['registration.packed-self'],
  },
  {
    name: 'registration.algorithm-not-offered',
    ceremony: 'registration',
    kind: 'attack',
    step: '§7.1 step 19',
    sends:
      'for each algorithm the audit can make that pubKeyCredParams did not offer, a credential with a key of it',
    passes: 'every one refused',
    needs: primaryRegistration,
    async run(audit) {
      const unoffered = UNOFFERED_CANDIDATES.filter((alg) => !audit.offered.includes(alg));
      if (unoffered.length === 0)
        return skipped('the server offers every algorithm the audit can make a key for');
      const accepted: string[] = [];
      let shown: Exchange | undefined;
      for (const alg of unoffered) {
        const options = await mainOptions(audit);
        if (isOutcome(options)) return options;
        const answer = await post(audit, withCredentialPublicKey(fresh(audit, options), coseKeyOf(alg)));
        if (answer.accepted) accepted.push(algorithmName(alg));
        // the line shows the first acceptance, else the last refusal
        if (!shown?.accepted) shown = answer;
      }
      const tried = unoffered.map(algorithmName).join(', ');
      return expectRefused(
        shown!,
        accepted.length === 0 ? `refused ${tried}` : `accepted ${accepted.join(', ')} (of ${tried})`,
      );
    },
  },
  attack(
    {
      name: 'registration.excluded-credential',
      step: '§7.1 step 26',
      sends:
        'a new key registered under the credential ID the user already has (the one excludeCredentials lists)',
      passes: 'refused (a credential ID is registered once)',
    },
    (audit, options) => {
      const id = Buffer.from(audit.primaryCredential()!, 'base64url');
      const clone = new SoftwareAuthenticator({
        algorithms: KEY_ALGORITHMS,
        credentialIdLength: id.length,
        randomBytes: () => new Uint8Array(id),
      });
      // the clone does not hold the credential, so excludeCredentials does not stop it (§6.3.2 step 3)
      return fresh(audit, options, clone);
    },
  ),
  attack(
    {
      name: 'registration.oversized-credential-id',
      step: '§7.1 step 25',
      sends: 'a credential ID of 1,024 bytes (the limit is 1,023)',
      passes: 'refused',
    },
    (audit, options) =>
      fresh(
        audit,
        options,
        new SoftwareAuthenticator({ algorithms: KEY_ALGORITHMS, credentialIdLength: 1024 }),
      ),
  ),
  attack(
    {
      name: 'registration.malformed-base64url',
      step: '§7.1 step 5',
      sends: 'clientDataJSON with characters outside the base64url alphabet',
      passes: 'refused',
    },
    (audit, options) => {
      const r = fresh(audit, options);
      return withRegistrationClientData(r, brokenBase64url(r.response.clientDataJSON));
    },
  ),
  attack(
    {
      name: 'registration.malformed-cbor',
      step: '§7.1 step 12',
      sends: 'an attestationObject whose CBOR is cut short',
      passes: 'refused',
    },
    (audit, options) => {
      const r = fresh(audit, options);
      const { authenticatorData: _copy, ...members } = r.response;
      return {
        ...r,
        response: { ...members, attestationObject: truncatedCbor(r.response.attestationObject) },
      };
    },
  ),
];

/** Passed when exactly one of the concurrent answers accepted. */
export function exactlyOne(answers: Exchange[]): Outcome {
  const accepted = answers.filter((a) => a.accepted);
  const detail = `${accepted.length} of ${answers.length} accepted`;
  const sample = answers.find((a) => !a.accepted) ?? answers[0]!;
  return {
    result: accepted.length === 1 ? 'passed' : 'failed',
    httpStatus: sample.httpStatus,
    ...(sample.errorMessage ? { errorMessage: sample.errorMessage } : {}),
    detail,
  };
}

/** The registration half of the expired-challenge pair: waits out the stated timeout when it is short enough. */
export const registrationExpiry: Check = {
  name: 'registration.expired-challenge',
  ceremony: 'registration',
  kind: 'attack',
  step: '§7.1 step 8; §5.4 (timeout)',
  sends: 'a genuine registration posted after the timeout the options state has passed',
  passes: 'refused; skipped (never passed) when the stated timeout is absent or longer than --max-wait',
  needs: primaryRegistration,
  async run(audit) {
    const options = await mainOptions(audit);
    if (isOutcome(options)) return options;
    const waited = await waitOut(audit, options.timeout);
    if (waited) return waited;
    return expectRefused(await post(audit, fresh(audit, options)));
  },
};

/** Sleeps past a stated timeout, or says why the check is skipped. */
export async function waitOut(audit: AuditSession, timeout: unknown): Promise<Outcome | undefined> {
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0)
    return skipped('the options state no timeout');
  if (timeout > audit.maxWaitMs)
    return skipped(`the stated timeout (${timeout} ms) is longer than --max-wait (${audit.maxWaitMs} ms)`);
  await audit.sleep(timeout + EXPIRY_GRACE_MS);
  return undefined;
}

/** Waited beyond the stated timeout, for clocks that round to the second. */
export const EXPIRY_GRACE_MS = 1_000;
