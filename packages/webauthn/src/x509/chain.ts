// Certificate path checks used by attestation trust validation (RFC 5280 §6.1, simplified to what WebAuthn
// attestation needs): issuer/subject chaining, signatures, CA flag of issuers, validity at a given time.
import type { AttestationCertificate } from './certificate.js';
import { isCa, mayCertify } from './extensions.js';

/**
 * True when `issuer` issued `cert`: the issuer name of `cert` is the subject name of `issuer` and the signature
 * verifies with its key. (Not node's checkIssued: OpenSSL also demands matching key identifiers, which some real
 * attestation chains, e.g. the FIDO conformance Android ones, do not have although the signature verifies.)
 */
export function isIssuedBy(cert: AttestationCertificate, issuer: AttestationCertificate): boolean {
  try {
    return cert.x509.issuer === issuer.x509.subject && cert.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

/**
 * True when `issuer` may issue certificates: basic constraints cA true and, when it has a key usage extension,
 * keyCertSign (anchors are exempt: the caller chose them).
 */
export function canIssue(issuer: AttestationCertificate): boolean {
  return isCa(issuer) && mayCertify(issuer);
}

/** True when `now` lies inside the certificate's notBefore..notAfter window. */
export function isValidAt(cert: AttestationCertificate, now: Date): boolean {
  const { notBefore, notAfter } = cert.asn.tbsCertificate.validity;
  const t = now.getTime();
  return notBefore.getTime().getTime() <= t && t <= notAfter.getTime().getTime();
}

export function sameCertificate(a: AttestationCertificate, b: AttestationCertificate): boolean {
  return Buffer.from(a.der).equals(b.der);
}

/**
 * The shortest prefix of `path` (leaf first) that an anchor ends: the path reaches an anchor itself, or a
 * certificate an anchor issued. A path may carry more than needed (e.g. a cross-signed root). Undefined when no
 * anchor ends it.
 */
export function anchoredPrefix(
  path: AttestationCertificate[],
  anchors: AttestationCertificate[],
): { prefix: AttestationCertificate[]; anchor: AttestationCertificate } | undefined {
  for (let i = 0; i < path.length; i++) {
    const cert = path[i]!;
    const same = anchors.find((a) => sameCertificate(a, cert));
    if (same) return { prefix: path.slice(0, i), anchor: same };
    const issuer = anchors.find((a) => isIssuedBy(cert, a));
    if (issuer) return { prefix: path.slice(0, i + 1), anchor: issuer };
  }
  return undefined;
}
