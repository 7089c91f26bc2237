// Attestation statement format "packed" (WebAuthn L3 §8.2): self attestation and x5c (Basic/AttCA).
import { WebAuthnError, check } from '../errors.js';
import { checkAaguidExtension, isCa } from '../x509/extensions.js';
import { type AttestationCertificate, isVersion3, subjectAttributes } from '../x509/certificate.js';
import type { AttestationVerifier } from './types.js';
import { attestedParts } from '../authenticator-data.js';
import { concat, onlyMembers, stmtAlg, stmtBytes, stmtX5c } from './statement.js';
import { verifyWithCertificate, verifyWithCredentialKey } from './signature.js';

const OID_C = '2.5.4.6';
const OID_O = '2.5.4.10';
const OID_OU = '2.5.4.11';
const OID_CN = '2.5.4.3';

export const verifyPacked: AttestationVerifier = ({
  attStmt,
  authData,
  clientDataHash,
  credentialPublicKey,
}) => {
  // §8.2 step 1: attStmt is valid CBOR conforming to the packed syntax; extract its fields.
  onlyMembers(attStmt, ['alg', 'sig', 'x5c'], 'packed');
  const alg = stmtAlg(attStmt);
  const sig = stmtBytes(attStmt, 'sig');
  const x5c = stmtX5c(attStmt);
  const signedData = concat(authData, clientDataHash);

  if (x5c) {
    const attestnCert = x5c[0]!;
    // §8.2 step 2: sig is a valid signature over authenticatorData || clientDataHash with attestnCert's key and alg.
    check(
      verifyWithCertificate(alg, attestnCert, signedData, sig),
      'attestation_invalid',
      'packed attestation signature does not verify with the attestation certificate',
    );
    // §8.2 step 2: attestnCert meets the requirements of §8.2.1.
    checkPackedCertificateRequirements(attestnCert);
    // §8.2 step 2: an id-fido-gen-ce-aaguid extension must equal the AAGUID in authenticatorData.
    checkAaguidExtension(attestnCert, attestedParts(authData).aaguid);
    // §8.2 step 2: Basic or AttCA (indistinguishable without metadata) with trust path x5c.
    return { type: 'Basic', trustPath: x5c.map((c) => c.der) };
  }

  // §8.2 step 3 (self attestation): alg must equal the credential public key's alg.
  if (alg !== credentialPublicKey.alg) {
    throw new WebAuthnError(
      'attestation_invalid',
      `packed self attestation alg ${alg} differs from the credential key alg ${credentialPublicKey.alg}`,
    );
  }
  // §8.2 step 3: sig verifies over authenticatorData || clientDataHash with the credential public key.
  check(
    verifyWithCredentialKey(credentialPublicKey, signedData, sig),
    'attestation_invalid',
    'packed self attestation signature does not verify with the credential public key',
  );
  return { type: 'Self', trustPath: [] };
};

/** §8.2.1 Packed attestation statement certificate requirements. */
export function checkPackedCertificateRequirements(cert: AttestationCertificate): void {
  check(isVersion3(cert), 'attestation_invalid', 'packed attestation certificate must be X.509 version 3');
  const subject = subjectAttributes(cert);
  const values = (oid: string) => subject.filter(([type]) => type === oid).map(([, value]) => value);
  const [country] = values(OID_C);
  check(
    country !== undefined && /^[A-Za-z]{2}$/.test(country),
    'attestation_invalid',
    'packed attestation certificate subject C must be an ISO 3166 country code',
  );
  check(
    values(OID_O).some((o) => o.length > 0),
    'attestation_invalid',
    'packed attestation certificate subject O is missing',
  );
  check(
    values(OID_OU).includes('Authenticator Attestation'),
    'attestation_invalid',
    'packed attestation certificate subject OU must be "Authenticator Attestation"',
  );
  check(
    values(OID_CN).some((cn) => cn.length > 0),
    'attestation_invalid',
    'packed attestation certificate subject CN is missing',
  );
  check(
    !isCa(cert),
    'attestation_invalid',
    'packed attestation certificate must have basic constraints CA false',
  );
}
