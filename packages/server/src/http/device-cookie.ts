// The device cookie (OWASP's "device cookies" against account lockout): a client that signed in to an account
// before holds `credkit_device`, a random nonce MACed with the account's username under a key derived from the
// server secret. Password sign-in from such a client spends that device's own budget, not the account's: an
// attacker who locks the account with wrong passwords (without the cookie) does not lock its owner out.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomToken, type RelyingPartyContext } from '../relying-party/index.js';
import { secureCookies } from '../config.js';
import { cookieWriter, requestCookie } from './cookies.js';

export const DEVICE_COOKIE = 'credkit_device';
const YEAR_SECONDS = 365 * 24 * 3600;

/** The MAC key, derived from the server secret once per secret. */
const keys = new WeakMap<Buffer, Buffer>();

function mac(ctx: RelyingPartyContext, username: string, nonce: string): Buffer {
  let key = keys.get(ctx.secret);
  if (!key) {
    key = createHmac('sha256', ctx.secret).update('credkit device cookie').digest();
    keys.set(ctx.secret, key);
  }
  return createHmac('sha256', key).update(`${username}\u0000${nonce}`).digest();
}

/**
 * Gives a browser a device cookie for `username` (after a successful sign-in), sent back only to `path` (where
 * password sign-in lives). Only requests with an Origin header get one: native apps keep no cookies, and the
 * work is saved on their sign-ins.
 */
export function setDeviceCookie(
  ctx: RelyingPartyContext,
  request: FastifyRequest,
  reply: FastifyReply,
  username: string,
  path: string,
): void {
  if (request.headers.origin === undefined) return;
  const nonce = randomToken(16);
  const cookie = cookieWriter(ctx, DEVICE_COOKIE, path, () => ({
    sameSite: 'strict',
    secure: secureCookies(ctx.config),
    maxAge: YEAR_SECONDS,
  }));
  cookie.set(reply, `${nonce}.${mac(ctx, username, nonce).toString('base64url')}`);
}

/** The nonce of the request's device cookie when it was issued for `username`; undefined otherwise. */
export function trustedDevice(
  ctx: RelyingPartyContext,
  request: FastifyRequest,
  username: string,
): string | undefined {
  const value = requestCookie(request, DEVICE_COOKIE);
  if (!value || value.length > 128) return undefined;
  const [nonce, tag, extra] = value.split('.');
  if (!nonce || !tag || extra !== undefined) return undefined;
  const expected = mac(ctx, username, nonce);
  const given = Buffer.from(tag, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : undefined;
}
