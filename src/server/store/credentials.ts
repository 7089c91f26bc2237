// Credentials: passkeys and restore keys, one table, told apart by `kind`.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { CredentialKind, CredentialsTable, Database } from './schema.js';
import { ACCEPTED_IDS, FIND_CREDENTIAL, RECORD_USE, execute, type Engine } from './statements.js';

export type CredentialRow = Selectable<CredentialsTable>;

export class CredentialRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
  ) {}

  async insert(row: CredentialRow): Promise<void> {
    await this.db.insertInto('credentials').values(row).execute();
  }

  /** Stores a restore key, replacing the one the same user registered earlier from the same device. */
  async replaceRestoreKey(row: CredentialRow): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('credentials')
        .where('user_id', '=', row.user_id)
        .where('kind', '=', 'restore')
        .where('device_id', '=', row.device_id)
        .execute();
      await trx.insertInto('credentials').values(row).execute();
    });
  }

  async findById(id: string): Promise<CredentialRow | undefined> {
    return (await execute<CredentialRow>(this.db, this.engine, FIND_CREDENTIAL, [id])).rows[0];
  }

  listByUser(userId: string, kind?: CredentialKind): Promise<CredentialRow[]> {
    let q = this.db.selectFrom('credentials').selectAll().where('user_id', '=', userId);
    if (kind) q = q.where('kind', '=', kind);
    return q.orderBy('created_at').orderBy('id').execute();
  }

  /** Ids of every credential still accepted for the user: passkeys and restore keys used since `restoreCutoff`. */
  async acceptedIds(userId: string, restoreCutoff: number): Promise<string[]> {
    const { rows } = await execute<{ id: string }>(this.db, this.engine, ACCEPTED_IDS, [
      userId,
      restoreCutoff,
    ]);
    return rows.map((r) => r.id);
  }

  async rename(
    id: string,
    userId: string,
    kind: CredentialKind,
    name: string,
  ): Promise<CredentialRow | undefined> {
    await this.db
      .updateTable('credentials')
      .set({ name })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .execute();
    const row = await this.findById(id);
    return row && row.user_id === userId && row.kind === kind ? row : undefined;
  }

  /**
   * Deletes a passkey unless it is the user's last way to sign in (no password and no other passkey).
   * Returns 'deleted', 'last' or 'missing'. The check and the delete run in one transaction that first takes
   * the user's row lock (a no-op update of a non-key column, valid on both engines; on PostgreSQL a FOR NO KEY
   * UPDATE lock, which foreign-key checks of concurrent inserts do not wait for). Two deletions racing on
   * PostgreSQL are so serialised and the second sees the first: they never remove a user's last two passkeys.
   */
  deletePasskey(id: string, userId: string): Promise<'deleted' | 'last' | 'missing'> {
    return this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set((eb) => ({ display_name: eb.ref('display_name') }))
        .where('id', '=', userId)
        .execute();
      const result = await trx
        .deleteFrom('credentials')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('kind', '=', 'passkey')
        .where((eb) =>
          eb.or([
            eb.exists(
              eb
                .selectFrom('users')
                .select('id')
                .where('id', '=', userId)
                .where('password_hash', 'is not', null),
            ),
            eb(
              eb
                .selectFrom('credentials as other')
                .select(sql<number>`count(*)`.as('n'))
                .where('other.user_id', '=', userId)
                .where('other.kind', '=', 'passkey'),
              '>',
              1,
            ),
          ]),
        )
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 1) return 'deleted';
      const row = await trx.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirst();
      return row && row.user_id === userId && row.kind === 'passkey' ? 'last' : 'missing';
    });
  }

  /** Revokes the restore key a user registered from a device; the number of rows removed. */
  async deleteRestoreKey(userId: string, deviceId: string): Promise<number> {
    const result = await this.db
      .deleteFrom('credentials')
      .where('user_id', '=', userId)
      .where('kind', '=', 'restore')
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteById(id: string): Promise<void> {
    await this.db.deleteFrom('credentials').where('id', '=', id).execute();
  }

  /** Restore keys unused since `cutoff` expire. */
  async deleteExpiredRestoreKeys(cutoff: number): Promise<number> {
    const result = await this.db
      .deleteFrom('credentials')
      .where('kind', '=', 'restore')
      .where((eb) => eb(eb.fn.coalesce('last_used_at', 'created_at'), '<', cutoff))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * §7.2 steps 21-23 as one compare-and-set: stores the new counter, backup state and use time only if the stored
   * counter is still below `counter` (or both are 0: authenticators without a counter). False when a concurrent
   * sign-in got there first or the counter would go backwards: the caller refuses the assertion.
   */
  async recordUse(id: string, counter: number, backedUp: boolean, now: number): Promise<boolean> {
    const result = await execute(this.db, this.engine, RECORD_USE, [
      counter,
      backedUp ? 1 : 0,
      now,
      id,
      counter,
      counter,
    ]);
    return Number(result.numAffectedRows) === 1;
  }
}
