// credkit's own sessions over HTTP: an HttpOnly SameSite=Lax cookie (Secure: see secureCookies) for browsers or a
// bearer token for native apps; the SessionAdapter of the standalone server.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RelyingPartyContext, ActiveSession, StartedSession } from '../relying-party/index.js';
import { claimSession, findSession, ownRequester, unauthenticated } from '../relying-party/index.js';
import { secureCookies } from '../config.js';
import { setDeviceCookie } from './device-cookie.js';
import { cookieWriter, requestCookie } from './cookies.js';
import type { SessionAdapter } from './requesters.js';

export const SESSION_COOKIE = 'credkit_session';

declare module 'fastify' {
  interface FastifyRequest {
    active?: ActiveSession;
  }
}

export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1];
  }
  return requestCookie(request, SESSION_COOKIE);
}

/** The session cookie as the context's config has it: Secure or not. */
const sessionCookie = (ctx: RelyingPartyContext) =>
  cookieWriter(ctx, SESSION_COOKIE, '/', () => ({ sameSite: 'lax', secure: secureCookies(ctx.config) }));

export function setSessionCookie(
  ctx: RelyingPartyContext,
  reply: FastifyReply,
  session: StartedSession,
): void {
  sessionCookie(ctx).set(reply, session.token, new Date(session.expiresAt));
}

export function clearSessionCookie(ctx: RelyingPartyContext, reply: FastifyReply): void {
  sessionCookie(ctx).clear(reply);
}

/** Loads the session if there is one (no error when signed out); `include.passkeys`: with the user's passkeys. */
export async function loadSession(
  ctx: RelyingPartyContext,
  request: FastifyRequest,
  include?: { passkeys?: boolean },
): Promise<ActiveSession | undefined> {
  if (!request.active || (include?.passkeys && !request.active.passkeys)) {
    request.active = await findSession(ctx, sessionToken(request), include);
  }
  return request.active;
}

/** preHandler for routes that need one of credkit's own sessions: 401 unauthenticated otherwise. */
export function requireSession(ctx: RelyingPartyContext) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!(await loadSession(ctx, request))) throw unauthenticated();
  };
}

/** The session of a request that went through requireSession. */
export function activeSession(request: FastifyRequest): ActiveSession {
  if (!request.active) throw unauthenticated();
  return request.active;
}

/** credkit's own sessions as the routes' SessionAdapter; `deviceCookiePath`: where password sign-in lives. */
export function ownSessions(ctx: RelyingPartyContext, deviceCookiePath: string): SessionAdapter {
  return {
    async requester(request, include) {
      const active = await loadSession(ctx, request, include);
      return active && ownRequester(ctx, active);
    },
    claim: (request) => claimSession(sessionToken(request)),
    async signedIn(request, reply, result) {
      setSessionCookie(ctx, reply, result.session!);
      setDeviceCookie(ctx, request, reply, result.user.username, deviceCookiePath);
      return { token: result.session!.token };
    },
  };
}
