// X.509 attestation certificates: DER parsed twice, by node:crypto (keys, signatures, validity) and by
// @peculiar/asn1-x509 (version, names, extensions). A certificate that does not parse is an invalid statement.
import { X509Certificate, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, type Extension, type Name } from '@peculiar/asn1-x509';
import { WebAuthnError, type WebAuthnErrorCode } from '../errors.js';

export interface AttestationCertificate {
  der: Uint8Array;
  x509: X509Certificate;
  asn: Certificate;
}

/** X.509 version field value for v3 certificates (RFC 5280 §4.1.2.1). */
const VERSION_3 = 2;

/** Parses DER; a certificate that does not parse is `code` (attestation_invalid unless the caller says otherwise). */
export function parseCertificate(
  der: Uint8Array,
  what = 'attestation certificate',
  code: WebAuthnErrorCode = 'attestation_invalid',
): AttestationCertificate {
  try {
    const x509 = new X509Certificate(der);
    const asn = AsnConvert.parse(der, Certificate);
    return { der, x509, asn };
  } catch (cause) {
    throw new WebAuthnError(code, `${what} is not a valid X.509 certificate`, { cause });
  }
}

export function isVersion3(cert: AttestationCertificate): boolean {
  return cert.asn.tbsCertificate.version === VERSION_3;
}

export function findExtension(cert: AttestationCertificate, oid: string): Extension | undefined {
  return cert.asn.tbsCertificate.extensions?.find((ext) => ext.extnID === oid);
}

/** The extension's value (the contents of extnValue) parsed with an asn1-schema class. */
export function parseExtension<T>(ext: Extension, schema: new () => T): T {
  try {
    return AsnConvert.parse(ext.extnValue.buffer, schema);
  } catch (cause) {
    throw new WebAuthnError('attestation_invalid', `certificate extension ${ext.extnID} is malformed`, {
      cause,
    });
  }
}

/** Every attribute of a name as (OID, string value) pairs, across all RDNs (multi-valued RDNs included). */
export function nameAttributes(name: Name): Array<[oid: string, value: string]> {
  return name.flatMap((rdn) => rdn.map((atv): [string, string] => [atv.type, atv.value.toString()]));
}

export function subjectAttributes(cert: AttestationCertificate): Array<[oid: string, value: string]> {
  return nameAttributes(cert.asn.tbsCertificate.subject);
}

/** The subject public key; a key node:crypto cannot import (e.g. an unknown algorithm) makes the statement invalid. */
export function certificatePublicKey(cert: AttestationCertificate): KeyObject {
  try {
    return cert.x509.publicKey;
  } catch (cause) {
    throw new WebAuthnError('attestation_invalid', 'attestation certificate public key cannot be used', {
      cause,
    });
  }
}
