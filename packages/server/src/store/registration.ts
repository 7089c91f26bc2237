// A passkey registration's store work in one step (RegistrationStore): spend the challenge and, only when this was
// its first spend (and, given a session, while it is live and the user's), add the credential, then read the
// owner's accepted ids. One statement on PostgreSQL (one round trip); one transaction of three on SQLite, where a
// statement costs no round trip.
import type { RegistrationStore, StoredCredential } from '../relying-party/stores.js';
import { SPEND, spendWhere } from './challenges.js';
import { ACCEPTED, ACCEPTED_IDS } from './credentials.js';
import { CREDENTIAL_COLUMNS, credentialParameters, jsonColumn, placeholders } from './rows.js';
import type { Sql } from './sql.js';

/**
 * The credentials columns that are not text on PostgreSQL (migrations.ts): an INSERT … SELECT gives its parameters
 * no types of their own, so each is cast to its column's.
 */
const POSTGRES_TYPES: Readonly<Record<string, string>> = {
  algorithm: 'integer',
  counter: 'bigint',
  backup_eligible: 'integer',
  backed_up: 'integer',
  user_verified: 'integer',
  created_at: 'bigint',
  last_used_at: 'bigint',
};
const CASTS = CREDENTIAL_COLUMNS.split(', ')
  .map((column) => `?::${POSTGRES_TYPES[column] ?? 'text'}`)
  .join(', ');

/** The session given is live and the credential's user's. Parameters: session id, user id, now. */
const LIVE = 'exists (select 1 from sessions where id = ? and user_id = ? and expires_at > ?)';

/** SPEND, only while the session is live. Parameters: the spend's, then LIVE's. */
const SPEND_IF_LIVE = spendWhere(LIVE, false);

/** SQLite: the credential, only when the spend just before it (in the same transaction) inserted its row. */
const INSERT_IF_SPENT = `insert into credentials (${CREDENTIAL_COLUMNS}) select ${placeholders(CREDENTIAL_COLUMNS)} where changes() = 1 on conflict (id) do nothing`;

/**
 * PostgreSQL: the same as one statement, spending with `spend` (SPEND, or the spend only while a session is live).
 * The accepted ids are read from the snapshot before the insert, so the new credential is added to them (it is a
 * passkey: always accepted). Parameters: the spend's, the credential's, user id, restore cutoff.
 */
const registerPostgres = (spend: string) =>
  `with spent as (${spend} returning id), stored as (insert into credentials (${CREDENTIAL_COLUMNS}) select ${CASTS} where exists (select 1 from spent) on conflict (id) do nothing returning id, created_at)` +
  ` select exists (select 1 from spent) as spent, exists (select 1 from stored) as stored,` +
  ` (select coalesce(json_agg(x.id order by x.created_at, x.id), '[]') from (select a.id, a.created_at from credentials a where a.user_id = ? and ${ACCEPTED} union all select id, created_at from stored) x) as accepted`;

const REGISTER_POSTGRES = registerPostgres(SPEND);
const REGISTER_IN_SESSION_POSTGRES = registerPostgres(spendWhere(LIVE, true));

type RegisterRow = { spent: boolean; stored: boolean; accepted: unknown };

export class SqlRegistrationStore implements RegistrationStore {
  constructor(private readonly sql: Sql) {}

  async registerPasskey(
    challenge: { id: string; expiresAt: Date },
    credential: StoredCredential,
    restoreCutoff: Date,
    session?: { id: string; now: Date },
  ): Promise<{ spent: boolean; stored: boolean; acceptedIds: string[] }> {
    const spend = [
      challenge.id,
      challenge.expiresAt.getTime(),
      ...(session ? [session.id, credential.userId, session.now.getTime()] : []),
    ];
    const accepted = [credential.userId, restoreCutoff.getTime()];
    if (this.sql.engine === 'postgres') {
      const row = (
        await this.sql.query<RegisterRow>(session ? REGISTER_IN_SESSION_POSTGRES : REGISTER_POSTGRES, [
          ...spend,
          ...credentialParameters(credential),
          ...accepted,
        ])
      ).rows[0]!;
      return { spent: row.spent, stored: row.stored, acceptedIds: jsonColumn(row.accepted) as string[] };
    }
    const [spent, stored, ids] = await this.sql.transaction([
      [session ? SPEND_IF_LIVE : SPEND, spend],
      [INSERT_IF_SPENT, credentialParameters(credential)],
      [ACCEPTED_IDS, accepted],
    ]);
    return {
      spent: spent!.changes === 1,
      stored: stored!.changes === 1,
      acceptedIds: ids!.rows.map((r) => r.id as string),
    };
  }
}
