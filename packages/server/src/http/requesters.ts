// Who a request comes from. Routes ask a SessionAdapter: credkit's own sessions (sessions.ts: a cookie or a
// bearer token) or a host app's (host-session.ts: the app's callbacks). Registration and passkey management need
// a signed-in requester; a passkey or restore-key sign-in hands its user to the adapter to start a session.
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  unauthenticated,
  type PublicUser,
  type Requester,
  type SessionClaim,
  type StartedSession,
} from '../relying-party/index.js';

export interface SessionAdapter {
  /**
   * The signed-in user asking, and their session; undefined when signed out. `include.passkeys`: the route lists
   * the user's passkeys next (registration options), so an adapter that can read them in the same step should.
   */
  requester(request: FastifyRequest, include?: { passkeys?: boolean }): Promise<Requester | undefined>;
  /**
   * Optional: credkit's own session named by the request's token, not looked up (a registration's verify: the store
   * confirms it as it stores the passkey); undefined when the request names none.
   */
  claim?(request: FastifyRequest): SessionClaim | undefined;
  /**
   * A sign-in (or a sign-up) succeeded: start the session (credkit's own is already stored as `session`); resolves to
   * what it adds to the response body (a bearer token).
   */
  signedIn(
    request: FastifyRequest,
    reply: FastifyReply,
    result: { user: PublicUser; session?: StartedSession },
  ): Promise<{ token?: string }>;
}

declare module 'fastify' {
  interface FastifyRequest {
    requester?: Requester;
    claim?: SessionClaim;
  }
}

/** preHandler for routes that need a signed-in user: 401 unauthenticated otherwise. */
export function requireRequester(adapter: SessionAdapter, include?: { passkeys?: boolean }) {
  return async (request: FastifyRequest): Promise<void> => {
    request.requester ??= await adapter.requester(request, include);
    if (!request.requester) throw unauthenticated();
  };
}

/** The requester of a request that went through requireRequester. */
export function requesterOf(request: FastifyRequest): Requester {
  if (!request.requester) throw unauthenticated();
  return request.requester;
}

/**
 * preHandler for a registration's verify: the session the request claims, when the adapter takes claims (checked
 * as the passkey is stored), else a signed-in requester; 401 unauthenticated when the request names no session.
 */
export function requireRegistrant(adapter: SessionAdapter) {
  const signedIn = requireRequester(adapter);
  return async (request: FastifyRequest): Promise<void> => {
    request.claim = adapter.claim?.(request);
    if (!request.claim) await signedIn(request);
  };
}

/** Who finishes the registration of a request that went through requireRegistrant. */
export function registrantOf(request: FastifyRequest): Requester | SessionClaim {
  return request.claim ?? requesterOf(request);
}
