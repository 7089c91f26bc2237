// Rows as both engines store them (times in milliseconds, booleans 0/1, bytes and arrays as text: schema.ts)
// to and from the relying party's typed records. The only place that knows the encoding.
import type {
  PasskeyDescriptor,
  SessionRecord,
  StoredCredential,
  UserRecord,
} from '../relying-party/stores.js';
import type { CredentialsTable, SessionsTable, UsersTable } from './schema.js';

const time = (value: number | string) => new Date(Number(value));

/** A JSON column built by a statement: text from SQLite, already parsed by node-postgres. */
export const jsonColumn = (value: unknown): unknown =>
  typeof value === 'string' ? JSON.parse(value) : value;
const flag = (value: number | string | boolean) => Number(value) === 1 || value === true;

export function userFromRow(row: UsersTable): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    hasPassword: row.password_hash !== null,
    passwordHash: row.password_hash,
    createdAt: time(row.created_at),
  };
}

export const USER_COLUMNS = 'id, username, display_name, password_hash, created_at';

export function userParameters(user: UserRecord): unknown[] {
  return [user.id, user.username, user.displayName, user.passwordHash, user.createdAt.getTime()];
}

export function credentialFromRow(row: CredentialsTable): StoredCredential {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    deviceId: row.device_id,
    publicKey: Buffer.from(row.public_key, 'base64url'),
    algorithm: Number(row.algorithm),
    counter: Number(row.counter),
    transports: JSON.parse(row.transports) as string[],
    aaguid: row.aaguid,
    backupEligible: flag(row.backup_eligible),
    backedUp: flag(row.backed_up),
    userVerified: flag(row.user_verified),
    attestationFormat: row.attestation_format,
    name: row.name,
    createdAt: time(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : time(row.last_used_at),
    ...(row.authenticator_name !== null ? { authenticatorName: row.authenticator_name } : {}),
    ...(row.certification_level !== null ? { certificationLevel: row.certification_level } : {}),
  };
}

/** A JSON array column of [id, transports] pairs (transports as the column stores them) as descriptors. */
export function descriptorsFromColumn(value: unknown): PasskeyDescriptor[] {
  return (jsonColumn(value) as [string, string][]).map(([id, transports]) => ({
    id,
    transports: JSON.parse(transports) as string[],
  }));
}

export const CREDENTIAL_COLUMNS =
  'id, user_id, kind, device_id, public_key, algorithm, counter, transports, aaguid, backup_eligible, backed_up, user_verified, attestation_format, name, created_at, last_used_at, authenticator_name, certification_level';

/** A public key (COSE_Key bytes) as the public_key column stores it. */
export const storedPublicKey = (key: Uint8Array): string => Buffer.from(key).toString('base64url');

export function credentialParameters(c: StoredCredential): unknown[] {
  return [
    c.id,
    c.userId,
    c.kind,
    c.deviceId,
    storedPublicKey(c.publicKey),
    c.algorithm,
    c.counter,
    JSON.stringify(c.transports),
    c.aaguid,
    c.backupEligible ? 1 : 0,
    c.backedUp ? 1 : 0,
    c.userVerified ? 1 : 0,
    c.attestationFormat,
    c.name,
    c.createdAt.getTime(),
    c.lastUsedAt === null ? null : c.lastUsedAt.getTime(),
    c.authenticatorName ?? null,
    c.certificationLevel ?? null,
  ];
}

export function sessionFromRow(row: SessionsTable): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: time(row.created_at),
    expiresAt: time(row.expires_at),
    upgradeEligible: flag(row.upgrade_eligible),
  };
}

export const SESSION_COLUMNS = 'id, user_id, created_at, expires_at, upgrade_eligible';

export function sessionParameters(s: SessionRecord): unknown[] {
  return [s.id, s.userId, s.createdAt.getTime(), s.expiresAt.getTime(), s.upgradeEligible ? 1 : 0];
}

/** `?, ?, …` for a column list. */
export function placeholders(columns: string): string {
  return columns
    .split(',')
    .map(() => '?')
    .join(', ');
}
