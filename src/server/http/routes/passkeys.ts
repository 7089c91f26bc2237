// Passkey management: list (passkeys only), rename, delete.
import type { FastifyInstance } from 'fastify';
import {
  listPasskeys,
  renamePasskey,
  deletePasskey,
  type RelyingPartyContext,
} from '../../relying-party/index.js';
import { passkeyParams, renamePasskeyBody } from '../schemas.js';
import { requireSession, activeSession } from '../sessions.js';

export function registerPasskeyRoutes(app: FastifyInstance, ctx: RelyingPartyContext): void {
  app.get('/api/passkeys', { preHandler: requireSession(ctx) }, async (request) => ({
    passkeys: await listPasskeys(ctx, activeSession(request).user.id),
  }));

  app.patch<{ Params: { id: string }; Body: { name: string } }>(
    '/api/passkeys/:id',
    { schema: { params: passkeyParams, body: renamePasskeyBody }, preHandler: requireSession(ctx) },
    async (request) => ({
      passkey: await renamePasskey(ctx, activeSession(request).user.id, request.params.id, request.body.name),
    }),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/passkeys/:id',
    { schema: { params: passkeyParams }, preHandler: requireSession(ctx) },
    async (request) => {
      const allAcceptedCredentials = await deletePasskey(
        ctx,
        activeSession(request).user.id,
        request.params.id,
      );
      return { deleted: true, signals: { allAcceptedCredentials } };
    },
  );
}
