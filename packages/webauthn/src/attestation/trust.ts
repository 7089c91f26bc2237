// Attestation trust path validation (WebAuthn L3 §7.1 steps 22-23).
// CONTRACT: verifyTrustPath({ trustPath, expected }) -> { trusted }. With trust anchors supplied, a trust path
// that does not chain to one of them at `expected.now` throws attestation_untrusted; without anchors it
// returns { trusted: false } (and throws attestation_untrusted when expected.requireTrustedAttestation).
//
// Which code when:
// - attestation_invalid: the x5c the authenticator sent is internally inconsistent — a certificate is not
//   issued (names + signature) by the next one, or an issuing certificate is not a CA (cA, keyCertSign). That is a defect of
//   the statement itself, true at any time and whatever the caller trusts.
// - attestation_untrusted: everything that depends on the caller's trust decision: no anchor issues the path,
//   or a certificate of the path (anchor included) is outside its validity window at `expected.now`. An
//   expired certificate does not make the signature false; it makes the path unusable as evidence *at that
//   time* (RFC 5280 §6.1.3 (a)(2)), so it is a trust failure, and a caller replaying an old registration at
//   the time it happened (expected.now) gets the same statement accepted. Likewise a certificate of the
//   anchored path with a critical extension credkit does not process cannot be relied on (RFC 5280 §4.2).
// Validity windows are checked only when anchors are supplied: without anchors nothing is anchored, so a
// path's validity period decides nothing (and many real attestation certificates have short lives).
import { WebAuthnError } from '../errors.js';
import type { RegistrationExpectations } from '../types.js';
import { parseCertificate } from '../x509/certificate.js';
import { anchoredPrefix, canIssue, isIssuedBy, isValidAt } from '../x509/chain.js';
import { unknownCriticalExtensions } from '../x509/extensions.js';

export interface TrustPathInput {
  /** DER certificates, leaf first. */
  trustPath: Uint8Array[];
  /** The members of the registration expectations that trust depends on. */
  expected: Pick<
    RegistrationExpectations,
    'trustAnchors' | 'requireTrustedAttestation' | 'now' | 'skipCertificateTimeChecks'
  >;
}

function untrusted(message: string): never {
  throw new WebAuthnError('attestation_untrusted', message);
}

export function verifyTrustPath({ trustPath, expected }: TrustPathInput): { trusted: boolean } {
  // §7.1 step 23: with no trust path (None, Self) there is nothing to anchor.
  if (trustPath.length === 0) {
    if (expected.requireTrustedAttestation)
      untrusted('attestation has no trust path and trusted attestation is required');
    return { trusted: false };
  }
  const path = trustPath.map((der, i) => parseCertificate(der, `trust path certificate ${i}`));
  // The x5c must chain in itself: each certificate issued by the next, issuers being CAs.
  for (let i = 0; i + 1 < path.length; i++) {
    if (!isIssuedBy(path[i]!, path[i + 1]!)) {
      throw new WebAuthnError('attestation_invalid', `x5c[${i}] is not issued by x5c[${i + 1}]`);
    }
    if (!canIssue(path[i + 1]!))
      throw new WebAuthnError(
        'attestation_invalid',
        `x5c[${i + 1}] may not issue certificates (basic constraints cA, key usage keyCertSign)`,
      );
  }

  const anchors = (expected.trustAnchors ?? []).map((der, i) => parseCertificate(der, `trust anchor ${i}`));
  if (anchors.length === 0) {
    if (expected.requireTrustedAttestation)
      untrusted('no trust anchors were supplied and trusted attestation is required');
    return { trusted: false };
  }

  // §7.1 step 22-23: the path must end at an anchor or at a certificate an anchor issued. A path may carry
  // more than needed (e.g. a cross-signed root): the shortest anchored prefix counts.
  const used = anchoredPrefix(path, anchors);
  if (!used) untrusted('attestation trust path does not chain to a supplied trust anchor');
  for (const cert of used.prefix) {
    const unknown = unknownCriticalExtensions(cert);
    if (unknown.length > 0)
      untrusted(`a trust path certificate has unrecognized critical extensions ${unknown.join(', ')}`);
  }

  if (!expected.skipCertificateTimeChecks) {
    const now = expected.now ?? new Date();
    for (const cert of [...used.prefix, used.anchor]) {
      if (!isValidAt(cert, now)) {
        untrusted(
          `certificate ${cert.x509.subject.replace(/\n/g, ', ') || '(empty subject)'} is not valid at ${now.toISOString()}`,
        );
      }
    }
  }
  return { trusted: true };
}
