// Runs one test-vector case in the schema of ../shared/vectors/README.md through verifyRegistration /
// verifyAuthentication, honouring its options, trustAnchors, credentialCounter and expected.now, and compares the
// outcome with `expected`. Shared by the vector test suite and `credkit verify --cases`.
//
// Option mapping (README "options"; absent = UV not required, UP required, same-origin only):
//   requireUserVerification -> requireUserVerification (default false here, as the vectors assume)
//   requireUserPresence false -> conditionalCreate (registration: UP may be unset; assertions always need UP)
//   expectedType -> type; supportedAlgs (peer names) -> algorithms (COSE ids)
//   allowCrossOrigin, topOrigins, allowSubdomains -> same names
//   timeChecksDisabled -> skipCertificateTimeChecks; safetyNetEnforceCTSCheck false -> safetyNetRequireCtsProfileMatch
//   false; safetyNetVerifyTimestamp false -> safetyNetMaxAgeMs false
//   rpId null -> RP_ID_NOT_CHECKED (the peer verified the statement only; see rp-id.ts)
//   expected.now -> now (certificate validity instant); trustAnchors (base64url DER) -> trustAnchors
import { COSE_ALG } from './algorithms.js';
import { verifyAuthentication } from './authentication.js';
import { fromBase64url, toBase64url } from './base64url.js';
import { isWebAuthnError } from './errors.js';
import { KeyCache } from './key-cache.js';
import { verifyRegistration } from './registration.js';
import { RP_ID_NOT_CHECKED } from './rp-id.js';
import { VECTOR_DEVIATIONS } from './vector-deviations.js';
import type {
  AuthenticationInfo,
  AuthenticationResponseJSON,
  RegistrationExpectations,
  RegistrationInfo,
  RegistrationResponseJSON,
} from './types.js';

/** One case of the shared vector schema; `R` is how a caller types `response` (tests read into it freely). */
export interface VectorCase<R = unknown> {
  name: string;
  ceremony: 'registration' | 'authentication';
  rpId: string | string[] | null;
  origin: string | string[];
  challenge: string;
  response: R;
  credentialPublicKey?: string;
  credentialCounter?: number;
  trustAnchors?: string[];
  options?: Record<string, unknown>;
  expected: { verified: boolean; now?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export interface VectorOutcome {
  name: string;
  verified: boolean;
  /** The WebAuthnError code when verification failed ('internal_error' for anything untyped). */
  code: string | null;
  /** verified equals expected.verified and every asserted field agrees. */
  matched: boolean;
  /** Why the case did not match (empty when it matched). */
  mismatches: string[];
  message?: string;
  /** Set when the case is a listed deviation (vector-deviations.ts) and failed with its listed code. */
  deviation?: string;
}

const PEER_ALG_NAMES: Record<string, number> = {
  ES256: COSE_ALG.ES256,
  ES384: COSE_ALG.ES384,
  ES512: COSE_ALG.ES512,
  RS256: COSE_ALG.RS256,
  RS384: COSE_ALG.RS384,
  RS512: COSE_ALG.RS512,
  PS256: COSE_ALG.PS256,
  PS384: COSE_ALG.PS384,
  PS512: COSE_ALG.PS512,
  EDDSA: COSE_ALG.EdDSA,
  ED448: COSE_ALG.Ed448,
  INSECURE_RS1: COSE_ALG.RS1,
  ML_DSA_44: COSE_ALG['ML-DSA-44'],
  ML_DSA_65: COSE_ALG['ML-DSA-65'],
  ML_DSA_87: COSE_ALG['ML-DSA-87'],
};

/** Builds the registration expectations a case describes (authentication uses the common subset). */
export function expectationsForCase(c: VectorCase): RegistrationExpectations {
  const o = c.options ?? {};
  const algs = o.supportedAlgs as string[] | undefined;
  const now = typeof c.expected.now === 'string' ? new Date(c.expected.now) : undefined;
  const anchors = c.trustAnchors?.map((a) => fromBase64url(a, 'trustAnchor'));
  const expected: RegistrationExpectations = {
    challenge: c.challenge,
    origins: c.origin,
    rpId: c.rpId === null ? RP_ID_NOT_CHECKED : c.rpId,
    requireUserVerification: o.requireUserVerification === true,
  };
  if (o.requireUserPresence === false) expected.conditionalCreate = true;
  if (o.expectedType !== undefined) expected.type = o.expectedType as string | string[];
  if (algs) {
    expected.algorithms = algs.map((name) => {
      const id = PEER_ALG_NAMES[name.toUpperCase()];
      if (id === undefined) throw new Error(`vector case ${c.name}: unknown algorithm name ${name}`);
      return id;
    });
  }
  if (o.allowCrossOrigin === true) expected.allowCrossOrigin = true;
  if (Array.isArray(o.topOrigins)) expected.topOrigins = o.topOrigins as string[];
  if (o.allowSubdomains === true) expected.allowSubdomains = true;
  if (anchors) expected.trustAnchors = anchors;
  if (now) expected.now = now;
  if (o.timeChecksDisabled === true) expected.skipCertificateTimeChecks = true;
  if (o.safetyNetEnforceCTSCheck === false) expected.safetyNetRequireCtsProfileMatch = false;
  if (o.safetyNetVerifyTimestamp === false) expected.safetyNetMaxAgeMs = false;
  return expected;
}

/** The WebAuthnError codes that express each failure reason the vector extraction recorded (observed.failureReasons). */
const CODES_FOR_REASON: Record<string, readonly string[]> = {
  bad_signature: ['bad_signature'],
  user_verification_required: ['user_verification_required'],
  attestation_trust_path_not_anchored: ['attestation_untrusted'],
  malformed_attestation_object: ['malformed_input'],
  token_binding_status_invalid: ['token_binding_invalid'],
  challenge_mismatch: ['challenge_mismatch'],
  origin_mismatch: ['origin_mismatch'],
  type_mismatch: ['type_mismatch'],
  rp_id_mismatch: ['rp_id_mismatch'],
  counter_not_increased: ['counter_regression'],
  safetynet_cts_profile_mismatch: ['attestation_invalid', 'attestation_untrusted'],
  aaguid_extension_mismatch: ['attestation_invalid'],
  attestation_nonce_mismatch: ['attestation_invalid'],
  attestation_chain_broken: ['attestation_invalid', 'attestation_untrusted'],
  attestation_signature_invalid: ['attestation_invalid'],
  malformed_authenticator_data: ['malformed_input'],
  unusable_credential_public_key: ['public_key_invalid', 'malformed_input', 'unsupported_algorithm'],
  unsupported_alg: ['unsupported_algorithm'],
};

/**
 * For a negative case, the codes that count as failing for the right reason (undefined: any typed failure).
 * A case failing for an unrelated reason (e.g. its format is not implemented) does not match.
 */
export function acceptableCodes(c: VectorCase): Set<string> | undefined {
  const reasons = (c.observed as { failureReasons?: string[] } | undefined)?.failureReasons;
  if (!Array.isArray(reasons) || reasons.length === 0) return undefined;
  const codes = new Set<string>();
  for (const r of reasons) for (const code of CODES_FOR_REASON[r] ?? []) codes.add(code);
  return codes.size > 0 ? codes : undefined;
}

function normalizeAttestationType(t: string): string {
  const word = t.split(/[\s(]/)[0].toLowerCase().replace(/_/g, '');
  return word === 'attestationca' ? 'attca' : word;
}

function compare(
  c: VectorCase,
  reg: RegistrationInfo | undefined,
  auth: AuthenticationInfo | undefined,
): string[] {
  const e = c.expected;
  const out: string[] = [];
  const check = (field: string, actual: unknown, wanted: unknown): void => {
    if (wanted !== undefined && actual !== wanted)
      out.push(`${field}: got ${String(actual)}, expected ${String(wanted)}`);
  };
  if (reg) {
    check('fmt', reg.fmt, e.fmt);
    check('aaguid', reg.aaguid, e.aaguid);
    check('credentialId', reg.credential.id, e.credentialId);
    check('counter', reg.credential.counter, e.counter);
    check('alg', reg.credential.algorithm, e.alg);
    check('credentialPublicKey', toBase64url(reg.credential.publicKey), e.credentialPublicKey);
    check('userVerified', reg.userVerified, e.userVerified);
    check('credentialBackedUp', reg.backedUp, e.credentialBackedUp);
    check('attestationTrusted', reg.attestationTrusted, e.attestationTrusted);
    if (typeof e.attestationType === 'string') {
      // Basic and AttCA both carry an x5c chain and cannot be told apart from the statement (§6.5.3); TPM is
      // AttCA by §8.3 where some sources say "basic". Compare them as one class.
      const fold = (t: string): string => (t === 'attca' ? 'basic' : t);
      check(
        'attestationType',
        fold(reg.attestationType.toLowerCase()),
        fold(normalizeAttestationType(e.attestationType)),
      );
    }
  }
  if (auth) {
    check('credentialId', auth.credentialId, e.credentialId);
    check('newCounter', auth.newCounter, e.newCounter);
    check('userVerified', auth.userVerified, e.userVerified);
    check('credentialBackedUp', auth.backedUp, e.credentialBackedUp);
  }
  const flags = e.flags as Record<string, boolean> | undefined;
  const actualFlags = reg?.flags ?? auth?.flags;
  if (flags && actualFlags) {
    for (const f of ['up', 'uv', 'be', 'bs'] as const) check(`flags.${f}`, actualFlags[f], flags[f]);
  }
  return out;
}

/** Runs one case; never throws for a verification failure (only for a case it cannot interpret). */
export function runVectorCase(c: VectorCase, keyCache: KeyCache = new KeyCache(16)): VectorOutcome {
  const expected = expectationsForCase(c);
  let reg: RegistrationInfo | undefined;
  let auth: AuthenticationInfo | undefined;
  try {
    if (c.ceremony === 'registration') {
      // the verifier's own checks judge the case, malformed members included
      reg = verifyRegistration({
        response: c.response as RegistrationResponseJSON,
        expected,
      }).registrationInfo;
    } else {
      const id = (c.response as { rawId?: unknown } | null)?.rawId;
      auth = verifyAuthentication({
        response: c.response as AuthenticationResponseJSON,
        expected: { ...expected, keyCache },
        credential: {
          id: typeof id === 'string' ? id : '',
          publicKey: fromBase64url(c.credentialPublicKey, 'credentialPublicKey'),
          counter: c.credentialCounter ?? 0,
        },
      }).authenticationInfo;
    }
  } catch (err) {
    const code = isWebAuthnError(err) ? err.code : 'internal_error';
    const message = err instanceof Error ? err.message : String(err);
    const deviation = VECTOR_DEVIATIONS[c.name];
    if (deviation && c.expected.verified && code === deviation.code) {
      return {
        name: c.name,
        verified: false,
        code,
        matched: true,
        mismatches: [],
        message,
        deviation: deviation.reason,
      };
    }
    const mismatches = c.expected.verified ? [`expected verified, failed with ${code}: ${message}`] : [];
    const codes = c.expected.verified ? undefined : acceptableCodes(c);
    if (codes && !codes.has(code))
      mismatches.push(`failed with ${code} (${message}), not for [${[...codes].join(', ')}]`);
    if (code === 'internal_error') mismatches.push(`untyped error: ${message}`);
    return { name: c.name, verified: false, code, matched: mismatches.length === 0, mismatches, message };
  }
  const mismatches = c.expected.verified ? compare(c, reg, auth) : ['expected failure, but it verified'];
  return { name: c.name, verified: true, code: null, matched: mismatches.length === 0, mismatches };
}
