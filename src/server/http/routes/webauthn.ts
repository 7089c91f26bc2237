// The two WebAuthn ceremonies over HTTP: options, then verify.
import type { FastifyInstance } from 'fastify';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../../../webauthn/index.js';
import {
  registrationOptions,
  verifyRegistrationResponse,
  authenticationOptions,
  verifyAuthenticationResponse,
  type RegistrationOptionsRequest,
  type AuthenticationOptionsRequest,
  type RelyingPartyContext,
} from '../../relying-party/index.js';
import {
  registrationOptionsBody,
  registrationResponseBody,
  authenticationOptionsBody,
  authenticationResponseBody,
} from '../schemas.js';
import { requireSession, activeSession, setSessionCookie } from '../sessions.js';
import { rateLimited } from '../rate-limit.js';
import { setDeviceCookie } from '../device-cookie.js';

export function registerWebAuthnRoutes(app: FastifyInstance, ctx: RelyingPartyContext): void {
  const limits = ctx.config.rateLimit;

  app.post<{ Body: Partial<RegistrationOptionsRequest> }>(
    '/api/webauthn/registration/options',
    {
      schema: { body: registrationOptionsBody },
      // every registration verify consumes a challenge from here: the account's budget is spent here
      preHandler: [
        requireSession(ctx),
        rateLimited(app, limits, 'registration-options', (request) => activeSession(request).user.id),
      ],
    },
    async (request) =>
      registrationOptions(ctx, activeSession(request), {
        ...request.body,
        kind: request.body.kind ?? 'passkey',
      }),
  );

  app.post<{ Body: RegistrationResponseJSON }>(
    '/api/webauthn/registration/verify',
    {
      schema: { body: registrationResponseBody },
      // the session that asked for the options, and only it, finishes the registration
      preHandler: [requireSession(ctx), rateLimited(app, limits, 'registration-verify')],
    },
    async (request) => {
      const result = await verifyRegistrationResponse(ctx, activeSession(request), request.body);
      return {
        credential: result.credential,
        signals: { allAcceptedCredentials: result.allAcceptedCredentials },
      };
    },
  );

  app.post<{ Body: AuthenticationOptionsRequest | null }>(
    '/api/webauthn/authentication/options',
    {
      schema: { body: authenticationOptionsBody },
      // per client only: options reveal nothing (decoys), and a per-username budget would let anyone lock an
      // account out of username-first sign-in
      preHandler: rateLimited(app, limits, 'authentication-options'),
    },
    async (request) => authenticationOptions(ctx, request.body ?? {}),
  );

  app.post<{ Body: AuthenticationResponseJSON }>(
    '/api/webauthn/authentication/verify',
    {
      schema: { body: authenticationResponseBody },
      // per client only: a signature cannot be guessed, and a per-credential budget would let anyone who saw a
      // credential id (allowCredentials lists them) lock its owner out of passkey and restore-key sign-in
      preHandler: rateLimited(app, limits, 'authentication-verify'),
    },
    async (request, reply) => {
      const result = await verifyAuthenticationResponse(ctx, request.body);
      setSessionCookie(ctx, reply, result.session);
      setDeviceCookie(ctx, request, reply, result.user.username);
      return {
        user: result.user,
        token: result.session.token,
        credential: result.credential,
        signals: { allAcceptedCredentials: result.allAcceptedCredentials },
      };
    },
  );
}
