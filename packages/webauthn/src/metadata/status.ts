// Status reports (MDS3 §3.1.3, §3.1.4): which report is in effect, whether it rejects the authenticator, and the
// certification level it stands at.
import type { CertificationLevel, MetadataEntry, StatusReport } from './types.js';
import { dayStart } from './dates.js';

/** MDS3 §3.1.4: statuses under which an RP should not trust the authenticator (or its keys). */
export const REJECTING_STATUSES: ReadonlySet<string> = new Set([
  'REVOKED',
  'ATTESTATION_KEY_COMPROMISE',
  'USER_KEY_REMOTE_COMPROMISE',
  'USER_KEY_PHYSICAL_COMPROMISE',
  'USER_VERIFICATION_BYPASS',
]);

/** MDS3 §3.1.4 certification statuses, lowest first (FIDO_CERTIFIED is the pre-level name for L1). */
const CERTIFICATION_RANK: Readonly<Record<string, number>> = {
  NOT_FIDO_CERTIFIED: 0,
  SELF_ASSERTION_SUBMITTED: 0,
  FIDO_CERTIFIED: 1,
  FIDO_CERTIFIED_L1: 1,
  FIDO_CERTIFIED_L1plus: 2,
  FIDO_CERTIFIED_L2: 3,
  FIDO_CERTIFIED_L2plus: 4,
  FIDO_CERTIFIED_L3: 5,
  FIDO_CERTIFIED_L3plus: 6,
};

export const CERTIFICATION_LEVELS: readonly CertificationLevel[] = [
  'FIDO_CERTIFIED_L1',
  'FIDO_CERTIFIED_L1plus',
  'FIDO_CERTIFIED_L2',
  'FIDO_CERTIFIED_L2plus',
  'FIDO_CERTIFIED_L3',
  'FIDO_CERTIFIED_L3plus',
];

export function isCertificationLevel(v: unknown): v is CertificationLevel {
  return typeof v === 'string' && (CERTIFICATION_LEVELS as readonly string[]).includes(v);
}

/**
 * The entry's reports in effect at `now`, oldest first: a report takes effect on its effectiveDate (one without
 * a date has always been in effect); reports of the same day keep their order in the BLOB.
 */
export function reportsInEffect(entry: MetadataEntry, now: Date): StatusReport[] {
  const t = now.getTime();
  return entry.statusReports
    .map((report, index) => ({
      report,
      index,
      from: report.effectiveDate ? dayStart(report.effectiveDate)! : -Infinity,
    }))
    .filter((r) => r.from <= t)
    .sort((a, b) => a.from - b.from || a.index - b.index)
    .map((r) => r.report);
}

/** MDS3 §3.1.3: the newest report in effect decides the authenticator's status. */
export function currentStatus(entry: MetadataEntry, now: Date): StatusReport | undefined {
  return reportsInEffect(entry, now).at(-1);
}

/** The newest certification status in effect (FIDO_CERTIFIED read as FIDO_CERTIFIED_L1). */
export function certificationStatus(entry: MetadataEntry, now: Date): string | undefined {
  const status = reportsInEffect(entry, now)
    .filter((r) => r.status in CERTIFICATION_RANK)
    .at(-1)?.status;
  return status === 'FIDO_CERTIFIED' ? 'FIDO_CERTIFIED_L1' : status;
}

/** True when `status` (a certification status, or none) is at least `minimum`. */
export function meetsCertificationLevel(status: string | undefined, minimum: CertificationLevel): boolean {
  return status !== undefined && (CERTIFICATION_RANK[status] ?? 0) >= CERTIFICATION_RANK[minimum]!;
}
