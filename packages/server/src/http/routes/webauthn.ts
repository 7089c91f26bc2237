// The two WebAuthn ceremonies over HTTP: options, then verify.
import type { FastifyInstance } from 'fastify';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@credkit/webauthn';
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
import {
  registrantOf,
  requireRegistrant,
  requireRequester,
  requesterOf,
  type SessionAdapter,
} from '../requesters.js';
import { rateLimited } from '../rate-limit.js';
import type { AuthenticationVerifyResponse, RegistrationVerifyResponse } from '@credkit/browser/api';

export function registerWebAuthnRoutes(
  app: FastifyInstance,
  ctx: RelyingPartyContext,
  sessions: SessionAdapter,
): void {
  const limits = ctx.config.rateLimit;

  app.post<{ Body: Partial<RegistrationOptionsRequest> }>(
    '/webauthn/registration/options',
    {
      schema: { body: registrationOptionsBody },
      config: { ceremony: 'registration_options' },
      // every registration verify consumes a challenge from here: the account's budget is spent here
      preHandler: [
        // the user's passkeys (the exclude list) read with the session
        requireRequester(sessions, { passkeys: true }),
        rateLimited(app, limits, 'registration-options', (request) => requesterOf(request).user.id),
      ],
    },
    async (request) =>
      registrationOptions(ctx, requesterOf(request), {
        ...request.body,
        kind: request.body.kind ?? 'passkey',
      }),
  );

  app.post<{ Body: RegistrationResponseJSON }>(
    '/webauthn/registration/verify',
    {
      schema: { body: registrationResponseBody },
      config: { ceremony: 'registration' },
      // the session that asked for the options, and only it, finishes the registration (credkit's own: claimed
      // by its token here, confirmed live as the passkey is stored)
      preHandler: [requireRegistrant(sessions), rateLimited(app, limits, 'registration-verify')],
    },
    async (request): Promise<RegistrationVerifyResponse> => {
      const result = await verifyRegistrationResponse(ctx, registrantOf(request), request.body);
      return {
        credential: result.credential,
        signals: { allAcceptedCredentials: result.allAcceptedCredentials },
      };
    },
  );

  app.post<{ Body: AuthenticationOptionsRequest | null }>(
    '/webauthn/authentication/options',
    {
      schema: { body: authenticationOptionsBody },
      config: { ceremony: 'authentication_options' },
      // per client only: options reveal nothing (decoys), and a per-username budget would let anyone lock an
      // account out of username-first sign-in
      preHandler: rateLimited(app, limits, 'authentication-options'),
    },
    async (request) => authenticationOptions(ctx, request.body ?? {}),
  );

  app.post<{ Body: AuthenticationResponseJSON }>(
    '/webauthn/authentication/verify',
    {
      schema: { body: authenticationResponseBody },
      config: { ceremony: 'authentication' },
      // per client only: a signature cannot be guessed, and a per-credential budget would let anyone who saw a
      // credential id (allowCredentials lists them) lock its owner out of passkey and restore-key sign-in
      preHandler: rateLimited(app, limits, 'authentication-verify'),
    },
    async (request, reply): Promise<AuthenticationVerifyResponse> => {
      const result = await verifyAuthenticationResponse(ctx, request.body);
      const started = await sessions.signedIn(request, reply, result);
      return {
        user: result.user,
        ...started,
        credential: result.credential,
        signals: { allAcceptedCredentials: result.allAcceptedCredentials },
      };
    },
  );
}
