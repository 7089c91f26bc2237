// Passkey management: list (passkeys only), rename, delete; and revoking a device's restore key (sign-out).
import type { FastifyInstance } from 'fastify';
import {
  listPasskeys,
  renamePasskey,
  deletePasskey,
  revokeRestoreKey,
  type RelyingPartyContext,
} from '../../relying-party/index.js';
import { passkeyParams, renamePasskeyBody, revokeRestoreKeyBody } from '../schemas.js';
import { requireRequester, requesterOf, type SessionAdapter } from '../requesters.js';
import type {
  DeletePasskeyResponse,
  PasskeysResponse,
  RenamePasskeyResponse,
  RevokeRestoreKeyResponse,
} from '@credkit/browser/api';

export function registerPasskeyRoutes(
  app: FastifyInstance,
  ctx: RelyingPartyContext,
  sessions: SessionAdapter,
): void {
  const signedIn = requireRequester(sessions);

  app.get('/passkeys', { preHandler: signedIn }, async (request): Promise<PasskeysResponse> => ({
    passkeys: await listPasskeys(ctx, requesterOf(request).user.id),
  }));

  app.patch<{ Params: { id: string }; Body: { name: string } }>(
    '/passkeys/:id',
    { schema: { params: passkeyParams, body: renamePasskeyBody }, preHandler: signedIn },
    async (request): Promise<RenamePasskeyResponse> => ({
      passkey: await renamePasskey(ctx, requesterOf(request).user.id, request.params.id, request.body.name),
    }),
  );

  app.delete<{ Params: { id: string } }>(
    '/passkeys/:id',
    { schema: { params: passkeyParams }, preHandler: signedIn },
    async (request): Promise<DeletePasskeyResponse> => {
      const allAcceptedCredentials = await deletePasskey(ctx, requesterOf(request).user, request.params.id);
      return { deleted: true, signals: { allAcceptedCredentials } };
    },
  );

  // A host app signing a user out of an Android app revokes that device's restore key here first (credkit's own
  // sign-out route does it itself).
  app.post<{ Body: { deviceId: string } }>(
    '/restore-keys/revoke',
    { schema: { body: revokeRestoreKeyBody }, preHandler: signedIn },
    async (request): Promise<RevokeRestoreKeyResponse> => {
      const allAccepted = await revokeRestoreKey(ctx, requesterOf(request).user.id, request.body.deviceId);
      return {
        revoked: allAccepted !== undefined,
        // Android: ClearCredentialStateRequest(TYPE_CLEAR_RESTORE_CREDENTIAL) on the device
        clearRestoreCredential: true,
        ...(allAccepted ? { signals: { allAcceptedCredentials: allAccepted } } : {}),
      };
    },
  );
}
