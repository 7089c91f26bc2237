// credkit's routes as one encapsulated Fastify plugin, under whatever prefix it is registered with: the WebAuthn
// ceremonies, passkey management and restore-key revocation, and, when credkit keeps the accounts itself, sign-up,
// password sign-in, sign-out and the profile. Its error format, JSON-only bodies, Origin check and rate limits
// apply to its own routes only, so a host app's other routes are untouched.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Ajv } from 'ajv';
import type { RelyingPartyContext } from '../relying-party/index.js';
import { ServerError } from '../relying-party/errors.js';
import { sendError } from './errors.js';
import { installOriginCheck } from './origin-check.js';
import { installRateLimits } from './rate-limit.js';
import { registerAccountRoutes, registerHostSignUp } from './routes/accounts.js';
import { registerWebAuthnRoutes } from './routes/webauthn.js';
import { registerPasskeyRoutes } from './routes/passkeys.js';
import { ownSessions } from './sessions.js';
import type { SessionAdapter } from './requesters.js';

export interface CredkitRoutesOptions {
  ctx: RelyingPartyContext;
  /** The host app's sessions; default credkit's own (which needs ctx.accounts). */
  sessions?: SessionAdapter;
}

/**
 * JSON is the only media type (415 for anything else, text/plain included); `Content-Type: application/json`
 * with an empty body means "no body" (optional bodies, e.g. sign-out). Bodies are never decompressed, so a
 * Content-Encoding other than identity is a 415 too.
 */
export function acceptJsonBodiesOnly(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addHook('onRequest', (request, _reply, done) => {
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
      return done(new ServerError('unsupported_media_type', `Content-Encoding ${encoding} is not accepted`));
    }
    done();
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

/**
 * credkit's own schema validation, whatever the host app's Fastify was built with: no type coercion, no silently
 * dropped members (Fastify's defaults coerce and remove them), so a malformed body is always a 400.
 */
function strictValidation(app: FastifyInstance): void {
  const ajv = new Ajv({ coerceTypes: false, removeAdditional: false, allErrors: false, useDefaults: false });
  app.setValidatorCompiler(({ schema }) => ajv.compile(schema));
}

export const credkitRoutes: FastifyPluginAsync<CredkitRoutesOptions> = async (app, { ctx, sessions }) => {
  app.setErrorHandler((err, request, reply) => sendError(request, reply, err));
  strictValidation(app);
  acceptJsonBodiesOnly(app, ctx.config.bodyLimit);
  await installRateLimits(app, ctx.config.redisUrl, ctx.config.rateLimit);
  installOriginCheck(app, ctx.config.origins);
  const deviceCookiePath = `${app.prefix}/signin`;
  const adapter = sessions ?? ownSessions(ctx, deviceCookiePath);
  if (ctx.accounts && !sessions) registerAccountRoutes(app, ctx, adapter);
  // a host app that lets credkit create its users gets passkey-first sign-up
  else if (sessions && ctx.store.users.create) registerHostSignUp(app, ctx, sessions);
  registerWebAuthnRoutes(app, ctx, adapter);
  registerPasskeyRoutes(app, ctx, adapter);
};
