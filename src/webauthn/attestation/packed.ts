// Attestation statement format "packed" (WebAuthn §8). PLACEHOLDER: implementation pending.
import { WebAuthnError } from '../errors.js';
import type { AttestationVerifier } from './types.js';

export const verifyPacked: AttestationVerifier = () => {
  throw new WebAuthnError('attestation_unsupported', 'packed attestation is not implemented yet');
};
