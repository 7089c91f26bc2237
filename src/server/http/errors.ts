// Every error leaves as `{error: {code, message}, signals?}` with the code's status; never a stack trace.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isWebAuthnError } from '../../webauthn/errors.js';
import { ServerError } from '../relying-party/errors.js';

interface ErrorBody {
  error: { code: string; message: string };
  signals?: unknown;
}

function toResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof ServerError) {
    return {
      status: err.status,
      body: {
        error: { code: err.code, message: err.message },
        ...(err.signals ? { signals: err.signals } : {}),
      },
    };
  }
  if (isWebAuthnError(err))
    return { status: err.status, body: { error: { code: err.code, message: err.message } } };
  const e = err as FastifyError;
  // Schema validation, bad JSON, wrong content type, oversized or empty body: the request is malformed.
  if (e.validation || (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)) {
    return { status: 400, body: { error: { code: 'malformed_request', message: e.message } } };
  }
  return { status: 500, body: { error: { code: 'internal_error', message: 'internal server error' } } };
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toResponse(err);
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: body.error.code }, 'request refused');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0]}` },
    }),
  );
}
