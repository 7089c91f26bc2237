// What `credkit inspect` shows of one attestation certificate (node:crypto's X509Certificate does the parsing).
import { X509Certificate } from 'node:crypto';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  serialNumber: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex (as openssl and Android tooling print it). */
  sha256: string;
  publicKey: string;
  /** Set instead of the fields above when the DER does not parse. */
  error?: string;
}

const oneLine = (name: string | undefined): string =>
  (name ?? '').split('\n').filter(Boolean).join(', ') || '(empty)';

function keyDescription(cert: X509Certificate): string {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails;
  if (details?.namedCurve) return `${key.asymmetricKeyType} ${details.namedCurve}`;
  if (details?.modulusLength) return `${key.asymmetricKeyType} ${details.modulusLength} bits`;
  return String(key.asymmetricKeyType);
}

export function certificateInfo(der: Uint8Array): CertificateInfo {
  try {
    const cert = new X509Certificate(der);
    return {
      subject: oneLine(cert.subject),
      issuer: oneLine(cert.issuer),
      notBefore: new Date(cert.validFrom).toISOString(),
      notAfter: new Date(cert.validTo).toISOString(),
      serialNumber: cert.serialNumber,
      sha256: cert.fingerprint256,
      publicKey: keyDescription(cert),
    };
  } catch (err) {
    const empty = {
      subject: '',
      issuer: '',
      notBefore: '',
      notAfter: '',
      serialNumber: '',
      sha256: '',
      publicKey: '',
    };
    return { ...empty, error: `not a valid X.509 certificate (${(err as Error).message})` };
  }
}
