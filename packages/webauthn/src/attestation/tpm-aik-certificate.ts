// §8.3.1 TPM attestation statement certificate requirements (the AIK certificate, x5c[0]).
import { check } from '../errors.js';
import { type AttestationCertificate, isVersion3, subjectAttributes } from '../x509/certificate.js';
import { extendedKeyUsages, isCa, subjectAltNameDirectoryAttributes } from '../x509/extensions.js';

/** tcg-kp-AIKCertificate (TCG EK Credential Profile). */
export const OID_TCG_KP_AIK_CERTIFICATE = '2.23.133.8.3';
/** TPM device attributes in the subject alternative name (TPMv2-EK-Profile §3.2.9). */
export const OID_TCG_AT_TPM_MANUFACTURER = '2.23.133.2.1';
export const OID_TCG_AT_TPM_MODEL = '2.23.133.2.2';
export const OID_TCG_AT_TPM_VERSION = '2.23.133.2.3';

export function checkTpmAikCertificate(cert: AttestationCertificate): void {
  // Version MUST be set to 3.
  check(isVersion3(cert), 'attestation_invalid', 'TPM AIK certificate must be X.509 version 3');
  // Subject field MUST be set to empty.
  check(
    subjectAttributes(cert).length === 0,
    'attestation_invalid',
    'TPM AIK certificate subject must be empty',
  );
  // The Subject Alternative Name extension MUST carry the TPM manufacturer, model and version (TPMv2-EK-Profile
  // §3.2.9); the manufacturer is "id:" and the 4-byte TCG vendor ID in hex (vendor lists are policy, not checked).
  const san = new Map(subjectAltNameDirectoryAttributes(cert));
  for (const [oid, what] of [
    [OID_TCG_AT_TPM_MANUFACTURER, 'manufacturer'],
    [OID_TCG_AT_TPM_MODEL, 'model'],
    [OID_TCG_AT_TPM_VERSION, 'version'],
  ] as const) {
    check(
      san.get(oid),
      'attestation_invalid',
      `TPM AIK certificate subject alternative name lacks the TPM ${what}`,
    );
  }
  check(
    /^id:[0-9A-Fa-f]{8}$/.test(san.get(OID_TCG_AT_TPM_MANUFACTURER)!),
    'attestation_invalid',
    'TPM AIK certificate subject alternative name has a malformed TPM manufacturer',
  );
  // The Extended Key Usage extension MUST contain tcg-kp-AIKCertificate.
  check(
    extendedKeyUsages(cert).includes(OID_TCG_KP_AIK_CERTIFICATE),
    'attestation_invalid',
    'TPM AIK certificate extended key usage lacks tcg-kp-AIKCertificate',
  );
  // The Basic Constraints extension MUST have the CA component set to false.
  check(!isCa(cert), 'attestation_invalid', 'TPM AIK certificate must have basic constraints CA false');
}
