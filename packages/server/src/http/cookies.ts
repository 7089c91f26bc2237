// credkit's own cookies (the session and the device cookie), read and written with `cookie` directly: a route that
// needs one parses the Cookie header when it first asks, and a Set-Cookie header goes out with the reply.
// (@fastify/cookie's hooks parsed and serialized on every request, whether it had cookies or not: 0.03 ms of a
// passkey sign-in, docs/benchmarks.md.)
import { parseCookie, stringifySetCookie } from 'cookie';
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

/** The attributes a cookie of credkit's keeps every time it is set. */
export interface CookieAttributes {
  path: string;
  sameSite: 'lax' | 'strict';
  secure: boolean;
  /** Seconds; else the cookie lasts as long as each `set` says (Expires). */
  maxAge?: number;
}

/** What credkit puts in its cookies: base64url tokens and MACs, joined by dots (nothing `cookie` would encode). */
const COOKIE_VALUE = /^[\w.-]*$/;

/**
 * Set-Cookie headers of one HttpOnly cookie whose attributes never change: `cookie` checks and formats them once,
 * and each reply adds only the value and, when given, the expiry (formatting them all on every sign-in cost 0.01 ms,
 * docs/benchmarks.md).
 */
export class CookieWriter {
  private readonly attributes: string;
  private readonly clearing: string;

  constructor(
    readonly name: string,
    attributes: CookieAttributes,
  ) {
    this.attributes = stringifySetCookie(name, '', { ...attributes, httpOnly: true }).slice(name.length + 1);
    this.clearing = stringifySetCookie(name, '', {
      ...attributes,
      httpOnly: true,
      maxAge: 0,
      expires: new Date(0),
    });
  }

  /** Adds the cookie with `value` to the reply (Fastify keeps every Set-Cookie given). */
  set(reply: FastifyReply, value: string, expires?: Date): void {
    if (!COOKIE_VALUE.test(value)) throw new TypeError(`cookie ${this.name}: not a token`);
    const expiry = expires ? `; Expires=${expires.toUTCString()}` : '';
    reply.header('set-cookie', `${this.name}=${value}${this.attributes}${expiry}`);
  }

  /** Tells the browser to drop the cookie (same path and flags as it was set with). */
  clear(reply: FastifyReply): void {
    reply.header('set-cookie', this.clearing);
  }
}

const writers = new WeakMap<object, Map<string, CookieWriter>>();

/**
 * The CookieWriter of cookie `name` at `path`, made once per `owner`: the relying-party context whose config decides
 * the other attributes (`attributes` is asked only then).
 */
export function cookieWriter(
  owner: object,
  name: string,
  path: string,
  attributes: () => Omit<CookieAttributes, 'path'>,
): CookieWriter {
  let byCookie = writers.get(owner);
  if (!byCookie) writers.set(owner, (byCookie = new Map()));
  const key = `${name};${path}`;
  let writer = byCookie.get(key);
  if (!writer) byCookie.set(key, (writer = new CookieWriter(name, { ...attributes(), path })));
  return writer;
}
