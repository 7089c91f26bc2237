// Challenges: issued with the options, consumed exactly once by the verify request.
import type { Kysely, Selectable } from 'kysely';
import type { ChallengesTable, Database } from './schema.js';

export type ChallengeRow = Selectable<ChallengesTable>;

export class ChallengeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: ChallengeRow): Promise<void> {
    await this.db.insertInto('challenges').values(row).execute();
  }

  /**
   * Removes and returns the challenge in one statement (DELETE … RETURNING), so among concurrent
   * requests, and among server instances sharing one database, exactly one gets the row.
   */
  consume(challenge: string): Promise<ChallengeRow | undefined> {
    return this.db
      .deleteFrom('challenges')
      .where('challenge', '=', challenge)
      .returningAll()
      .executeTakeFirst();
  }

  async deleteExpired(now: number): Promise<void> {
    await this.db.deleteFrom('challenges').where('expires_at', '<=', now).execute();
  }
}
