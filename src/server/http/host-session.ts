// A host app's own sessions as credkit's SessionAdapter: the app says which user a request belongs to, and starts
// its own session when credkit signs a user in.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PublicUser, RelyingPartyContext } from '../relying-party/index.js';
import type { SessionAdapter } from './requesters.js';

/** The signed-in user of a request in the app's session. */
export interface HostSignedIn {
  /** The app's id for the user (HostUsers.findById finds them). */
  userId: string;
  /**
   * Any stable id of this session (a session id, a token's id): a registration's challenge only opens in the
   * session that asked for it, so signing out voids it.
   */
  sessionId: string;
}

/** The app's session, as credkit sees it. `Req`/`Res`: Fastify's request and reply, or Node's (createHandler). */
export interface HostSession<Req, Res> {
  /** Who is signed in on this request; undefined when nobody is. */
  current(request: Req): Promise<HostSignedIn | undefined> | HostSignedIn | undefined;
  /**
   * credkit signed `user` in with a passkey or a restore key: start the app's own session for them (regenerate the
   * session id, store the user id, set the app's cookie).
   */
  signIn(request: Req, response: Res, user: PublicUser): Promise<void> | void;
  /**
   * Optional: true, once, right after the app signed this session in with a password, so the page may create a
   * passkey without a prompt (conditional create, the automatic passkey upgrade). Default: never.
   */
  takePasskeyUpgrade?(request: Req): Promise<boolean> | boolean;
}

export function hostSessions(
  ctx: RelyingPartyContext,
  session: HostSession<FastifyRequest, FastifyReply>,
): SessionAdapter {
  return {
    async requester(request) {
      const current = await session.current(request);
      if (!current) return undefined;
      const user = await ctx.store.users.findById(current.userId);
      if (!user) return undefined;
      return {
        user,
        sessionId: `host:${current.sessionId}`,
        takeUpgrade: async () => (await session.takePasskeyUpgrade?.(request)) === true,
      };
    },
    async signedIn(request, reply, result) {
      await session.signIn(request, reply, result.user);
      return {};
    },
  };
}
