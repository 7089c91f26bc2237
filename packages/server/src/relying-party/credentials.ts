// Credential views and the allAcceptedCredentials signal.
import type { RelyingPartyContext } from './context.js';
import { restoreCutoff } from './context.js';
import type { AllAcceptedCredentialsSignal } from './signals.js';
import { providerName } from './aaguids.js';
import type { StoredCredential } from './stores.js';

export interface PasskeyView {
  id: string;
  name: string;
  providerName?: string;
  aaguid: string;
  createdAt: string;
  lastUsedAt: string | null;
  backupEligible: boolean;
  backedUp: boolean;
  transports: string[];
  userVerified: boolean;
  algorithm: number;
  attestationFormat: string;
}

export function passkeyView(credential: StoredCredential): PasskeyView {
  const provider = providerName(credential.aaguid);
  return {
    id: credential.id,
    name: credential.name,
    ...(provider ? { providerName: provider } : {}),
    aaguid: credential.aaguid,
    createdAt: credential.createdAt.toISOString(),
    lastUsedAt: credential.lastUsedAt === null ? null : credential.lastUsedAt.toISOString(),
    backupEligible: credential.backupEligible,
    backedUp: credential.backedUp,
    transports: credential.transports,
    userVerified: credential.userVerified,
    algorithm: credential.algorithm,
    attestationFormat: credential.attestationFormat,
  };
}

export interface CredentialSummary {
  id: string;
  kind: StoredCredential['kind'];
  name: string;
}

export function credentialSummary(credential: StoredCredential): CredentialSummary {
  return { id: credential.id, kind: credential.kind, name: credential.name };
}

/** Every credential the server still accepts for the user: passkeys and unexpired restore keys. */
export async function allAcceptedCredentials(
  ctx: RelyingPartyContext,
  userId: string,
): Promise<AllAcceptedCredentialsSignal> {
  return acceptedSignal(ctx, userId, await ctx.store.credentials.acceptedIds(userId, restoreCutoff(ctx)));
}

export function acceptedSignal(
  ctx: RelyingPartyContext,
  userId: string,
  ids: string[],
): AllAcceptedCredentialsSignal {
  return { rpId: ctx.config.rpId, userId: ctx.userHandle(userId), allAcceptedCredentialIds: ids };
}
