// verifyAttestationMetadata: judges a verified registration's authenticator against an MDS3 BLOB (WebAuthn L3
// §7.1 steps 23-24 with the FIDO Metadata Service as the source of trust anchors, MDS3 §3.3 for the entries),
// then applies an AttestationPolicy. Pure: the BLOB was parsed by parseMetadataBlob; `now` is an input.
// Codes: metadata_expired (the BLOB is past nextUpdate), attestation_untrusted (no attestation chain when one is
// required, no statement for the authenticator, a chain not ending at the statement's roots, a policy not met),
// authenticator_revoked (the status in effect is one of REJECTING_STATUSES), metadata_invalid (a statement
// root that is not a certificate).
import { createHash } from 'node:crypto';
import { verifyTrustPath } from '../attestation/trust.js';
import { WebAuthnError } from '../errors.js';
import { parseCertificate } from '../x509/certificate.js';
import { checkFresh } from './blob.js';
import { REJECTING_STATUSES, certificationStatus, currentStatus, meetsCertificationLevel } from './status.js';
import type { AttestationPolicy, AuthenticatorMetadata, MetadataBlob, MetadataEntry } from './types.js';

const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000';

export interface VerifyAttestationMetadataInput {
  metadata: MetadataBlob;
  /** What verifyRegistration returned (registrationInfo): the AAGUID and the attestation trust path. */
  registration: { aaguid: string; trustPath: readonly Uint8Array[] };
  policy?: AttestationPolicy;
  now: Date;
  /** Skip the validity periods of the attestation chain (fixtures with expired certificates). */
  skipCertificateTimeChecks?: boolean;
}

function untrusted(message: string): never {
  throw new WebAuthnError('attestation_untrusted', message);
}

/**
 * The attestation certificate key identifier (FIDO Metadata Statement §4 attestationCertificateKeyIdentifiers):
 * SHA-1 of the subjectPublicKey BIT STRING's value (RFC 5280 §4.2.1.2 method 1), lower-case hex.
 */
export function attestationKeyIdentifier(der: Uint8Array): string {
  const cert = parseCertificate(der);
  const key = new Uint8Array(cert.asn.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
  return createHash('sha1').update(key).digest('hex');
}

/** The BLOB entry for an AAGUID, else for the key identifier of the leaf attestation certificate. */
export function findMetadataEntry(
  metadata: MetadataBlob,
  authenticator: { aaguid?: string; attestationCertificate?: Uint8Array },
): MetadataEntry | undefined {
  const aaguid = authenticator.aaguid?.toLowerCase();
  if (aaguid && aaguid !== ZERO_AAGUID) {
    const entry = metadata.byAaguid.get(aaguid);
    if (entry) return entry;
  }
  if (authenticator.attestationCertificate)
    return metadata.byKeyIdentifier.get(attestationKeyIdentifier(authenticator.attestationCertificate));
  return undefined;
}

export function verifyAttestationMetadata(input: VerifyAttestationMetadataInput): AuthenticatorMetadata {
  const { metadata, registration, now } = input;
  const policy = input.policy ?? {};
  const aaguid = registration.aaguid.toLowerCase();
  const chain = [...registration.trustPath];
  // MDS3 §3.3: a BLOB past its nextUpdate is no longer relied on
  checkFresh(metadata, now);
  // §7.1 step 23 with metadata: the statement is found by AAGUID (FIDO2) or attestation key identifier (U2F)
  const entry = findMetadataEntry(metadata, { aaguid, attestationCertificate: chain[0] });
  const statement = entry?.metadataStatement;
  let attested = false;
  if (chain.length === 0) {
    // §7.1 step 24: None and Self attestation carry no chain, so nothing the metadata vouches for
    if (policy.requireAttestation !== false)
      untrusted('the registration has no attestation chain and the policy requires attestation');
  } else {
    if (!statement) untrusted(`the MDS BLOB has no metadata statement for authenticator ${aaguid}`);
    // §7.1 step 24: the chain must end at one of the statement's attestationRootCertificates
    const roots = statement.attestationRootCertificates.map((b64, i) => {
      const der = new Uint8Array(Buffer.from(b64, 'base64'));
      parseCertificate(der, `attestationRootCertificates[${i}] of ${aaguid}`, 'metadata_invalid');
      return der;
    });
    if (roots.length === 0) untrusted(`the metadata statement of ${aaguid} lists no attestation roots`);
    verifyTrustPath({
      trustPath: chain,
      expected: {
        trustAnchors: roots,
        requireTrustedAttestation: true,
        now,
        skipCertificateTimeChecks: input.skipCertificateTimeChecks === true,
      },
    });
    attested = true;
  }
  // MDS3 §3.1.3, §3.1.4: the newest status report in effect decides; compromise and revocation reject
  const status = entry ? currentStatus(entry, now)?.status : undefined;
  if (status !== undefined && REJECTING_STATUSES.has(status))
    throw new WebAuthnError('authenticator_revoked', `authenticator ${aaguid} has status ${status}`);
  // policy: allowed AAGUIDs
  if (policy.allowedAaguids && !policy.allowedAaguids.some((a) => a.toLowerCase() === aaguid))
    untrusted(`authenticator ${aaguid} is not among the allowed AAGUIDs`);
  // policy: minimum certification level (from the status reports in effect)
  const certificationLevel = entry ? certificationStatus(entry, now) : undefined;
  if (
    policy.minimumCertificationLevel &&
    !meetsCertificationLevel(certificationLevel, policy.minimumCertificationLevel)
  )
    untrusted(
      `authenticator ${aaguid} is ${certificationLevel ?? 'not certified'}, below ${policy.minimumCertificationLevel}`,
    );
  const result: AuthenticatorMetadata = { aaguid, attested };
  if (statement) result.name = statement.description;
  if (statement?.icon) result.icon = statement.icon;
  if (status !== undefined) result.status = status;
  if (certificationLevel !== undefined) result.certificationLevel = certificationLevel;
  if (entry) result.entry = entry;
  return result;
}
