// Challenges: issued with the options, consumed exactly once by the verify request.
import type { Kysely, Selectable } from 'kysely';
import type { Ceremony, ChallengesTable, Database } from './schema.js';

export type ChallengeRow = Selectable<ChallengesTable>;

export class ChallengeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: ChallengeRow): Promise<void> {
    await this.db.insertInto('challenges').values(row).execute();
  }

  /**
   * Removes and returns the challenge in one statement (DELETE … RETURNING), so among concurrent
   * requests, and among server instances sharing one database, exactly one gets the row. Only a challenge of
   * `ceremony` issued to `sessionId` (null: to no session) is taken: anyone else's attempt leaves it in place.
   */
  consume(
    challenge: string,
    ceremony: Ceremony,
    sessionId: string | null,
  ): Promise<ChallengeRow | undefined> {
    return this.db
      .deleteFrom('challenges')
      .where('challenge', '=', challenge)
      .where('ceremony', '=', ceremony)
      .where('session_id', sessionId === null ? 'is' : '=', sessionId)
      .returningAll()
      .executeTakeFirst();
  }

  /** Voids every challenge a session asked for (sign-out). */
  async deleteBySession(sessionId: string): Promise<void> {
    await this.db.deleteFrom('challenges').where('session_id', '=', sessionId).execute();
  }

  async deleteExpired(now: number): Promise<void> {
    await this.db.deleteFrom('challenges').where('expires_at', '<=', now).execute();
  }
}
