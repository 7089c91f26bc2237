// Attestation trust path validation (WebAuthn §7.1 steps 22-23). PLACEHOLDER: implementation pending.
// CONTRACT: verifyTrustPath({ trustPath, expected }) -> { trusted }. With trust anchors supplied, a trust path
// that does not chain to one of them at `expected.now` throws attestation_untrusted; without anchors it
// returns { trusted: false }.
import type { RegistrationExpectations } from '../types.js';

export interface TrustPathInput {
  /** DER certificates, leaf first. */
  trustPath: Uint8Array[];
  expected: RegistrationExpectations;
}

export function verifyTrustPath(_input: TrustPathInput): { trusted: boolean } {
  return { trusted: false };
}
