// Attestation statement format "apple" (Apple Anonymous Attestation, WebAuthn L3 §8.8).
import { createHash } from 'node:crypto';
import { WebAuthnError, check } from '../errors.js';
import { appleNonce } from '../x509/apple-nonce.js';
import type { AttestationVerifier } from './types.js';
import { concat, onlyMembers, stmtX5c } from './statement.js';
import { certificateKeyEquals } from './signature.js';

export const verifyApple: AttestationVerifier = ({
  attStmt,
  authData,
  clientDataHash,
  credentialPublicKey,
}) => {
  // §8.8 step 1: attStmt conforms to the apple syntax; extract x5c. Early iOS 14 statements also carry an
  // `alg` (seen in real devices' data); it signs nothing here, so it is tolerated and ignored.
  onlyMembers(attStmt, ['x5c', 'alg'], 'apple');
  const x5c = stmtX5c(attStmt);
  if (!x5c) throw new WebAuthnError('attestation_invalid', 'apple attStmt.x5c is missing');
  const credCert = x5c[0]!;
  // §8.8 steps 2-3: nonce = SHA-256(authenticatorData || clientDataHash).
  const nonce = createHash('sha256').update(concat(authData, clientDataHash)).digest();
  // §8.8 step 4: nonce equals the value of the 1.2.840.113635.100.8.2 extension in credCert.
  const certNonce = appleNonce(credCert);
  check(
    certNonce !== undefined,
    'attestation_invalid',
    'apple credential certificate has no nonce extension',
  );
  check(nonce.equals(certNonce), 'attestation_invalid', 'apple attestation nonce does not match');
  // §8.8 step 5: the credential public key equals the subject public key of credCert.
  check(
    certificateKeyEquals(credCert, credentialPublicKey),
    'attestation_invalid',
    'apple credential certificate key is not the credential public key',
  );
  // §8.8 step 6: AnonCA with trust path x5c.
  return { type: 'AnonCA', trustPath: x5c.map((c) => c.der) };
};
