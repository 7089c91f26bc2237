// A sign-in's store work in as few statements as the engine allows (SignInStore): `begin` is one statement on
// both engines (spend the challenge, returning the credential named, its owner and the owner's accepted ids);
// `finish` is one statement on PostgreSQL (the counter's compare-and-set and, when it won, the session insert)
// and one transaction of two on SQLite, where a statement costs no round trip. `signInKnown` does all of it in
// one statement on PostgreSQL (one round trip) and one transaction of three on SQLite.
import type {
  CredentialFacts,
  SessionRecord,
  SignInLookup,
  SignInStore,
  StoredCredential,
  UserRecord,
} from '../relying-party/stores.js';
import type { CredentialsTable, UsersTable } from './schema.js';
import {
  CREDENTIAL_COLUMNS,
  credentialFromRow,
  jsonColumn,
  sessionParameters,
  storedPublicKey,
  userFromRow,
} from './rows.js';
import { ACCEPTED, RECORD_USE, recordUseParameters } from './credentials.js';
import { SPEND } from './challenges.js';
import { INSERT_SESSION_IF_ADDED, insertSessionFrom } from './sessions.js';
import { jsonArray, type Engine, type Sql } from './sql.js';

/** The credential's columns, then its owner's (prefixed u_): the order `found` lists them in. */
const CREDENTIAL_NAMES = CREDENTIAL_COLUMNS.split(', ');
const USER_NAMES = ['username', 'display_name', 'password_hash', 'created_at'];
const FOUND_COLUMNS = [...CREDENTIAL_NAMES.map((c) => `c.${c}`), ...USER_NAMES.map((c) => `u.${c}`)].join(
  ', ',
);

/**
 * The accepted ids (CredentialStore.acceptedIds) of the user the credentials `a` joined `from` belong to, as a JSON
 * array, oldest first. Parameters: those of `where`, then the restore cutoff.
 */
function acceptedIdsText(engine: Engine, from: string, where: string): string {
  return engine === 'sqlite'
    ? `(select json_group_array(id) from (select a.id from ${from} where ${where} and ${ACCEPTED} order by a.created_at, a.id))`
    : `(select coalesce(json_agg(a.id order by a.created_at, a.id), '[]') from ${from} where ${where} and ${ACCEPTED})`;
}

/** Parameters: challenge id, its expiry, credential id, credential id, restore cutoff. */
function beginText(engine: Engine): string {
  const ids = acceptedIdsText(
    engine,
    'credentials c join credentials a on a.user_id = c.user_id',
    'c.id = ?',
  );
  return `${SPEND} returning (select ${jsonArray(engine)}(${FOUND_COLUMNS}) from credentials c join users u on u.id = c.user_id where c.id = ?) as found, ${ids} as accepted`;
}

const FINISH_POSTGRES = `with used as (${RECORD_USE} returning id) ${insertSessionFrom('used')}`;

/**
 * RECORD_USE, and only on the row `known` describes (restore keys unexpired). Parameters: RECORD_USE's, then user
 * id, kind, public key (as stored), backup eligibility (1/0), restore cutoff.
 */
const USE_KNOWN = `${RECORD_USE} and user_id = ? and kind = ? and public_key = ? and backup_eligible = ? and (kind = 'passkey' or coalesce(last_used_at, created_at) >= ?)`;

/** The owner's columns (USER_NAMES) as a JSON array, and the owner's accepted ids. Parameters: user id ×2, cutoff. */
function ownerText(engine: Engine, from: string): string {
  const user = USER_NAMES.map((c) => `u.${c}`).join(', ');
  const ids = acceptedIdsText(engine, 'credentials a', 'a.user_id = ?');
  return `(select ${jsonArray(engine)}(${user}) from ${from}users u where u.id = ?) as found, ${ids} as accepted`;
}

/**
 * SQLite: the spend, then this use only when the spend inserted its row (changes() counts the statement before),
 * returning the owner, then INSERT_SESSION_IF_ADDED; one transaction.
 */
const USE_KNOWN_SQLITE = `${USE_KNOWN} and changes() = 1 returning ${ownerText('sqlite', '')}`;

/** PostgreSQL: the same as one statement (with the session insert, or without). */
function knownPostgres(withSession: boolean): string {
  return (
    `with spent as (${SPEND} returning id), used as (${USE_KNOWN} and exists (select 1 from spent) returning id)` +
    (withSession ? `, session as (${insertSessionFrom('used')})` : '') +
    ` select exists (select 1 from spent) as spent, ${ownerText('postgres', 'used, ')}`
  );
}
const KNOWN_POSTGRES = { withSession: knownPostgres(true), withoutSession: knownPostgres(false) };

type BeginRow = { found: unknown; accepted: unknown };

function owner(id: string, values: unknown[]): UserRecord {
  const row: Record<string, unknown> = { id };
  USER_NAMES.forEach((name, i) => (row[name] = values[i]));
  return userFromRow(row as unknown as UsersTable);
}

function found(values: unknown[]): { credential: StoredCredential; user: UserRecord } {
  const row: Record<string, unknown> = {};
  CREDENTIAL_NAMES.forEach((name, i) => (row[name] = values[i]));
  return {
    credential: credentialFromRow(row as unknown as CredentialsTable),
    user: owner(row.user_id as string, values.slice(CREDENTIAL_NAMES.length)),
  };
}

export class SqlSignInStore implements SignInStore {
  private readonly begin_: string;

  constructor(private readonly sql: Sql) {
    this.begin_ = beginText(sql.engine);
  }

  async begin(
    challenge: { id: string; expiresAt: Date },
    credentialId: string,
    restoreCutoff: Date,
  ): Promise<SignInLookup | undefined> {
    const { rows } = await this.sql.query<BeginRow>(this.begin_, [
      challenge.id,
      challenge.expiresAt.getTime(),
      credentialId,
      credentialId,
      restoreCutoff.getTime(),
    ]);
    const row = rows[0];
    if (!row) return undefined;
    const values = jsonColumn(row.found) as unknown[] | null;
    return {
      ...(values ? found(values) : {}),
      acceptedIds: (jsonColumn(row.accepted) as string[] | null) ?? [],
    };
  }

  async signInKnown(
    challenge: { id: string; expiresAt: Date },
    use: { credentialId: string; counter: number; backedUp: boolean; usedAt: Date },
    known: CredentialFacts,
    restoreCutoff: Date,
    session: SessionRecord | undefined,
  ): Promise<{ spent: boolean; signedIn?: { user: UserRecord; acceptedIds: string[] } }> {
    const spend = [challenge.id, challenge.expiresAt.getTime()];
    const cutoff = restoreCutoff.getTime();
    const useKnown = [
      ...recordUseParameters(use.credentialId, use.counter, use.backedUp, use.usedAt),
      known.userId,
      known.kind,
      storedPublicKey(known.publicKey),
      known.backupEligible ? 1 : 0,
      cutoff,
    ];
    const ownerParameters = [known.userId, known.userId, cutoff];
    let spent: boolean;
    let row: BeginRow | undefined;
    if (this.sql.engine === 'postgres') {
      const text = session ? KNOWN_POSTGRES.withSession : KNOWN_POSTGRES.withoutSession;
      const { rows } = await this.sql.query<BeginRow & { spent: boolean }>(text, [
        ...spend,
        ...useKnown,
        ...(session ? sessionParameters(session) : []),
        ...ownerParameters,
      ]);
      spent = rows[0]!.spent;
      row = rows[0]!.found === null ? undefined : rows[0];
    } else {
      const results = await this.sql.transaction([
        [SPEND, spend],
        [USE_KNOWN_SQLITE, [...useKnown, ...ownerParameters]],
        ...(session ? [[INSERT_SESSION_IF_ADDED, sessionParameters(session)] as const] : []),
      ]);
      spent = results[0]!.changes === 1;
      row = results[1]!.rows[0] as BeginRow | undefined;
    }
    if (!row) return { spent };
    return {
      spent,
      signedIn: {
        user: owner(known.userId, jsonColumn(row.found) as unknown[]),
        acceptedIds: (jsonColumn(row.accepted) as string[] | null) ?? [],
      },
    };
  }

  async finish(
    use: { credentialId: string; counter: number; backedUp: boolean; usedAt: Date },
    session: SessionRecord | undefined,
  ): Promise<boolean> {
    const parameters = recordUseParameters(use.credentialId, use.counter, use.backedUp, use.usedAt);
    if (!session) return (await this.sql.query(RECORD_USE, parameters)).changes === 1;
    if (this.sql.engine === 'postgres') {
      const result = await this.sql.query(FINISH_POSTGRES, [...parameters, ...sessionParameters(session)]);
      return result.changes === 1;
    }
    // one write transaction, not two: workers sharing the file contend for its lock once per sign-in step
    const [used] = await this.sql.transaction([
      [RECORD_USE, parameters],
      [INSERT_SESSION_IF_ADDED, sessionParameters(session)],
    ]);
    return used!.changes === 1;
  }
}
