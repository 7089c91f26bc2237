// credkit's own cookies (the session and the device cookie), read and written with `cookie` directly: a route that
// needs one parses the Cookie header when it first asks, and a Set-Cookie header goes out with the reply.
// (@fastify/cookie's hooks parsed and serialized on every request, whether it had cookies or not: 0.03 ms of a
// passkey sign-in, docs/benchmarks.md.)
import { parseCookie, stringifySetCookie, type SerializeOptions } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

const parsed = new WeakMap<FastifyRequest, Record<string, string | undefined>>();

/** The value of the request's cookie `name`, if it sent one. */
export function requestCookie(request: FastifyRequest, name: string): string | undefined {
  let cookies = parsed.get(request);
  if (!cookies) {
    const header = request.headers.cookie;
    cookies = header ? parseCookie(header) : {};
    parsed.set(request, cookies);
  }
  return cookies[name];
}

/** Adds a Set-Cookie header to the reply (Fastify keeps every one given). */
export function setCookie(reply: FastifyReply, name: string, value: string, options: SerializeOptions): void {
  reply.header('set-cookie', stringifySetCookie(name, value, options));
}

/** Tells the browser to drop cookie `name` (same path and flags as it was set with). */
export function clearCookie(reply: FastifyReply, name: string, options: SerializeOptions): void {
  setCookie(reply, name, '', { path: '/', ...options, expires: new Date(0), maxAge: 0 });
}
