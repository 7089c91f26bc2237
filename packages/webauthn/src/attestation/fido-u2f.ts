// Attestation statement format "fido-u2f" (WebAuthn L3 §8.6).
import { WebAuthnError, check } from '../errors.js';
import { certificatePublicKey } from '../x509/certificate.js';
import type { AttestationVerifier } from './types.js';
import { attestedParts } from '../authenticator-data.js';
import { concat, onlyMembers, stmtBytes, stmtX5c } from './statement.js';
import { verifyWithCertificate } from './signature.js';

const COSE_ALG_ES256 = -7;
const COSE_KTY_EC2 = 2;
const COSE_CRV_P256 = 1;

export const verifyFidoU2F: AttestationVerifier = ({
  attStmt,
  authData,
  clientDataHash,
  credentialPublicKey,
}) => {
  // §8.6 step 1: attStmt conforms to the fido-u2f syntax; extract x5c and sig.
  onlyMembers(attStmt, ['sig', 'x5c'], 'fido-u2f');
  const sig = stmtBytes(attStmt, 'sig');
  const x5c = stmtX5c(attStmt);
  // §8.6 step 2: x5c has exactly one element, whose public key is an EC key on P-256.
  if (!x5c || x5c.length !== 1)
    throw new WebAuthnError('attestation_invalid', 'fido-u2f x5c must hold exactly one certificate');
  const attCert = x5c[0]!;
  const certKey = certificatePublicKey(attCert);
  check(
    certKey.asymmetricKeyType === 'ec' && certKey.asymmetricKeyDetails?.namedCurve === 'prime256v1',
    'attestation_invalid',
    'fido-u2f attestation certificate key must be EC P-256',
  );

  // §8.6 step 3: rpIdHash, credentialId and credentialPublicKey from authenticatorData.
  const { credentialId } = attestedParts(authData);
  // §8.6 step 4: the credential public key as raw ANSI X9.62 (0x04 || x || y), each coordinate 32 bytes.
  const { kty, alg, crv, x, y } = credentialPublicKey;
  check(
    kty === COSE_KTY_EC2 && crv === COSE_CRV_P256 && alg === COSE_ALG_ES256,
    'attestation_invalid',
    'fido-u2f credential key must be an ES256 EC2 key on P-256',
  );
  check(
    x?.length === 32 && y?.length === 32,
    'attestation_invalid',
    'fido-u2f credential key coordinates must be 32 bytes',
  );
  const publicKeyU2F = concat(Uint8Array.of(0x04), x, y);

  // §8.6 step 5: verificationData = 0x00 || rpIdHash || clientDataHash || credentialId || publicKeyU2F.
  const verificationData = concat(
    Uint8Array.of(0x00),
    authData.subarray(0, 32), // rpIdHash
    clientDataHash,
    credentialId,
    publicKeyU2F,
  );
  // §8.6 step 6: sig verifies with the certificate key (ECDSA P-256 with SHA-256).
  check(
    verifyWithCertificate(COSE_ALG_ES256, attCert, verificationData, sig),
    'attestation_invalid',
    'fido-u2f attestation signature does not verify',
  );
  // §8.6 step 8: Basic or AttCA with trust path x5c.
  return { type: 'Basic', trustPath: [attCert.der] };
};
