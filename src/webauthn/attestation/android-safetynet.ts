// Attestation statement format "android-safetynet" (WebAuthn §8). PLACEHOLDER: implementation pending.
import { WebAuthnError } from '../errors.js';
import type { AttestationVerifier } from './types.js';

export const verifyAndroidSafetyNet: AttestationVerifier = () => {
  throw new WebAuthnError('attestation_unsupported', 'android-safetynet attestation is not implemented yet');
};
