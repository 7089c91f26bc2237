// Attestation statement format "android-key" (WebAuthn §8). PLACEHOLDER: implementation pending.
import { WebAuthnError } from '../errors.js';
import type { AttestationVerifier } from './types.js';

export const verifyAndroidKey: AttestationVerifier = () => {
  throw new WebAuthnError('attestation_unsupported', 'android-key attestation is not implemented yet');
};
