// Attestation statement format "apple" (WebAuthn §8). PLACEHOLDER: implementation pending.
import { WebAuthnError } from '../errors.js';
import type { AttestationVerifier } from './types.js';

export const verifyApple: AttestationVerifier = () => {
  throw new WebAuthnError('attestation_unsupported', 'apple attestation is not implemented yet');
};
