// credkit's own accounts (the standalone server; a host app keeps its own): sign-up, password sign-in, sign-out,
// profile.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  signUp,
  signUpHostUser,
  signInWithPassword,
  updateProfile,
  endSession,
  revokeRestoreKey,
  publicUser,
  type RelyingPartyContext,
} from '../../relying-party/index.js';
import { signUpBody, hostSignUpBody, passwordSignInBody, signOutBody, updateMeBody } from '../schemas.js';
import type { SessionAdapter } from '../requesters.js';
import {
  requireSession,
  activeSession,
  setSessionCookie,
  clearSessionCookie,
  loadSession,
} from '../sessions.js';
import { budgetUsername, rateLimited } from '../rate-limit.js';
import { trustedDevice } from '../device-cookie.js';
import type {
  MeResponse,
  PasswordSignInRequest,
  SignedInResponse,
  SignOutRequest,
  SignOutResponse,
  SignUpRequest,
  UpdateMeRequest,
  UpdateMeResponse,
} from '@credkit/browser/api';

export function registerAccountRoutes(
  app: FastifyInstance,
  ctx: RelyingPartyContext,
  sessions: SessionAdapter,
): void {
  const limits = ctx.config.rateLimit;
  // Password guesses spend the account's budget; a client holding the account's device cookie spends its own,
  // so guesses without the cookie never lock the owner out.
  const passwordBudget = (request: FastifyRequest) => {
    const username = budgetUsername(request.body);
    if (username === undefined) return undefined;
    const device = trustedDevice(ctx, request, username);
    return device ? `device:${device}` : `user:${username}`;
  };

  app.post<{ Body: SignUpRequest }>(
    '/signup',
    {
      schema: { body: signUpBody },
      config: { ceremony: 'signup' },
      preHandler: rateLimited(app, limits, 'signup'),
    },
    async (request, reply) => {
      const { user, session } = await signUp(ctx, request.body);
      setSessionCookie(ctx, reply, session);
      const body: SignedInResponse = { user, token: session.token };
      return reply.status(201).send(body);
    },
  );

  app.post<{ Body: PasswordSignInRequest }>(
    '/signin/password',
    {
      schema: { body: passwordSignInBody },
      config: { ceremony: 'password_signin' },
      preHandler: rateLimited(app, limits, 'signin-password', passwordBudget),
    },
    async (request, reply): Promise<SignedInResponse> => {
      const signedIn = await signInWithPassword(ctx, request.body);
      // the session cookie and this browser's device cookie, as after a passkey sign-in
      return { user: signedIn.user, token: (await sessions.signedIn(request, reply, signedIn)).token! };
    },
  );

  app.post<{ Body: SignOutRequest | null }>(
    '/signout',
    { schema: { body: signOutBody } },
    async (request, reply): Promise<SignOutResponse> => {
      const deviceId = request.body?.deviceId;
      const active = await loadSession(ctx, request);
      let allAccepted;
      if (active) {
        if (deviceId) allAccepted = await revokeRestoreKey(ctx, active.user.id, deviceId);
        await endSession(ctx, active.session);
      }
      clearSessionCookie(ctx, reply);
      return {
        signedOut: true,
        // Android: ClearCredentialStateRequest(TYPE_CLEAR_RESTORE_CREDENTIAL) when the device named itself.
        clearRestoreCredential: deviceId !== undefined,
        ...(allAccepted ? { signals: { allAcceptedCredentials: allAccepted } } : {}),
      };
    },
  );

  app.get('/me', { preHandler: requireSession(ctx) }, async (request): Promise<MeResponse> => ({
    user: publicUser(activeSession(request).user),
  }));

  app.patch<{ Body: UpdateMeRequest }>(
    '/me',
    { schema: { body: updateMeBody }, preHandler: requireSession(ctx) },
    async (request): Promise<UpdateMeResponse> => {
      const { user, currentUserDetails } = await updateProfile(
        ctx,
        activeSession(request).user.id,
        request.body,
      );
      return { user, signals: { currentUserDetails } };
    },
  );
}

/**
 * A host app's passkey-first sign-up (its users have `create`): the user is made in the app's users and the app's
 * session starts; the page then registers a passkey.
 */
export function registerHostSignUp(
  app: FastifyInstance,
  ctx: RelyingPartyContext,
  sessions: SessionAdapter,
): void {
  app.post<{ Body: { username: string; displayName?: string } }>(
    '/signup',
    {
      schema: { body: hostSignUpBody },
      config: { ceremony: 'signup' },
      preHandler: rateLimited(app, ctx.config.rateLimit, 'signup'),
    },
    async (request, reply) => {
      const user = await signUpHostUser(ctx, request.body);
      const started = await sessions.signedIn(request, reply, { user });
      return reply.status(201).send({ user, ...started });
    },
  );
}
