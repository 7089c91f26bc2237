// The attestation statement format registry (WebAuthn §8, IANA "WebAuthn Attestation Statement Format Identifiers").
import type { AttestationFormat } from '../types.js';
import type { AttestationVerifier } from './types.js';
import { verifyNone } from './none.js';
import { verifyPacked } from './packed.js';
import { verifyFidoU2F } from './fido-u2f.js';
import { verifyAndroidKey } from './android-key.js';
import { verifyAndroidSafetyNet } from './android-safetynet.js';
import { verifyTpm } from './tpm.js';
import { verifyApple } from './apple.js';

export const attestationVerifiers: Readonly<Record<AttestationFormat, AttestationVerifier>> = {
  none: verifyNone,
  packed: verifyPacked,
  'fido-u2f': verifyFidoU2F,
  'android-key': verifyAndroidKey,
  'android-safetynet': verifyAndroidSafetyNet,
  tpm: verifyTpm,
  apple: verifyApple,
};

export function isAttestationFormat(fmt: unknown): fmt is AttestationFormat {
  return typeof fmt === 'string' && Object.hasOwn(attestationVerifiers, fmt);
}
