// The Apple anonymous attestation nonce extension (OID 1.2.840.113635.100.8.2, WebAuthn §8.8):
//   SEQUENCE { [1] EXPLICIT OCTET STRING nonce }
import { AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { type AttestationCertificate, findExtension, parseExtension } from './certificate.js';

export const OID_APPLE_NONCE = '1.2.840.113635.100.8.2';

@AsnType({ type: AsnTypeTypes.Sequence })
export class AppleAnonymousAttestationNonce {
  @AsnProp({ type: AsnPropTypes.OctetString, context: 1 })
  public nonce = new ArrayBuffer(0);
}

/** The nonce the Apple extension carries, or undefined when the certificate has no such extension. */
export function appleNonce(cert: AttestationCertificate): Uint8Array | undefined {
  const ext = findExtension(cert, OID_APPLE_NONCE);
  return ext ? new Uint8Array(parseExtension(ext, AppleAnonymousAttestationNonce).nonce) : undefined;
}
