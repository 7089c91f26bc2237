// Challenges: issued with the options, consumed exactly once by the verify request.
import type { Kysely, Selectable } from 'kysely';
import type { Ceremony, ChallengesTable, Database } from './schema.js';
import { CONSUME_CHALLENGE, INSERT_CHALLENGE, execute, type Engine } from './statements.js';

export type ChallengeRow = Selectable<ChallengesTable>;

export class ChallengeRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
  ) {}

  async insert(row: ChallengeRow): Promise<void> {
    await execute(this.db, this.engine, INSERT_CHALLENGE, [
      row.challenge,
      row.ceremony,
      row.kind,
      row.user_id,
      row.device_id,
      row.conditional,
      row.expires_at,
      row.session_id,
      row.username_first,
    ]);
  }

  /**
   * Removes and returns the challenge in one statement (DELETE … RETURNING), so among concurrent
   * requests, and among server instances sharing one database, exactly one gets the row. Only a challenge of
   * `ceremony` issued to `sessionId` (null: to no session) is taken: anyone else's attempt leaves it in place.
   */
  async consume(
    challenge: string,
    ceremony: Ceremony,
    sessionId: string | null,
  ): Promise<ChallengeRow | undefined> {
    const { rows } = await execute<ChallengeRow>(this.db, this.engine, CONSUME_CHALLENGE, [
      challenge,
      ceremony,
      sessionId,
    ]);
    return rows[0];
  }

  /** Voids every challenge a session asked for (sign-out). */
  async deleteBySession(sessionId: string): Promise<void> {
    await this.db.deleteFrom('challenges').where('session_id', '=', sessionId).execute();
  }

  async deleteExpired(now: number): Promise<void> {
    await this.db.deleteFrom('challenges').where('expires_at', '<=', now).execute();
  }
}
