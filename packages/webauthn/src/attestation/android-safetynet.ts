// Attestation statement format "android-safetynet" (WebAuthn L3 §8.5).
import { createHash } from 'node:crypto';
import { WebAuthnError, check } from '../errors.js';
import { certificatePublicKey } from '../x509/certificate.js';
import type { AttestationVerifier } from './types.js';
import { concat, onlyMembers, stmtBytes, stmtText } from './statement.js';
import { parseSafetyNetJws, verifyJwsSignature } from './safetynet-jws.js';

const SAFETYNET_HOSTNAME = 'attest.android.com';
const DEFAULT_MAX_AGE_MS = 60_000;

export const verifyAndroidSafetyNet: AttestationVerifier = ({
  attStmt,
  authData,
  clientDataHash,
  expected,
}) => {
  // §8.5 step 1: attStmt conforms to the android-safetynet syntax; extract ver and response.
  onlyMembers(attStmt, ['ver', 'response'], 'android-safetynet');
  stmtText(attStmt, 'ver');
  const response = stmtBytes(attStmt, 'response');

  // §8.5 step 2: response is a valid SafetyNet response (a JWS signed by the leaf of its x5c header).
  const jws = parseSafetyNetJws(response);
  const leaf = jws.header.x5c[0]!;
  check(
    verifyJwsSignature(jws, certificatePublicKey(leaf)),
    'attestation_invalid',
    'SafetyNet JWS signature does not verify',
  );

  // §8.5 step 3: nonce is the base64 of SHA-256(authenticatorData || clientDataHash).
  const nonce = createHash('sha256').update(concat(authData, clientDataHash)).digest('base64');
  check(jws.payload.nonce === nonce, 'attestation_invalid', 'SafetyNet nonce does not match');

  // §8.5 step 4: the response came from SafetyNet: the signing certificate was issued to attest.android.com.
  check(
    leaf.x509.checkHost(SAFETYNET_HOSTNAME, { wildcards: false }) !== undefined,
    'attestation_invalid',
    `SafetyNet signing certificate is not for ${SAFETYNET_HOSTNAME}`,
  );

  // §8.5 step 5: ctsProfileMatch is true (a caller may accept devices failing CTS).
  if (expected.safetyNetRequireCtsProfileMatch !== false) {
    check(
      jws.payload.ctsProfileMatch === true,
      'attestation_invalid',
      'SafetyNet ctsProfileMatch is not true',
    );
  }

  // SafetyNet guidance (step 2): the response is fresh: timestampMs no later than now and at most maxAge old.
  const maxAge = expected.safetyNetMaxAgeMs ?? DEFAULT_MAX_AGE_MS;
  if (maxAge !== false) {
    const { timestampMs } = jws.payload;
    if (typeof timestampMs !== 'number' || !Number.isFinite(timestampMs))
      throw new WebAuthnError('attestation_invalid', 'SafetyNet timestampMs is missing');
    const now = (expected.now ?? new Date()).getTime();
    check(timestampMs <= now, 'attestation_invalid', 'SafetyNet timestampMs is in the future');
    check(now - timestampMs <= maxAge, 'attestation_invalid', 'SafetyNet response is too old');
  }

  // §8.5 step 6: Basic with trust path x5c (from the JWS header).
  return { type: 'Basic', trustPath: jws.header.x5c.map((c) => c.der) };
};
