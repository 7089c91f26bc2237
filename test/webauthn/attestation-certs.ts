// Mints small X.509 certificates (P-256 by default; signed ecdsa-with-SHA256, or sha256WithRSAEncryption when
// the issuer's key is RSA) for attestation and MDS tests, with @peculiar/asn1-x509 and node:crypto. Test-only:
// names, extensions, validity and issuer are chosen per test.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  id_ce_basicConstraints,
} from '@peculiar/asn1-x509';

export interface MintedCertificate {
  der: Uint8Array;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface MintOptions {
  subject?: Array<[oid: string, value: string]>;
  /** Issuer certificate (and key); self-signed when absent. */
  issuer?: MintedCertificate & { subject: Array<[string, string]> };
  ca?: boolean;
  /** Omit basic constraints entirely. */
  noBasicConstraints?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  version?: number;
  extensions?: Extension[];
  keyPair?: { privateKey: KeyObject; publicKey: KeyObject };
  /** Certify this public key instead of the key pair's (the certificate is still signed by the pair or issuer). */
  subjectPublicKey?: KeyObject;
}

export const PACKED_SUBJECT: Array<[string, string]> = [
  ['2.5.4.6', 'US'],
  ['2.5.4.10', 'credkit test'],
  ['2.5.4.11', 'Authenticator Attestation'],
  ['2.5.4.3', 'credkit test batch'],
];

function name(attrs: Array<[string, string]>): Name {
  return new Name(
    attrs.map(
      ([type, value]) =>
        new RelativeDistinguishedName([
          new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) }),
        ]),
    ),
  );
}

export function extension(extnID: string, value: unknown, critical = false): Extension {
  const der = value instanceof Uint8Array ? value : new Uint8Array(AsnConvert.serialize(value));
  return new Extension({ extnID, critical, extnValue: new OctetString(der) });
}

/** A certificate and its key pair; the returned object can issue further certificates. */
export function mintCertificate(
  options: MintOptions = {},
): MintedCertificate & { subject: Array<[string, string]> } {
  const keys = options.keyPair ?? generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const subject = options.subject ?? PACKED_SUBJECT;
  const exts = [...(options.extensions ?? [])];
  if (!options.noBasicConstraints)
    exts.push(extension(id_ce_basicConstraints, new BasicConstraints({ cA: options.ca ?? false }), true));
  const signer = options.issuer?.privateKey ?? keys.privateKey;
  const sigAlg =
    signer.asymmetricKeyType === 'rsa'
      ? // sha256WithRSAEncryption, parameters NULL (RFC 4055 §5)
        new AlgorithmIdentifier({
          algorithm: '1.2.840.113549.1.1.11',
          parameters: Uint8Array.of(0x05, 0x00).buffer,
        })
      : new AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.2' });
  const tbs = new TBSCertificate({
    version: options.version ?? 2,
    serialNumber: Uint8Array.of(1, 2, 3).buffer,
    signature: sigAlg,
    issuer: name(options.issuer?.subject ?? subject),
    validity: new Validity({
      notBefore: options.notBefore ?? new Date('2020-01-01T00:00:00Z'),
      notAfter: options.notAfter ?? new Date('2040-01-01T00:00:00Z'),
    }),
    subject: name(subject),
    subjectPublicKeyInfo: AsnConvert.parse(
      (options.subjectPublicKey ?? keys.publicKey).export({ format: 'der', type: 'spki' }),
      SubjectPublicKeyInfo,
    ),
    extensions: exts.length > 0 ? new Extensions(exts) : undefined,
  });
  const signature = sign('sha256', new Uint8Array(AsnConvert.serialize(tbs)), signer);
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: sigAlg,
    signatureValue: new Uint8Array(signature).buffer,
  });
  return {
    der: new Uint8Array(AsnConvert.serialize(cert)),
    privateKey: keys.privateKey,
    publicKey: keys.publicKey,
    subject,
  };
}
