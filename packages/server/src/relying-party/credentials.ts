// Credential views and the allAcceptedCredentials signal.
import { authenticatorDisplay, type MetadataBlob } from '@credkit/webauthn';
import type { RelyingPartyContext } from './context.js';
import { restoreCutoff } from './context.js';
import type { AllAcceptedCredentialsSignal } from './signals.js';
import type { StoredCredential } from './stores.js';
import type { CredentialSummary, Passkey } from '@credkit/browser/api';

export type { CredentialSummary };

/** A passkey as the account page shows it: the API's Passkey. */
export type PasskeyView = Passkey;

/** What the account page shows of a passkey; names and icons from the MDS BLOB in use, if any. */
export function passkeyView(credential: StoredCredential, metadata?: MetadataBlob): PasskeyView {
  const provider = authenticatorDisplay(credential.aaguid, metadata);
  return {
    id: credential.id,
    name: credential.name,
    ...(provider ? { providerName: provider.name } : {}),
    ...(provider?.iconLight ? { icon_light: provider.iconLight } : {}),
    ...(provider?.iconDark ? { icon_dark: provider.iconDark } : {}),
    ...(credential.authenticatorName ? { authenticatorName: credential.authenticatorName } : {}),
    ...(credential.certificationLevel ? { certificationLevel: credential.certificationLevel } : {}),
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

export function credentialSummary(credential: StoredCredential): CredentialSummary {
  return {
    id: credential.id,
    kind: credential.kind,
    name: credential.name,
    ...(credential.authenticatorName ? { authenticatorName: credential.authenticatorName } : {}),
    ...(credential.certificationLevel ? { certificationLevel: credential.certificationLevel } : {}),
  };
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
