// Attestation statement format "android-key" (WebAuthn L3 §8.4).
import type { AuthorizationList } from '@peculiar/asn1-android';
import { WebAuthnError, check } from '../errors.js';
import type { RegistrationExpectations } from '../types.js';
import { androidKeyDescription } from '../x509/android-key-description.js';
import type { AttestationVerifier } from './types.js';
import { concat, onlyMembers, stmtAlg, stmtBytes, stmtX5c } from './statement.js';
import { certificateKeyEquals, verifyWithCertificate } from './signature.js';

/** Keymaster tag values (Android Keymaster / KeyMint). */
const KM_ORIGIN_GENERATED = 0;
const KM_PURPOSE_SIGN = 2;

/**
 * android-key policy. §8.4 step 5: "use only the teeEnforced authorization list if the RP wants to accept only
 * keys from a trusted execution environment, otherwise use the union of teeEnforced and softwareEnforced".
 * Default (the spec's general case): the union. `androidKeyTeeEnforcedOnly: true` narrows it to TEE keys.
 */
export interface AndroidKeyExpectations extends RegistrationExpectations {
  androidKeyTeeEnforcedOnly?: boolean;
}

export const verifyAndroidKey: AttestationVerifier = ({
  attStmt,
  authData,
  clientDataHash,
  credentialPublicKey,
  expected,
}) => {
  // §8.4 step 1: attStmt conforms to the android-key syntax; extract alg, sig, x5c.
  onlyMembers(attStmt, ['alg', 'sig', 'x5c'], 'android-key');
  const alg = stmtAlg(attStmt);
  const sig = stmtBytes(attStmt, 'sig');
  const x5c = stmtX5c(attStmt);
  if (!x5c) throw new WebAuthnError('attestation_invalid', 'android-key attStmt.x5c is missing');
  const credCert = x5c[0]!;

  // §8.4 step 2: sig verifies over authenticatorData || clientDataHash with the first certificate's key and alg.
  check(
    verifyWithCertificate(alg, credCert, concat(authData, clientDataHash), sig),
    'attestation_invalid',
    'android-key attestation signature does not verify',
  );
  // §8.4 step 3: the first certificate's public key is the credential public key.
  check(
    certificateKeyEquals(credCert, credentialPublicKey),
    'attestation_invalid',
    'android-key certificate key is not the credential public key',
  );

  const description = androidKeyDescription(credCert);
  if (!description)
    throw new WebAuthnError(
      'attestation_invalid',
      'android-key certificate has no key description extension',
    );
  // §8.4 step 4: attestationChallenge equals clientDataHash.
  check(
    Buffer.from(description.attestationChallenge.buffer).equals(clientDataHash),
    'attestation_invalid',
    'android-key attestationChallenge is not the clientDataHash',
  );

  const tee = description.teeEnforced;
  const software = description.softwareEnforced;
  // §8.4 step 5: allApplications is absent from both lists (the key must be scoped to the RP ID).
  check(
    tee.findProperty('allApplications') === undefined &&
      software.findProperty('allApplications') === undefined,
    'attestation_invalid',
    'android-key authorization list has allApplications',
  );

  // §8.4 step 5: origin == KM_ORIGIN_GENERATED and purpose contains KM_PURPOSE_SIGN, in teeEnforced only
  // or in the union of teeEnforced and softwareEnforced (see AndroidKeyExpectations).
  const teeOnly = expected.androidKeyTeeEnforcedOnly === true;
  const lists = teeOnly ? [tee] : [tee, software];
  const find = <K extends keyof AuthorizationList>(key: K) =>
    lists.map((l) => l.findProperty(key)).filter((v) => v !== undefined);
  check(
    find('origin').includes(KM_ORIGIN_GENERATED),
    'attestation_invalid',
    `android-key origin is not KM_ORIGIN_GENERATED${teeOnly ? ' in teeEnforced' : ''}`,
  );
  check(
    find('purpose').some((set) => set!.includes(KM_PURPOSE_SIGN)),
    'attestation_invalid',
    `android-key purpose lacks KM_PURPOSE_SIGN${teeOnly ? ' in teeEnforced' : ''}`,
  );

  // §8.4 step 6: Basic with trust path x5c.
  return { type: 'Basic', trustPath: x5c.map((c) => c.der) };
};
