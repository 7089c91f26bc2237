// The FIDO Alliance conformance API over HTTP (FIDO_CONFORMANCE_API=1): POST /attestation/options and /result,
// /assertion/options and /result, answering the profile's ServerResponse ({status, errorMessage}) on success and
// failure alike. The ceremonies are relying-party/conformance.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@credkit/webauthn';
import {
  conformanceRegistrationOptions,
  verifyConformanceRegistration,
  conformanceAuthenticationOptions,
  verifyConformanceAuthentication,
  type ConformanceCreationRequest,
  type ConformanceGetRequest,
  type RelyingPartyContext,
} from '../../relying-party/index.js';
import {
  conformanceCreationOptionsBody,
  conformanceGetOptionsBody,
  conformanceAttestationResultBody,
  conformanceAssertionResultBody,
} from '../schemas.js';
import { toResponse } from '../errors.js';
import { acceptJsonBodiesOnly } from '../plugin.js';

/** The profile's ServerPublicKeyCredential: WebAuthn's JSON with `rawId` optional and its own extension member. */
interface ServerPublicKeyCredential {
  id: string;
  rawId?: string;
  type: string;
  response: Record<string, unknown>;
  authenticatorAttachment?: string | null;
  clientExtensionResults?: Record<string, unknown>;
  getClientExtensionResults?: Record<string, unknown>;
}

const OK = { status: 'ok', errorMessage: '' } as const;

/**
 * The profile's credential as WebAuthn L3 JSON (what the core verifies): rawId is id when absent, the extension
 * outputs from either member, and an empty userHandle (the profile's "none") left out.
 */
function webauthnJson(body: ServerPublicKeyCredential): Record<string, unknown> {
  const { rawId, clientExtensionResults, getClientExtensionResults, response, ...rest } = body;
  const { userHandle, ...members } = response;
  return {
    ...rest,
    rawId: rawId ?? body.id,
    response: userHandle === '' || userHandle === undefined ? members : { ...members, userHandle },
    clientExtensionResults: clientExtensionResults ?? getClientExtensionResults ?? {},
  };
}

/** Every failure as the profile's ServerResponse, with the status and stable code credkit gives it elsewhere. */
function sendFailure(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const { status, body } = toResponse(err);
  if (status >= 500) request.log.error({ err }, 'request failed');
  else request.log.info({ code: body.error.code }, 'request refused');
  return reply
    .status(status)
    .send({ status: 'failed', errorMessage: body.error.message, code: body.error.code });
}

export async function registerConformanceRoutes(
  app: FastifyInstance,
  ctx: RelyingPartyContext,
): Promise<void> {
  await app.register(async (scope) => {
    scope.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) =>
      sendFailure(request, reply, err),
    );
    acceptJsonBodiesOnly(scope, ctx.config.bodyLimit);

    scope.post<{ Body: ConformanceCreationRequest }>(
      '/attestation/options',
      {
        schema: { body: conformanceCreationOptionsBody },
        config: { ceremony: 'conformance_registration_options' },
      },
      async (request) => ({ ...OK, ...(await conformanceRegistrationOptions(ctx, request.body)) }),
    );

    scope.post<{ Body: ServerPublicKeyCredential }>(
      '/attestation/result',
      {
        schema: { body: conformanceAttestationResultBody },
        config: { ceremony: 'conformance_registration' },
      },
      async (request) => {
        const response = webauthnJson(request.body) as unknown as RegistrationResponseJSON;
        await verifyConformanceRegistration(ctx, response);
        return OK;
      },
    );

    scope.post<{ Body: ConformanceGetRequest }>(
      '/assertion/options',
      {
        schema: { body: conformanceGetOptionsBody },
        config: { ceremony: 'conformance_authentication_options' },
      },
      async (request) => ({ ...OK, ...(await conformanceAuthenticationOptions(ctx, request.body)) }),
    );

    scope.post<{ Body: ServerPublicKeyCredential }>(
      '/assertion/result',
      {
        schema: { body: conformanceAssertionResultBody },
        config: { ceremony: 'conformance_authentication' },
      },
      async (request) => {
        const response = webauthnJson(request.body) as unknown as AuthenticationResponseJSON;
        await verifyConformanceAuthentication(ctx, response);
        return OK;
      },
    );
  });
}
