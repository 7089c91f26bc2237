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
      preHandler: rateLimited(app, limits, 'registration-verify'),
    },
    async (request) => {
      const result = await verifyRegistrationResponse(ctx, request.body);
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
      preHandler: rateLimited(app, limits, 'authentication-options', (request) => {
        const username = (request.body as AuthenticationOptionsRequest | null)?.username;
        return username?.normalize('NFKC').trim().toLowerCase();
      }),
    },
    async (request) => authenticationOptions(ctx, request.body ?? {}),
  );

  app.post<{ Body: AuthenticationResponseJSON }>(
    '/api/webauthn/authentication/verify',
    {
      schema: { body: authenticationResponseBody },
      preHandler: rateLimited(
        app,
        limits,
        'authentication-verify',
        (request) => (request.body as AuthenticationResponseJSON).id,
      ),
    },
    async (request, reply) => {
      const result = await verifyAuthenticationResponse(ctx, request.body);
      setSessionCookie(ctx, reply, result.session);
      return {
        user: result.user,
        token: result.session.token,
        credential: result.credential,
        signals: { allAcceptedCredentials: result.allAcceptedCredentials },
      };
    },
  );
}
