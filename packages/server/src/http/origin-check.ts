// A state-changing request that carries an Origin header must come from an allowed web origin, exactly as the
// browser serialises it (CSRF defence; native apps send no Origin). A browser request without Origin that
// Fetch Metadata marks cross-site is refused too (older browsers omit Origin on some same-origin POSTs, never
// the Sec-Fetch-Site header on a cross-site one).
import type { FastifyInstance } from 'fastify';
import { ServerError } from '../relying-party/errors.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installOriginCheck(app: FastifyInstance, origins: readonly string[]): void {
  const allowed = new Set(origins);
  // a callback hook: no promise per request
  app.addHook('onRequest', (request, _reply, done) => {
    if (SAFE.has(request.method)) return done();
    const origin = request.headers.origin;
    const site = request.headers['sec-fetch-site'];
    if (origin !== undefined ? !allowed.has(origin) : site === 'cross-site') {
      return done(new ServerError('origin_not_allowed', 'requests from this origin are not allowed'));
    }
    done();
  });
}
