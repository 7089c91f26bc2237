// The one database schema, shared by SQLite and PostgreSQL. Times are milliseconds since the epoch,
// booleans are 0/1 integers and binary values are base64url text, so both engines store the same rows.
export type CredentialKind = 'passkey' | 'restore';

export interface UsersTable {
  /** The WebAuthn user handle (user.id), base64url of 32 random bytes. */
  id: string;
  /** Normalised, unique. */
  username: string;
  display_name: string;
  /** `scrypt$N$r$p$salt$hash` or null for passwordless accounts. */
  password_hash: string | null;
  created_at: number;
}

export interface CredentialsTable {
  /** Credential ID, base64url. */
  id: string;
  user_id: string;
  kind: CredentialKind;
  /** Restore keys: the device that created it (one restore key per user per device). */
  device_id: string | null;
  /** COSE_Key, base64url. */
  public_key: string;
  algorithm: number;
  counter: number;
  /** JSON array of transport strings. */
  transports: string;
  aaguid: string;
  backup_eligible: number;
  backed_up: number;
  user_verified: number;
  attestation_format: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
  /** The MDS statement's description, for a passkey attested against it (migration 0006). */
  authenticator_name: string | null;
  /** Its certification level then (FIDO_CERTIFIED_L1 …), for a passkey attested against MDS (migration 0006). */
  certification_level: string | null;
}

/** A spent challenge (its random part), kept until it expires so that no verify spends it twice. */
export interface SpentChallengesTable {
  id: string;
  expires_at: number;
}

export interface SessionsTable {
  /** SHA-256 of the session token, base64url (the token itself is never stored). */
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  /** 1 right after a password sign-in until one conditional create is offered. */
  upgrade_eligible: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface Database {
  users: UsersTable;
  credentials: CredentialsTable;
  spent_challenges: SpentChallengesTable;
  sessions: SessionsTable;
  settings: SettingsTable;
}
