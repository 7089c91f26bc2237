// The contract between the registration ceremony (§7.1 step 21) and one attestation statement format (§8).
import type { AttestationType, RegistrationExpectations } from '../types.js';
import type { CoseKey } from '../cose.js';

export interface AttestationInput {
  /** The attStmt map exactly as decoded from the attestationObject (CBOR Map). */
  attStmt: ReadonlyMap<unknown, unknown>;
  /**
   * authenticatorData bytes as in the attestationObject, already read strictly (readAuthenticatorData) and holding
   * attested credential data; attestedParts(authData) gives the AAGUID and credential ID.
   */
  authData: Uint8Array;
  /** SHA-256 of clientDataJSON. */
  clientDataHash: Uint8Array;
  /** The credential public key from attestedCredentialData. */
  credentialPublicKey: CoseKey;
  /** Caller's registration expectations (trust anchors, time, SafetyNet policy). */
  expected: RegistrationExpectations;
}

export interface AttestationResult {
  type: AttestationType;
  /** DER certificates, leaf first (x5c); empty for None and Self. */
  trustPath: Uint8Array[];
}

/** Verifies one format's statement (§8.x "Verification procedure"); throws WebAuthnError on failure. */
export type AttestationVerifier = (input: AttestationInput) => AttestationResult;
