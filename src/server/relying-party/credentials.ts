// Credential views and the allAcceptedCredentials signal.
import type { RelyingPartyContext } from './context.js';
import { restoreCutoff } from './context.js';
import type { AllAcceptedCredentialsSignal } from './signals.js';
import { providerName } from './aaguids.js';
import type { CredentialRow } from '../store/index.js';

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

export function passkeyView(row: CredentialRow): PasskeyView {
  const provider = providerName(row.aaguid);
  return {
    id: row.id,
    name: row.name,
    ...(provider ? { providerName: provider } : {}),
    aaguid: row.aaguid,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at).toISOString(),
    backupEligible: row.backup_eligible === 1,
    backedUp: row.backed_up === 1,
    transports: JSON.parse(row.transports) as string[],
    userVerified: row.user_verified === 1,
    algorithm: row.algorithm,
    attestationFormat: row.attestation_format,
  };
}

export interface CredentialSummary {
  id: string;
  kind: CredentialRow['kind'];
  name: string;
}

export function credentialSummary(row: CredentialRow): CredentialSummary {
  return { id: row.id, kind: row.kind, name: row.name };
}

/** Every credential the server still accepts for the user: passkeys and unexpired restore keys. */
export async function allAcceptedCredentials(
  ctx: RelyingPartyContext,
  userId: string,
): Promise<AllAcceptedCredentialsSignal> {
  const ids = await ctx.store.credentials.acceptedIds(userId, restoreCutoff(ctx));
  return { rpId: ctx.config.rpId, userId, allAcceptedCredentialIds: ids };
}
