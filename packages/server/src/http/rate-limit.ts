// Rate limits on sign-in and verify routes: one budget per client address and, where guessing is possible
// (passwords) or a signed-in account spends it, one per account. The budgets live in this instance's memory
// (BudgetStore: a spent budget is never evicted), or in Redis (REDIS_URL) where every instance counts against
// the same ones.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { RateLimitConfig } from '../config.js';
import { ServerError } from '../relying-party/errors.js';
import { foldUsername } from '../relying-party/index.js';
import { BudgetStore } from './budget-store.js';
import { isWorker, PrimaryBudgetStore } from '../workers.js';

type Check = (request: FastifyRequest) => Promise<{ isExceeded?: boolean; ttlInSeconds?: number }>;

declare module 'fastify' {
  interface FastifyInstance {
    createRateLimit(
      options: object,
    ): (request: FastifyRequest) => Promise<{ isExceeded?: boolean; ttlInSeconds?: number }>;
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
    await app.register(fastifyRateLimit, {
      global: false,
      // workers of one server share the primary's budgets (workers.ts)
      store: isWorker() ? PrimaryBudgetStore : BudgetStore,
      budgetCapacity: config.capacity,
    } as object);
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

/** A preHandler applying the per-client budget and, when `accountKey` names one, the per-account budget. */
export function rateLimited(
  app: FastifyInstance,
  config: RateLimitConfig,
  route: string,
  accountKey?: AccountKey,
) {
  const perClient: Check = app.createRateLimit({
    max: config.perClient,
    timeWindow: config.windowMs,
    keyGenerator: (request: FastifyRequest) => `client:${route}:${request.ip}`,
  });
  const perAccount: Check = app.createRateLimit({
    max: config.perAccount,
    timeWindow: config.windowMs,
    keyGenerator: (request: FastifyRequest) => `account:${route}:${accountKey?.(request) ?? ''}`,
  });
  return async (
    request: FastifyRequest,
    reply: { header(name: string, value: string): unknown },
  ): Promise<void> => {
    const checks = [perClient];
    if (accountKey?.(request)) checks.push(perAccount);
    for (const check of checks) {
      let result: Awaited<ReturnType<Check>>;
      try {
        result = await check(request);
      } catch (cause) {
        request.log.warn({ err: (cause as Error).message }, 'rate-limit check failed');
        throw new ServerError('unavailable', 'the rate-limit store is unreachable; try again later');
      }
      if (result.isExceeded) {
        if (result.ttlInSeconds !== undefined) reply.header('retry-after', String(result.ttlInSeconds));
        throw new ServerError('rate_limited', 'too many attempts; try again later');
      }
    }
  };
}

/** The username a body names, in the form budgets are kept under (folded like usernames, never rejected). */
export function budgetUsername(body: unknown): string | undefined {
  const value = (body as { username?: unknown } | null)?.username;
  return typeof value === 'string' ? foldUsername(value) : undefined;
}
