// Sessions live in the database so any server instance serves any request.
import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionsTable } from './schema.js';
import { FIND_SESSION, INSERT_SESSION, execute, type Engine } from './statements.js';

export type SessionRow = Selectable<SessionsTable>;

export class SessionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
  ) {}

  async insert(row: SessionRow): Promise<void> {
    await execute(this.db, this.engine, INSERT_SESSION, [
      row.id,
      row.user_id,
      row.created_at,
      row.expires_at,
      row.upgrade_eligible,
    ]);
  }

  async find(id: string, now: number): Promise<SessionRow | undefined> {
    return (await execute<SessionRow>(this.db, this.engine, FIND_SESSION, [id, now])).rows[0];
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Atomically uses up the session's one automatic passkey upgrade; true if it was still available. */
  async takeUpgradeEligibility(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('sessions')
      .set({ upgrade_eligible: 0 })
      .where('id', '=', id)
      .where('upgrade_eligible', '=', 1)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async deleteExpired(now: number): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }
}
