// A state-changing request that carries an Origin header must come from an allowed web origin (CSRF defence;
// native apps send no Origin).
import type { FastifyInstance } from 'fastify';
import { ServerError } from '../relying-party/errors.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installOriginCheck(app: FastifyInstance, origins: readonly string[]): void {
  const allowed = new Set(origins);
  app.addHook('onRequest', async (request) => {
    if (SAFE.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin !== undefined && !allowed.has(origin)) {
      throw new ServerError('origin_not_allowed', 'requests from this origin are not allowed');
    }
  });
}
