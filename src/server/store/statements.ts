// The hot statements (every sign-in runs them), written once in SQL both engines accept and run without the query
// builder: Kysely builds and compiles a query object on every call, which costs more than SQLite running it. Each
// text is compiled once per engine (`?` placeholders become `$1…` for PostgreSQL); SQLite keeps each one prepared
// (sqlite.ts). Everything else goes through Kysely's builder.
import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

const postgresText = new Map<string, string>();

function forEngine(engine: Engine, text: string): string {
  if (engine === 'sqlite') return text;
  let out = postgresText.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    postgresText.set(text, out);
  }
  return out;
}

/** Runs one of the statements below with its parameters, in order. */
export function execute<Row>(
  db: Kysely<Database>,
  engine: Engine,
  text: string,
  parameters: readonly unknown[],
): Promise<QueryResult<Row>> {
  return db.executeQuery<Row>(CompiledQuery.raw(forEngine(engine, text), [...parameters]));
}

export const INSERT_CHALLENGE =
  'insert into challenges (challenge, ceremony, kind, user_id, device_id, conditional, expires_at, session_id, username_first) values (?, ?, ?, ?, ?, ?, ?, ?, ?)';

export const CONSUME_CHALLENGE =
  'delete from challenges where challenge = ? and ceremony = ? and session_id is not distinct from ? returning *';

export const FIND_CREDENTIAL = 'select * from credentials where id = ?';

export const RECORD_USE =
  'update credentials set counter = ?, backed_up = ?, last_used_at = ? where id = ? and (counter < ? or (? = 0 and counter = 0))';

export const FIND_USER = 'select * from users where id = ?';

export const INSERT_SESSION =
  'insert into sessions (id, user_id, created_at, expires_at, upgrade_eligible) values (?, ?, ?, ?, ?)';

export const FIND_SESSION = 'select * from sessions where id = ? and expires_at > ?';

export const ACCEPTED_IDS =
  "select id from credentials where user_id = ? and (kind = 'passkey' or coalesce(last_used_at, created_at) >= ?) order by created_at, id";
