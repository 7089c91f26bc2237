// Passkey management: list (restore keys never shown), rename, delete (never the last way to sign in),
// and sign-out revoking a device's restore key.
import type { RelyingPartyContext } from './context.js';
import { currentMetadata } from './context.js';
import { ServerError } from './errors.js';
import { allAcceptedCredentials, passkeyView, type PasskeyView } from './credentials.js';
import { normalizeCredentialName } from './usernames.js';
import type { AllAcceptedCredentialsSignal } from './signals.js';
import type { UserRecord } from './stores.js';

export async function listPasskeys(ctx: RelyingPartyContext, userId: string): Promise<PasskeyView[]> {
  const metadata = currentMetadata(ctx);
  return (await ctx.store.credentials.listByUser(userId, 'passkey')).map((c) => passkeyView(c, metadata));
}

export async function renamePasskey(
  ctx: RelyingPartyContext,
  userId: string,
  id: string,
  name: string,
): Promise<PasskeyView> {
  const row = await ctx.store.credentials.rename(id, userId, 'passkey', normalizeCredentialName(name));
  if (!row) throw new ServerError('not_found', 'no such passkey');
  return passkeyView(row, currentMetadata(ctx));
}

/**
 * Deletes one of the user's passkeys unless it is their last way in (no password, no other passkey). Restore keys
 * do not count as a way to sign in: they stay on one device and are never shown to the user.
 */
export async function deletePasskey(
  ctx: RelyingPartyContext,
  user: UserRecord,
  id: string,
): Promise<AllAcceptedCredentialsSignal> {
  const userId = user.id;
  const outcome = await ctx.store.credentials.deletePasskey(id, userId, user.hasPassword);
  if (outcome === 'missing') throw new ServerError('not_found', 'no such passkey');
  if (outcome === 'last') {
    throw new ServerError(
      'last_credential',
      'this passkey is your last way to sign in: set a password or add another passkey first',
    );
  }
  return allAcceptedCredentials(ctx, userId);
}

/** Revokes the restore key a device registered; the new accepted list when one was removed. */
export async function revokeRestoreKey(
  ctx: RelyingPartyContext,
  userId: string,
  deviceId: string,
): Promise<AllAcceptedCredentialsSignal | undefined> {
  const removed = await ctx.store.credentials.deleteRestoreKey(userId, deviceId);
  return removed > 0 ? allAcceptedCredentials(ctx, userId) : undefined;
}
