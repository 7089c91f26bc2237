// The Fastify application: plugins, hooks, routes. No listening here.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { RelyingPartyContext } from '../relying-party/index.js';
import type { Store } from '../store/index.js';
import { clientErrorHandler, installErrorHandlers, sendError } from './errors.js';
import { ServerError } from '../relying-party/errors.js';
import { MAX_CREDENTIAL_ID_CHARS } from './schemas.js';
import { installOriginCheck } from './origin-check.js';
import { installRateLimits } from './rate-limit.js';
import { registerWellKnown } from './well-known.js';
import { registerStatic } from './static.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { registerWebAuthnRoutes } from './routes/webauthn.js';
import { registerPasskeyRoutes } from './routes/passkeys.js';
import { registerConformanceRoutes } from './routes/conformance.js';
import { registerHealth } from './health.js';
import { installMetrics } from './metrics.js';
import { registerOpenApi } from './openapi.js';

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

/**
 * JSON is the only media type (415 for anything else, text/plain included); `Content-Type: application/json`
 * with an empty body means "no body" (optional bodies, e.g. sign-out). Bodies are never decompressed, so a
 * Content-Encoding other than identity is a 415 too.
 */
function acceptJsonBodiesOnly(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addHook('onRequest', async (request) => {
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
      throw new ServerError('unsupported_media_type', `Content-Encoding ${encoding} is not accepted`);
    }
  });
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
    // every credential id the store accepts (WebAuthn's 1,023 bytes) fits a route parameter
    routerOptions: { maxParamLength: MAX_CREDENTIAL_ID_CHARS },
    frameworkErrors: (error, request, reply) => sendError(request, reply, error),
    clientErrorHandler,
    // while shutting down (shutdown.ts), a request on an open keep-alive connection is served, with
    // `Connection: close`, rather than answered by Fastify's own 503 body; idle connections close at once
    return503OnClosing: false,
    forceCloseConnections: 'idle',
  });
  installErrorHandlers(app);
  acceptJsonBodiesOnly(app, ctx.config.bodyLimit);
  await registerOpenApi(app); // before every route, so that each is in /openapi.json
  if (ctx.config.metrics) installMetrics(app, store); // before every route, so that each is measured
  await app.register(fastifyCookie);
  await installRateLimits(app, ctx.config.redisUrl, ctx.config.rateLimit);
  installOriginCheck(app, ctx.config.origins);
  registerWellKnown(app, ctx.config, store);
  registerHealth(app, store, store.engine === 'postgres' ? ctx.config.databaseSchema : undefined);
  registerAccountRoutes(app, ctx);
  registerWebAuthnRoutes(app, ctx);
  registerPasskeyRoutes(app, ctx);
  if (ctx.config.fidoConformanceApi) {
    app.log.warn(
      'FIDO conformance API on (/attestation/*, /assertion/*): anyone can add a passkey to any account; test deployments only',
    );
    await registerConformanceRoutes(app, ctx);
  }
  if (ctx.config.serveStatic) await registerStatic(app, ctx.config.staticRoot);
  return app;
}
