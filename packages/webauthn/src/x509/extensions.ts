// Certificate extensions WebAuthn attestation relies on: basic constraints, extended key usage,
// subject alternative name, and id-fido-gen-ce-aaguid (WebAuthn §8.2.1, §8.3.1).
import { OctetString } from '@peculiar/asn1-schema';
import {
  BasicConstraints,
  ExtendedKeyUsage,
  KeyUsage,
  id_ce_keyUsage,
  SubjectAlternativeName,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_subjectAltName,
} from '@peculiar/asn1-x509';
import { WebAuthnError, check } from '../errors.js';
import { type AttestationCertificate, findExtension, nameAttributes, parseExtension } from './certificate.js';

export const OID_FIDO_GEN_CE_AAGUID = '1.3.6.1.4.1.45724.1.1.4';

/** The cA flag of basic constraints; an absent extension means "not a CA" (RFC 5280 §4.2.1.9). */
export function isCa(cert: AttestationCertificate): boolean {
  const ext = findExtension(cert, id_ce_basicConstraints);
  return ext ? parseExtension(ext, BasicConstraints).cA : false;
}

/** False only when a key usage extension is present without keyCertSign (RFC 5280 §4.2.1.3). */
export function mayCertify(cert: AttestationCertificate): boolean {
  const ext = findExtension(cert, id_ce_keyUsage);
  return ext ? parseExtension(ext, KeyUsage).toJSON().includes('keyCertSign') : true;
}

/** Extensions a verifier must process when critical (RFC 5280 §4.2) and that credkit does process or that only
 * narrow what a certificate may do: basic constraints, key usage, extended key usage, subject alternative name,
 * certificate policies, name/policy constraints, policy mappings, inhibit anyPolicy. */
const UNDERSTOOD_CRITICAL = new Set([
  '2.5.29.19',
  '2.5.29.15',
  '2.5.29.37',
  '2.5.29.17',
  '2.5.29.32',
  '2.5.29.30',
  '2.5.29.36',
  '2.5.29.33',
  '2.5.29.54',
]);

/** OIDs of critical extensions this verifier does not recognize. */
export function unknownCriticalExtensions(cert: AttestationCertificate): string[] {
  return (cert.asn.tbsCertificate.extensions ?? [])
    .filter((e) => e.critical && !UNDERSTOOD_CRITICAL.has(e.extnID))
    .map((e) => e.extnID);
}

/** Extended key usage purposes (OIDs); empty when the extension is absent. */
export function extendedKeyUsages(cert: AttestationCertificate): string[] {
  const ext = findExtension(cert, id_ce_extKeyUsage);
  return ext ? [...parseExtension(ext, ExtendedKeyUsage)] : [];
}

/** Attributes of every directoryName in the subject alternative name; empty when the extension is absent. */
export function subjectAltNameDirectoryAttributes(cert: AttestationCertificate): Array<[string, string]> {
  const ext = findExtension(cert, id_ce_subjectAltName);
  if (!ext) return [];
  return [...parseExtension(ext, SubjectAlternativeName)].flatMap((gn) =>
    gn.directoryName ? nameAttributes(gn.directoryName) : [],
  );
}

/**
 * If the certificate carries id-fido-gen-ce-aaguid, it must not be critical and its value (an OCTET STRING
 * of 16 bytes) must equal the AAGUID in authenticatorData (§8.2.1, §8.3.1).
 */
export function checkAaguidExtension(cert: AttestationCertificate, aaguid: Uint8Array): void {
  const ext = findExtension(cert, OID_FIDO_GEN_CE_AAGUID);
  if (!ext) return;
  check(!ext.critical, 'attestation_invalid', 'id-fido-gen-ce-aaguid extension must not be critical');
  const value = new Uint8Array(parseExtension(ext, OctetString).buffer);
  if (value.length !== 16 || !Buffer.from(value).equals(aaguid)) {
    throw new WebAuthnError(
      'attestation_invalid',
      'id-fido-gen-ce-aaguid does not match the authenticator data AAGUID',
    );
  }
}
