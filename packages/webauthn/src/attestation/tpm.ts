// Attestation statement format "tpm" (WebAuthn L3 §8.3). RS1 (SHA-1) is accepted here only, for older TPMs.
import { createHash } from 'node:crypto';
import { WebAuthnError, check } from '../errors.js';
import { algorithmInfo } from '../algorithms.js';
import type { CoseKey } from '../cose.js';
import { checkAaguidExtension } from '../x509/extensions.js';
import type { AttestationVerifier } from './types.js';
import { attestedParts } from '../authenticator-data.js';
import { concat, onlyMembers, stmtAlg, stmtBytes, stmtX5c } from './statement.js';
import { verifyWithCertificate } from './signature.js';
import { checkTpmAikCertificate } from './tpm-aik-certificate.js';
import {
  TPM_ALG,
  TPM_ECC,
  TPM_GENERATED_VALUE,
  TPM_ST_ATTEST_CERTIFY,
  type TpmtPublic,
  parseCertInfo,
  parsePubArea,
} from './tpm-structures.js';

const NAME_HASH: Record<number, string> = {
  [TPM_ALG.SHA1]: 'sha1',
  [TPM_ALG.SHA256]: 'sha256',
  [TPM_ALG.SHA384]: 'sha384',
  [TPM_ALG.SHA512]: 'sha512',
};
const COSE_CRV_OF_TPM_CURVE: Record<number, number> = {
  [TPM_ECC.NIST_P256]: 1,
  [TPM_ECC.NIST_P384]: 2,
  [TPM_ECC.NIST_P521]: 3,
};

export const verifyTpm: AttestationVerifier = ({
  attStmt,
  authData,
  clientDataHash,
  credentialPublicKey,
}) => {
  // §8.3 step 1: attStmt conforms to the tpm syntax; extract its fields.
  onlyMembers(attStmt, ['ver', 'alg', 'x5c', 'sig', 'certInfo', 'pubArea'], 'tpm');
  check(attStmt.get('ver') === '2.0', 'attestation_invalid', 'tpm attStmt.ver must be "2.0"');
  const alg = stmtAlg(attStmt);
  const sig = stmtBytes(attStmt, 'sig');
  const certInfoBytes = stmtBytes(attStmt, 'certInfo');
  const pubAreaBytes = stmtBytes(attStmt, 'pubArea');
  const x5c = stmtX5c(attStmt);
  if (!x5c)
    throw new WebAuthnError('attestation_invalid', 'tpm attStmt.x5c is missing (ECDAA is not supported)');
  const hash = algorithmInfo(alg)?.hash;
  if (!hash) throw new WebAuthnError('unsupported_algorithm', `tpm attStmt.alg ${alg} is not supported`);

  // §8.3 step 2: the key in pubArea (parameters and unique) is the credential public key.
  const pubArea = parsePubArea(pubAreaBytes);
  checkPubAreaKey(pubArea, credentialPublicKey);

  // §8.3 step 3: attToBeSigned = authenticatorData || clientDataHash.
  const attToBeSigned = concat(authData, clientDataHash);

  // §8.3 step 4: validate certInfo.
  const certInfo = parseCertInfo(certInfoBytes);
  check(
    certInfo.magic === TPM_GENERATED_VALUE,
    'attestation_invalid',
    'tpm certInfo.magic is not TPM_GENERATED_VALUE',
  );
  check(
    certInfo.type === TPM_ST_ATTEST_CERTIFY,
    'attestation_invalid',
    'tpm certInfo.type is not TPM_ST_ATTEST_CERTIFY',
  );
  // extraData is the hash of attToBeSigned with the hash algorithm of alg.
  const expectedExtraData = createHash(hash).update(attToBeSigned).digest();
  check(
    expectedExtraData.equals(certInfo.extraData),
    'attestation_invalid',
    'tpm certInfo.extraData is not the hash of attToBeSigned',
  );
  // attested.name is the Name of pubArea: nameAlg || H_nameAlg(pubArea).
  const nameHash = NAME_HASH[pubArea.nameAlg];
  if (!nameHash)
    throw new WebAuthnError('attestation_invalid', `tpm pubArea.nameAlg ${pubArea.nameAlg} is not supported`);
  const name = concat(
    Uint8Array.of(pubArea.nameAlg >> 8, pubArea.nameAlg & 0xff),
    createHash(nameHash).update(pubAreaBytes).digest(),
  );
  check(
    name.equals(certInfo.attested.name),
    'attestation_invalid',
    'tpm certInfo.attested.name is not the name of pubArea',
  );

  // §8.3 step 5: sig verifies over certInfo with the AIK certificate's key and alg (RS1 allowed for TPMs).
  const aikCert = x5c[0]!;
  check(
    verifyWithCertificate(alg, aikCert, certInfoBytes, sig, { allowRs1: true }),
    'attestation_invalid',
    'tpm attestation signature does not verify with the AIK certificate',
  );
  // §8.3 step 5: aikCert meets §8.3.1; a present id-fido-gen-ce-aaguid equals the authenticatorData AAGUID.
  checkTpmAikCertificate(aikCert);
  checkAaguidExtension(aikCert, attestedParts(authData).aaguid);
  // §8.3 step 5: AttCA with trust path x5c.
  return { type: 'AttCA', trustPath: x5c.map((c) => c.der) };
};

/** Unsigned big-endian integers compared without leading zero bytes. */
function sameInteger(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  const strip = (v: Uint8Array) =>
    v.subarray(v.findIndex((x) => x !== 0) === -1 ? v.length : v.findIndex((x) => x !== 0));
  return a !== undefined && b !== undefined && Buffer.from(strip(a)).equals(strip(b));
}

function checkPubAreaKey(pubArea: TpmtPublic, key: CoseKey): void {
  if (pubArea.type === TPM_ALG.RSA) {
    check(key.kty === 3, 'attestation_invalid', 'tpm pubArea is an RSA key but the credential key is not');
    const exponent = pubArea.parameters.exponent || 65537; // 0 means the default exponent 2^16 + 1
    const e = Buffer.alloc(4);
    e.writeUInt32BE(exponent >>> 0);
    check(
      sameInteger(pubArea.unique.n, key.n),
      'attestation_invalid',
      'tpm pubArea RSA modulus differs from the credential key',
    );
    check(
      sameInteger(e, key.e),
      'attestation_invalid',
      'tpm pubArea RSA exponent differs from the credential key',
    );
    return;
  }
  check(key.kty === 2, 'attestation_invalid', 'tpm pubArea is an ECC key but the credential key is not');
  check(
    COSE_CRV_OF_TPM_CURVE[pubArea.parameters.curveID!] === key.crv,
    'attestation_invalid',
    'tpm pubArea curve differs from the credential key',
  );
  check(
    sameInteger(pubArea.unique.x, key.x) && sameInteger(pubArea.unique.y, key.y),
    'attestation_invalid',
    'tpm pubArea ECC point differs from the credential key',
  );
}
