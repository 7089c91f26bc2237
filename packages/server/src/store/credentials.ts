// Credentials: passkeys and restore keys, one table, told apart by `kind`.
import type { CredentialKind, CredentialStore, StoredCredential } from '../relying-party/stores.js';
import type { CredentialsTable } from './schema.js';
import { isUniqueViolation } from './errors.js';
import { CREDENTIAL_COLUMNS, credentialFromRow, credentialParameters, placeholders } from './rows.js';
import type { Sql, Statement } from './sql.js';

const INSERT = `insert into credentials (${CREDENTIAL_COLUMNS}) values (${placeholders(CREDENTIAL_COLUMNS)})`;
const BY_ID = `select ${CREDENTIAL_COLUMNS} from credentials where id = ?`;
const BY_USER = `select ${CREDENTIAL_COLUMNS} from credentials where user_id = ? order by created_at, id`;
const BY_USER_AND_KIND = `select ${CREDENTIAL_COLUMNS} from credentials where user_id = ? and kind = ? order by created_at, id`;

/** The accepted-ids condition on credentials `a` of a user (the restore cutoff is the one parameter). */
export const ACCEPTED = "(a.kind = 'passkey' or coalesce(a.last_used_at, a.created_at) >= ?)";
/** CredentialStore.acceptedIds, oldest first. Parameters: user id, restore cutoff. */
export const ACCEPTED_IDS = `select a.id from credentials a where a.user_id = ? and ${ACCEPTED} order by a.created_at, a.id`;

/**
 * The compare-and-set of §7.2 step 24: only while the stored counter is below the new one (or both are 0:
 * authenticators without a counter). Parameters: counter, backed_up, last_used_at, id, counter, counter.
 */
export const RECORD_USE =
  'update credentials set counter = ?, backed_up = ?, last_used_at = ? where id = ? and (counter < ? or (? = 0 and counter = 0))';

export function recordUseParameters(id: string, counter: number, backedUp: boolean, usedAt: Date): unknown[] {
  return [counter, backedUp ? 1 : 0, usedAt.getTime(), id, counter, counter];
}

/**
 * Deletes a passkey while its user keeps another way to sign in (a password, told by the caller, or another
 * passkey). Parameters: id, user id, has a password (1/0), user id.
 */
const DELETE_PASSKEY = `delete from credentials where id = ? and user_id = ? and kind = 'passkey' and (
  ? = 1 or (select count(*) from credentials other where other.user_id = ? and other.kind = 'passkey') > 1)`;

/**
 * PostgreSQL: locks the user's passkeys first, so two deletions racing are serialised and the second counts what
 * the first left: they never remove a user's last two passkeys. SQLite serialises every write transaction anyway.
 */
const LOCK_PASSKEYS = "select id from credentials where user_id = ? and kind = 'passkey' for update";

export class SqlCredentialStore implements CredentialStore {
  constructor(private readonly sql: Sql) {}

  async insert(credential: StoredCredential): Promise<boolean> {
    try {
      await this.sql.query(INSERT, credentialParameters(credential));
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  async replaceRestoreKey(credential: StoredCredential): Promise<boolean> {
    try {
      await this.sql.transaction([
        [
          "delete from credentials where user_id = ? and kind = 'restore' and device_id = ?",
          [credential.userId, credential.deviceId],
        ],
        [INSERT, credentialParameters(credential)],
      ]);
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  async findById(id: string): Promise<StoredCredential | undefined> {
    const row = (await this.sql.query<CredentialsTable>(BY_ID, [id])).rows[0];
    return row && credentialFromRow(row);
  }

  async listByUser(userId: string, kind?: CredentialKind): Promise<StoredCredential[]> {
    const { rows } = kind
      ? await this.sql.query<CredentialsTable>(BY_USER_AND_KIND, [userId, kind])
      : await this.sql.query<CredentialsTable>(BY_USER, [userId]);
    return rows.map(credentialFromRow);
  }

  async acceptedIds(userId: string, restoreCutoff: Date): Promise<string[]> {
    const { rows } = await this.sql.query<{ id: string }>(ACCEPTED_IDS, [userId, restoreCutoff.getTime()]);
    return rows.map((r) => r.id);
  }

  async recordUse(id: string, counter: number, backedUp: boolean, usedAt: Date): Promise<boolean> {
    const result = await this.sql.query(RECORD_USE, recordUseParameters(id, counter, backedUp, usedAt));
    return result.changes === 1;
  }

  async rename(
    id: string,
    userId: string,
    kind: CredentialKind,
    name: string,
  ): Promise<StoredCredential | undefined> {
    await this.sql.query('update credentials set name = ? where id = ? and user_id = ? and kind = ?', [
      name,
      id,
      userId,
      kind,
    ]);
    const found = await this.findById(id);
    return found && found.userId === userId && found.kind === kind ? found : undefined;
  }

  async deletePasskey(
    id: string,
    userId: string,
    hasPassword: boolean,
  ): Promise<'deleted' | 'last' | 'missing'> {
    const remove: Statement = [DELETE_PASSKEY, [id, userId, hasPassword ? 1 : 0, userId]];
    const results = await this.sql.transaction(
      this.sql.engine === 'postgres' ? [[LOCK_PASSKEYS, [userId]], remove] : [remove],
    );
    if (results.at(-1)!.changes === 1) return 'deleted';
    const found = await this.findById(id);
    return found && found.userId === userId && found.kind === 'passkey' ? 'last' : 'missing';
  }

  async deleteRestoreKey(userId: string, deviceId: string): Promise<number> {
    const result = await this.sql.query(
      "delete from credentials where user_id = ? and kind = 'restore' and device_id = ?",
      [userId, deviceId],
    );
    return result.changes;
  }

  async deleteById(id: string): Promise<void> {
    await this.sql.query('delete from credentials where id = ?', [id]);
  }

  async deleteExpiredRestoreKeys(cutoff: Date): Promise<number> {
    const result = await this.sql.query(
      "delete from credentials where kind = 'restore' and coalesce(last_used_at, created_at) < ?",
      [cutoff.getTime()],
    );
    return result.changes;
  }
}
