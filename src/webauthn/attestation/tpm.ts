// Attestation statement format "tpm" (WebAuthn §8). PLACEHOLDER: implementation pending.
import { WebAuthnError } from '../errors.js';
import type { AttestationVerifier } from './types.js';

export const verifyTpm: AttestationVerifier = () => {
  throw new WebAuthnError('attestation_unsupported', 'tpm attestation is not implemented yet');
};
