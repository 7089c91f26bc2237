// The entries of an MDS3 BLOB payload (MDS3 §3.1.1 MetadataBLOBPayloadEntry, §3.1.3 StatusReport, FIDO Metadata
// Statement §4), checked for the members credkit relies on and normalised (lower-case AAGUIDs and key
// identifiers). A signed BLOB whose entries do not have this shape is metadata_invalid as a whole.
import { WebAuthnError } from '../errors.js';
import { dayStart } from './dates.js';
import type { MetadataEntry, MetadataStatement, StatusReport } from './types.js';

const AAGUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^(?:[0-9a-f]{2})+$/i;

function invalid(message: string): never {
  throw new WebAuthnError('metadata_invalid', message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function aaguidOf(v: unknown, where: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !AAGUID.test(v)) invalid(`${where}.aaguid is not an AAGUID`);
  return v.toLowerCase();
}

function keyIdentifiersOf(v: unknown, where: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((id) => typeof id === 'string' && HEX.test(id)))
    invalid(`${where}.attestationCertificateKeyIdentifiers is not a list of hex strings`);
  return v.map((id: string) => id.toLowerCase());
}

function statusReportOf(v: unknown, where: string): StatusReport {
  if (!isObject(v) || typeof v.status !== 'string') invalid(`${where} is not a status report`);
  if (v.effectiveDate !== undefined && (typeof v.effectiveDate !== 'string' || !dayStart(v.effectiveDate)))
    invalid(`${where}.effectiveDate is not a YYYY-MM-DD date`);
  return v as StatusReport;
}

function statementOf(v: unknown, where: string): MetadataStatement | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) invalid(`${where} is not an object`);
  if (typeof v.description !== 'string') invalid(`${where}.description is not a string`);
  const roots = v.attestationRootCertificates;
  if (!Array.isArray(roots) || !roots.every((r) => typeof r === 'string'))
    invalid(`${where}.attestationRootCertificates is not a list of base64 certificates`);
  if (v.icon !== undefined && typeof v.icon !== 'string') invalid(`${where}.icon is not a string`);
  const statement: MetadataStatement = {
    ...v,
    description: v.description,
    attestationRootCertificates: roots,
  };
  const aaguid = aaguidOf(v.aaguid, where);
  if (aaguid) statement.aaguid = aaguid;
  const ids = keyIdentifiersOf(v.attestationCertificateKeyIdentifiers, where);
  if (ids) statement.attestationCertificateKeyIdentifiers = ids;
  return statement;
}

export function readEntries(entries: unknown): MetadataEntry[] {
  if (!Array.isArray(entries)) invalid('MDS BLOB payload entries is not a list');
  return entries.map((raw, i): MetadataEntry => {
    const where = `entries[${i}]`;
    if (!isObject(raw)) invalid(`${where} is not an object`);
    if (!Array.isArray(raw.statusReports)) invalid(`${where}.statusReports is not a list`);
    const statement = statementOf(raw.metadataStatement, `${where}.metadataStatement`);
    const entry: MetadataEntry = {
      ...raw,
      statusReports: raw.statusReports.map((r, j) => statusReportOf(r, `${where}.statusReports[${j}]`)),
    };
    delete entry.metadataStatement;
    if (statement) entry.metadataStatement = statement;
    // the entry's own identifiers, else the statement's (they are the same when both are given)
    const aaguid = aaguidOf(raw.aaguid, where) ?? statement?.aaguid;
    if (aaguid) entry.aaguid = aaguid;
    else delete entry.aaguid;
    const ids =
      keyIdentifiersOf(raw.attestationCertificateKeyIdentifiers, where) ??
      statement?.attestationCertificateKeyIdentifiers;
    if (ids) entry.attestationCertificateKeyIdentifiers = ids;
    else delete entry.attestationCertificateKeyIdentifiers;
    return entry;
  });
}
