// Attestation statement format "none" (WebAuthn §8.7). PLACEHOLDER until the core lands.
import { WebAuthnError } from '../errors.js';
import type { AttestationVerifier } from './types.js';

export const verifyNone: AttestationVerifier = () => {
  throw new WebAuthnError('attestation_unsupported', 'none attestation is not implemented yet');
};
