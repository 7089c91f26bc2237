// Rate limits on sign-in and verify routes: one budget per client address and one per account.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimitConfig } from '../config.js';
import { ServerError } from '../relying-party/errors.js';

type Check = (request: FastifyRequest) => Promise<{ isExceeded?: boolean; ttlInSeconds?: number }>;

declare module 'fastify' {
  interface FastifyInstance {
    createRateLimit(
      options: object,
    ): (request: FastifyRequest) => Promise<{ isExceeded?: boolean; ttlInSeconds?: number }>;
  }
}

export type AccountKey = (request: FastifyRequest) => string | undefined;

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
      const result = await check(request);
      if (result.isExceeded) {
        if (result.ttlInSeconds !== undefined) reply.header('retry-after', String(result.ttlInSeconds));
        throw new ServerError('rate_limited', 'too many attempts; try again later');
      }
    }
  };
}
