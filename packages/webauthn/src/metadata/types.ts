// The FIDO Metadata Service v3 shapes credkit reads (FIDO MDS3 §3.1, FIDO Metadata Statement §4). Only the
// members verification and naming use are typed; every other member of the signed JSON is kept as sent.

/** MDS3 §3.1.4 AuthenticatorStatus. */
export type AuthenticatorStatus =
  | 'NOT_FIDO_CERTIFIED'
  | 'FIDO_CERTIFIED'
  | 'USER_VERIFICATION_BYPASS'
  | 'ATTESTATION_KEY_COMPROMISE'
  | 'USER_KEY_REMOTE_COMPROMISE'
  | 'USER_KEY_PHYSICAL_COMPROMISE'
  | 'UPDATE_AVAILABLE'
  | 'REVOKED'
  | 'SELF_ASSERTION_SUBMITTED'
  | 'FIDO_CERTIFIED_L1'
  | 'FIDO_CERTIFIED_L1plus'
  | 'FIDO_CERTIFIED_L2'
  | 'FIDO_CERTIFIED_L2plus'
  | 'FIDO_CERTIFIED_L3'
  | 'FIDO_CERTIFIED_L3plus';

/** The certification levels a policy can ask for (the legacy FIDO_CERTIFIED counts as L1). */
export type CertificationLevel =
  | 'FIDO_CERTIFIED_L1'
  | 'FIDO_CERTIFIED_L1plus'
  | 'FIDO_CERTIFIED_L2'
  | 'FIDO_CERTIFIED_L2plus'
  | 'FIDO_CERTIFIED_L3'
  | 'FIDO_CERTIFIED_L3plus';

/** MDS3 §3.1.3 StatusReport. */
export interface StatusReport {
  status: AuthenticatorStatus | string;
  /** ISO-8601 date (YYYY-MM-DD) since which the report is in effect. */
  effectiveDate?: string;
  certificationDescriptor?: string;
  certificateNumber?: string;
  url?: string;
  [member: string]: unknown;
}

/** FIDO Metadata Statement §4 (the members credkit reads). */
export interface MetadataStatement {
  description: string;
  aaguid?: string;
  attestationCertificateKeyIdentifiers?: string[];
  /** Standard base64 DER certificates: the roots an attestation chain of this authenticator must end at. */
  attestationRootCertificates: string[];
  /** A data: URL (PNG). */
  icon?: string;
  [member: string]: unknown;
}

/** MDS3 §3.1.1 MetadataBLOBPayloadEntry. */
export interface MetadataEntry {
  aaid?: string;
  /** Lower-case, hyphenated. */
  aaguid?: string;
  /** Lower-case hex. */
  attestationCertificateKeyIdentifiers?: string[];
  metadataStatement?: MetadataStatement;
  statusReports: StatusReport[];
  timeOfLastStatusChange?: string;
  [member: string]: unknown;
}

/** A BLOB whose signature, chain and freshness were verified (parseMetadataBlob), indexed for look-ups. */
export interface MetadataBlob {
  /** MDS3 §3.1.6 `no`: the serial number of this BLOB. */
  no: number;
  /** MDS3 §3.1.6 `nextUpdate` (YYYY-MM-DD): the BLOB is usable through the end of that day (UTC). */
  nextUpdate: string;
  legalHeader?: string;
  /** The JWS alg that signed it (RS256 or ES256). */
  alg: string;
  /** The signer certificate's subject, one attribute a line. */
  signer: string;
  entries: readonly MetadataEntry[];
  /** Entries by lower-case hyphenated AAGUID (FIDO2 authenticators). */
  byAaguid: ReadonlyMap<string, MetadataEntry>;
  /** Entries by lower-case hex attestation certificate key identifier (U2F authenticators). */
  byKeyIdentifier: ReadonlyMap<string, MetadataEntry>;
}

/** Rules a registration's authenticator must meet, judged against the metadata. */
export interface AttestationPolicy {
  /**
   * Reject registrations without an attestation chain (none, self attestation). Default true. When false, such
   * a registration passes unattested: its AAGUID is only the authenticator's claim.
   */
  requireAttestation?: boolean;
  /** AAGUIDs (any case, hyphenated) accepted; absent: any. */
  allowedAaguids?: readonly string[];
  /** The lowest certification level accepted (from the entry's status reports); absent: any. */
  minimumCertificationLevel?: CertificationLevel;
}

/** What the metadata says about a registration's authenticator. */
export interface AuthenticatorMetadata {
  /** Lower-case, hyphenated (all zero for U2F authenticators). */
  aaguid: string;
  /** The metadata statement's description, when there is a statement. */
  name?: string;
  /** The statement's icon (a data: URL), when it has one. */
  icon?: string;
  /** True when the attestation chain ended at one of the statement's attestationRootCertificates. */
  attested: boolean;
  /** The status of the newest status report in effect. */
  status?: string;
  /** The newest certification status in effect (FIDO_CERTIFIED counts as FIDO_CERTIFIED_L1). */
  certificationLevel?: string;
  /** The matched BLOB entry. */
  entry?: MetadataEntry;
}
