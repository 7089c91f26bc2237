// PEM text (RFC 7468 §2): every "CERTIFICATE" block of a file, in order, as DER. Anything between blocks
// (comments, other labels) is skipped, so one file can hold several roots.
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]*?)-----END CERTIFICATE-----/g;

/** The DER of each certificate in `pem`; empty when it holds none. */
export function certificatesFromPem(pem: string): Uint8Array[] {
  return [...pem.matchAll(CERTIFICATE_BLOCK)].map(
    (m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')),
  );
}

/** One certificate as PEM (64-character lines, RFC 7468 §2). */
export function certificateToPem(der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
