// Rate limits on sign-in and verify routes: one budget per client address and, where guessing is possible
// (passwords) or a signed-in account spends it, one per account. The budgets live in this instance's memory
// (BudgetStore: a spent budget is never evicted; with workers, the primary's, leased out: workers.ts), counted
// straight from a callback preHandler, or in Redis (REDIS_URL) where every instance counts against the same ones,
// through @fastify/rate-limit's Redis store.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { RateLimitConfig } from '../config.js';
import { ServerError } from '../relying-party/errors.js';
import { foldUsername } from '../relying-party/index.js';
import { BudgetStore } from './budget-store.js';
import { isWorker, PrimaryBudgetStore } from '../workers.js';

type Check = (request: FastifyRequest) => Promise<{ isExceeded?: boolean; ttlInSeconds?: number }>;

/** One limiter's budgets in memory: BudgetStore, or a worker's PrimaryBudgetStore. */
interface Budgets {
  incr(
    key: string,
    cb: (error: Error | null, result: { current: number; ttl: number }) => void,
    window: number,
    max: number,
  ): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    createRateLimit(
      options: object,
    ): (request: FastifyRequest) => Promise<{ isExceeded?: boolean; ttlInSeconds?: number }>;
    /** Without Redis: a new limiter's budgets (installRateLimits). */
    credkitBudgets?: () => Budgets;
  }
}

export type AccountKey = (request: FastifyRequest) => string | undefined;

/** Key prefix of the budgets in Redis. */
export const REDIS_RATE_LIMIT_PREFIX = 'credkit:rate-limit:';

/** Registers the rate-limit plugin (no global limit: routes opt in with rateLimited) and its store. */
export async function installRateLimits(
  app: FastifyInstance,
  redisUrl: string | undefined,
  config: RateLimitConfig,
): Promise<void> {
  if (!redisUrl) {
    // workers of one server share the primary's budgets (workers.ts); limiters are made in the same order in each
    const root = isWorker()
      ? new PrimaryBudgetStore({ budgetCapacity: config.capacity })
      : new BudgetStore({ budgetCapacity: config.capacity });
    app.decorate('credkitBudgets', () => root.child({ budgetCapacity: config.capacity }));
    return;
  }
  // a request fails fast (503) rather than waiting while Redis is unreachable; budgets are never skipped
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  redis.on('error', (error: Error) => app.log.warn({ err: error.message }, 'rate-limit store (Redis) error'));
  app.addHook('onClose', async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
  await app.register(fastifyRateLimit, {
    global: false,
    redis,
    nameSpace: REDIS_RATE_LIMIT_PREFIX,
    skipOnError: false,
  });
}

/** The refusal a budget's count calls for: 503 when the store failed, 429 (with Retry-After) when it is spent. */
function refusal(
  request: FastifyRequest,
  reply: { header(name: string, value: string): unknown },
  error: unknown,
  exceeded: boolean,
  ttlInSeconds: number | undefined,
): ServerError | undefined {
  if (error) {
    request.log.warn({ err: (error as Error).message }, 'rate-limit check failed');
    return new ServerError('unavailable', 'the rate-limit store is unreachable; try again later');
  }
  if (!exceeded) return undefined;
  if (ttlInSeconds !== undefined) reply.header('retry-after', String(ttlInSeconds));
  return new ServerError('rate_limited', 'too many attempts; try again later');
}

/** The key of a route's budget per client address, and per account, in either store. */
const clientBudget = (route: string, request: FastifyRequest) => `client:${route}:${request.ip}`;
const accountBudget = (route: string, account: string) => `account:${route}:${account}`;

/** A preHandler applying the per-client budget and, when `accountKey` names one, the per-account budget. */
export function rateLimited(
  app: FastifyInstance,
  config: RateLimitConfig,
  route: string,
  accountKey?: AccountKey,
) {
  if (app.credkitBudgets)
    return countedHere(app.credkitBudgets(), app.credkitBudgets(), config, route, accountKey);
  const perClient: Check = app.createRateLimit({
    max: config.perClient,
    timeWindow: config.windowMs,
    keyGenerator: (request: FastifyRequest) => clientBudget(route, request),
  });
  const perAccount: Check = app.createRateLimit({
    max: config.perAccount,
    timeWindow: config.windowMs,
    keyGenerator: (request: FastifyRequest) => accountBudget(route, accountKey?.(request) ?? ''),
  });
  return async (
    request: FastifyRequest,
    reply: { header(name: string, value: string): unknown },
  ): Promise<void> => {
    const checks = [perClient];
    if (accountKey?.(request)) checks.push(perAccount);
    for (const check of checks) {
      let result: Awaited<ReturnType<Check>> = {};
      let failure: unknown;
      try {
        result = await check(request);
      } catch (cause) {
        failure = cause;
      }
      const refused = refusal(request, reply, failure, result.isExceeded === true, result.ttlInSeconds);
      if (refused) throw refused;
    }
  };
}

/** The same budgets counted in this process (or its primary): a callback preHandler, no promise per request. */
function countedHere(
  perClient: Budgets,
  perAccount: Budgets,
  config: RateLimitConfig,
  route: string,
  accountKey?: AccountKey,
) {
  const spend = (
    budgets: Budgets,
    key: string,
    max: number,
    request: FastifyRequest,
    reply: FastifyReply,
    next: (refused?: ServerError) => void,
  ) =>
    budgets.incr(
      key,
      (error, result) =>
        next(refusal(request, reply, error, result.current > max, Math.ceil(result.ttl / 1000))),
      config.windowMs,
      max,
    );
  return (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void => {
    const account = accountKey?.(request);
    spend(perClient, clientBudget(route, request), config.perClient, request, reply, (refused) => {
      if (refused || !account) return done(refused);
      spend(perAccount, accountBudget(route, account), config.perAccount, request, reply, done);
    });
  };
}

/** The username a body names, in the form budgets are kept under (folded like usernames, never rejected). */
export function budgetUsername(body: unknown): string | undefined {
  const value = (body as { username?: unknown } | null)?.username;
  return typeof value === 'string' ? foldUsername(value) : undefined;
}
