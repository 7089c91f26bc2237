// The Android Key Attestation extension (KeyDescription, OID 1.3.6.1.4.1.11129.2.1.17), parsed with
// @peculiar/asn1-android's flexible-order schema (keymaster and KeyMint versions alike).
import { NonStandardKeyDescription, id_ce_keyDescription } from '@peculiar/asn1-android';
import { type AttestationCertificate, findExtension, parseExtension } from './certificate.js';

export { id_ce_keyDescription as OID_ANDROID_KEY_DESCRIPTION };

/** The certificate's KeyDescription, or undefined when it has no such extension. */
export function androidKeyDescription(cert: AttestationCertificate): NonStandardKeyDescription | undefined {
  const ext = findExtension(cert, id_ce_keyDescription);
  return ext ? parseExtension(ext, NonStandardKeyDescription) : undefined;
}
