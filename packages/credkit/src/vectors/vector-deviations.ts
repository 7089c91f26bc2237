// Vector cases where credkit knowingly disagrees with the peer library that recorded the expected outcome.
// Each is stricter than the peer, fails with the code below, and is listed in docs/differences.md.
// A listed case counts as matched only when it fails with exactly this code.
import type { WebAuthnErrorCode } from '@credkit/webauthn';

export interface VectorDeviation {
  /** The code credkit fails the case with. */
  code: WebAuthnErrorCode;
  /** Why credkit is right, with the spec step. */
  reason: string;
}

const ID_NOT_ATTESTED =
  'id/rawId is not the credential ID in authenticatorData; the peer substituted it and never checks it ' +
  '(WebAuthn L3 §5.1 [[identifier]] is the attested credentialId; credkit checks it with §7.1 step 25)';

export const VECTOR_DEVIATIONS: Readonly<Record<string, VectorDeviation>> = {
  'MasterKale/SimpleWebAuthn: should verify Packed (EC2) attestation (registration)': {
    code: 'credential_id_mismatch',
    reason: ID_NOT_ATTESTED,
  },
  'MasterKale/SimpleWebAuthn: should verify Packed (X5C) attestation (registration)': {
    code: 'credential_id_mismatch',
    reason: ID_NOT_ATTESTED,
  },
  'kanidm/webauthn-rs: test_google_android_key (registration)': {
    code: 'credential_id_mismatch',
    reason: ID_NOT_ATTESTED,
  },
  'go-webauthn/webauthn: Test_VerifyAppleFormat/ShouldSuccessfullyParseAppleFormat (registration)': {
    code: 'credential_id_mismatch',
    reason: ID_NOT_ATTESTED,
  },
};
