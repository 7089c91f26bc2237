// Challenges: issued with the options, consumed exactly once by the verify request.
import type { Ceremony, ChallengeRecord, ChallengeStore } from '../relying-party/stores.js';
import type { ChallengesTable } from './schema.js';
import { CHALLENGE_COLUMNS, challengeFromRow, challengeParameters, placeholders } from './rows.js';
import type { Sql } from './sql.js';

const INSERT = `insert into challenges (${CHALLENGE_COLUMNS}) values (${placeholders(CHALLENGE_COLUMNS)})`;

/** DELETE … RETURNING: among concurrent requests, and instances sharing one database, exactly one gets the row. */
export const CONSUME = `delete from challenges where challenge = ? and ceremony = ? and session_id is not distinct from ? returning ${CHALLENGE_COLUMNS}`;

export class SqlChallengeStore implements ChallengeStore {
  constructor(private readonly sql: Sql) {}

  async insert(challenge: ChallengeRecord): Promise<void> {
    await this.sql.query(INSERT, challengeParameters(challenge));
  }

  async consume(
    challenge: string,
    ceremony: Ceremony,
    sessionId: string | null,
  ): Promise<ChallengeRecord | undefined> {
    const row = (await this.sql.query<ChallengesTable>(CONSUME, [challenge, ceremony, sessionId])).rows[0];
    return row && challengeFromRow(row);
  }

  async deleteBySession(sessionId: string): Promise<void> {
    await this.sql.query('delete from challenges where session_id = ?', [sessionId]);
  }

  async deleteExpired(now: Date): Promise<void> {
    await this.sql.query('delete from challenges where expires_at <= ?', [now.getTime()]);
  }
}
