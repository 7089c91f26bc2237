// GET /readyz: whether this instance should get traffic. Ready means the database answers and every migration
// this build knows has run; a shutting-down instance is never ready (so a load balancer drains it first).
// /healthz (well-known.ts) stays the liveness check.
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { ServerError } from '../relying-party/errors.js';
import { MIGRATIONS, pendingMigrations, type Store } from '../store/index.js';

const shuttingDown = new WeakSet<FastifyInstance>();

/** From now on /readyz answers 503 shutting_down (called when graceful shutdown starts). */
export function markShuttingDown(app: FastifyInstance): void {
  shuttingDown.add(app);
}

/** Throws the ServerError that says why the instance is not ready. */
export async function checkReadiness(
  app: FastifyInstance,
  store: Store,
  schema?: string,
): Promise<{ migrations: number }> {
  if (shuttingDown.has(app)) throw new ServerError('shutting_down', 'the server is shutting down');
  try {
    await sql`select 1`.execute(store.db);
  } catch (cause) {
    app.log.warn({ err: (cause as Error).message }, 'readiness: the database is unreachable');
    throw new ServerError('database_unavailable', 'the database is unreachable');
  }
  let pending: string[];
  try {
    pending = await pendingMigrations(store.db as Kysely<unknown>, schema);
  } catch (cause) {
    app.log.warn({ err: (cause as Error).message }, 'readiness: the migrations could not be read');
    throw new ServerError('database_unavailable', 'the database is unreachable');
  }
  if (pending.length > 0)
    throw new ServerError('migrations_pending', `migrations not applied: ${pending.join(', ')}`);
  return { migrations: Object.keys(MIGRATIONS).length };
}

export function registerHealth(app: FastifyInstance, store: Store, schema?: string): void {
  app.get('/readyz', async () => ({ ready: true, ...(await checkReadiness(app, store, schema)) }));
}
