// Attestation statement format "none" (WebAuthn §8.7): the attestation statement must be an empty map.
import { WebAuthnError } from '../errors.js';
import type { AttestationVerifier } from './types.js';

export const verifyNone: AttestationVerifier = ({ attStmt }) => {
  if (attStmt.size !== 0)
    throw new WebAuthnError('attestation_invalid', 'a "none" attestation statement must be empty');
  return { type: 'None', trustPath: [] };
};
