// Attestation statement format "fido-u2f" (WebAuthn §8). PLACEHOLDER: implementation pending.
import { WebAuthnError } from '../errors.js';
import type { AttestationVerifier } from './types.js';

export const verifyFidoU2F: AttestationVerifier = () => {
  throw new WebAuthnError('attestation_unsupported', 'fido-u2f attestation is not implemented yet');
};
