// Spent challenges: the id of every challenge a verify has spent, kept until the challenge expires.
import type { ChallengeStore } from '../relying-party/stores.js';
import type { Sql } from './sql.js';

/** The primary key makes the first insert win: among concurrent requests and instances, exactly one. */
export const SPEND = 'insert into spent_challenges (id, expires_at) values (?, ?) on conflict do nothing';

/**
 * SPEND, only while `condition` holds (its parameters after the spend's). `casts`: PostgreSQL, which cannot infer
 * the types of a select's bare parameters.
 */
export const spendWhere = (condition: string, casts: boolean) =>
  `insert into spent_challenges (id, expires_at) select ?${casts ? '::text' : ''}, ?${casts ? '::bigint' : ''} where ${condition} on conflict do nothing`;

export class SqlChallengeStore implements ChallengeStore {
  constructor(private readonly sql: Sql) {}

  async spend(id: string, expiresAt: Date): Promise<boolean> {
    return (await this.sql.query(SPEND, [id, expiresAt.getTime()])).changes === 1;
  }

  async deleteExpired(now: Date): Promise<void> {
    await this.sql.query('delete from spent_challenges where expires_at <= ?', [now.getTime()]);
  }
}
