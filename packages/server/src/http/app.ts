// The standalone server's Fastify application: credkit's routes (plugin.ts) under /api with its own accounts and
// sessions, and what a whole service adds at the root: error and 404 handling for every path, /.well-known files,
// health, metrics, the OpenAPI document and the demo pages. No listening here.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { RelyingPartyContext } from '../relying-party/index.js';
import type { Store } from '../store/index.js';
import { clientErrorHandler, installErrorHandlers, sendError } from './errors.js';
import { MAX_CREDENTIAL_ID_CHARS } from './schemas.js';
import { registerWellKnown } from './well-known.js';
import { registerStatic } from './static.js';
import { credkitRoutes } from './plugin.js';
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
  await registerOpenApi(app); // before every route, so that each is in /openapi.json
  if (ctx.config.metrics) installMetrics(app, store); // before every route, so that each is measured
  registerWellKnown(app, ctx.config, store);
  registerHealth(app, store, store.engine === 'postgres' ? ctx.config.databaseSchema : undefined);
  await app.register(credkitRoutes, { prefix: '/api', ctx });
  if (ctx.config.fidoConformanceApi) {
    app.log.warn(
      'FIDO conformance API on (/attestation/*, /assertion/*): anyone can add a passkey to any account; test deployments only',
    );
    await registerConformanceRoutes(app, ctx);
  }
  if (ctx.config.serveStatic) await registerStatic(app, ctx.config.staticRoot);
  return app;
}
