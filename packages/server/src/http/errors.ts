// Every error leaves as `{error: {code, message}, signals?}` with the code's status; never a stack trace. That
// includes the framework's own errors (bad URL encoding, over-long route parameters, unknown routes and methods,
// media types, body limits) and the errors Node's HTTP parser raises before a request exists (header overflow).
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isWebAuthnError } from '@credkit/webauthn';
import { ServerError, SERVER_ERROR_CODES, type ServerErrorCode } from '../relying-party/errors.js';

interface ErrorBody {
  error: { code: string; message: string };
  signals?: unknown;
}

/** Fastify's error codes and the contract's code for each (the message says what was wrong). */
const FRAMEWORK_ERRORS: Record<string, ServerErrorCode> = {
  FST_ERR_BAD_URL: 'malformed_url',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_request',
};

function body(code: ServerErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

export function toResponse(err: unknown): { status: number; body: ErrorBody } {
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
  const mapped = typeof e.code === 'string' ? FRAMEWORK_ERRORS[e.code] : undefined;
  if (mapped) return { status: SERVER_ERROR_CODES[mapped], body: body(mapped, e.message) };
  // Schema validation, bad JSON, any other client error the framework raises: the request is malformed.
  if (e.validation || (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)) {
    return { status: 400, body: body('malformed_request', e.message) };
  }
  return { status: 500, body: body('internal_error', 'internal server error') };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const { status, body } = toResponse(err);
  if (status >= 500) request.log.error({ err }, 'request failed');
  else request.log.info({ code: body.error.code }, 'request refused');
  return reply.status(status).send(body);
}

/** Errors of Node's HTTP parser (no request object yet): answered on the socket in the same format. */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message]: [number, ServerErrorCode, string] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'the request headers are too large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'the request took too long to arrive']
        : [400, 'malformed_request', 'the request is not valid HTTP'];
  const text = JSON.stringify(body(code, message));
  this.log.debug({ code }, 'client error');
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
    );
  }
  socket.destroy(err);
}

/** A route table for 405s: which methods some route answers for a path (parameters and wildcards matched). */
class RouteMethods {
  readonly #routes: { method: string; pattern: RegExp }[] = [];

  add(method: string | string[], url: string): void {
    const source = url
      .split('/')
      .map((part) =>
        part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    const pattern = new RegExp(`^${source}$`);
    for (const m of Array.isArray(method) ? method : [method]) this.#routes.push({ method: m, pattern });
  }

  /** The methods some route answers for `path`. */
  allowed(path: string): string[] {
    return [...new Set(this.#routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
  }
}

export function installErrorHandlers(app: FastifyInstance): void {
  const routes = new RouteMethods();
  app.addHook('onRoute', (route) => routes.add(route.method, route.url ?? route.path));
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) =>
    sendError(request, reply, err),
  );
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = routes.allowed(path);
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      reply.header('allow', allowed.join(', '));
      return sendError(
        request,
        reply,
        new ServerError('method_not_allowed', `${request.method} is not allowed on ${path}`),
      );
    }
    return sendError(request, reply, new ServerError('not_found', `no route for ${request.method} ${path}`));
  });
}
