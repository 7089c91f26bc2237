// The Fastify application: plugins, hooks, routes. No listening here.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { RelyingPartyContext } from '../relying-party/index.js';
import type { Store } from '../store/index.js';
import { installErrorHandlers } from './errors.js';
import { installOriginCheck } from './origin-check.js';
import { installRateLimits } from './rate-limit.js';
import { registerWellKnown } from './well-known.js';
import { registerStatic } from './static.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { registerWebAuthnRoutes } from './routes/webauthn.js';
import { registerPasskeyRoutes } from './routes/passkeys.js';

/** Structured logs; cookies, authorization headers and Set-Cookie never reach them. Bodies are not logged. */
function loggerOptions(enabled: boolean): FastifyServerOptions['logger'] {
  if (!enabled) return false;
  return {
    level: 'info',
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        'req.body',
        'body',
      ],
      censor: '[redacted]',
    },
  };
}

/** `Content-Type: application/json` with an empty body means "no body" (optional bodies, e.g. sign-out). */
function acceptEmptyJsonBodies(app: FastifyInstance, bodyLimit: number): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('the body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
}

export async function buildApp(ctx: RelyingPartyContext, store: Store): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(ctx.config.logger),
    bodyLimit: ctx.config.bodyLimit,
    trustProxy: false,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  installErrorHandlers(app);
  acceptEmptyJsonBodies(app, ctx.config.bodyLimit);
  await app.register(fastifyCookie);
  await installRateLimits(app, ctx.config.redisUrl);
  installOriginCheck(app, ctx.config.origins);
  registerWellKnown(app, ctx.config, store);
  registerAccountRoutes(app, ctx);
  registerWebAuthnRoutes(app, ctx);
  registerPasskeyRoutes(app, ctx);
  if (ctx.config.serveStatic) await registerStatic(app, ctx.config.staticRoot);
  return app;
}
