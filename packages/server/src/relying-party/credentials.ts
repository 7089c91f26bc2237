// Credential views and the allAcceptedCredentials signal.
import { authenticatorDisplay, type MetadataBlob } from '@credkit/webauthn';
import type { RelyingPartyContext } from './context.js';
import { restoreCutoff } from './context.js';
import type { AllAcceptedCredentialsSignal } from './signals.js';
import type { StoredCredential } from './stores.js';

export interface PasskeyView {
  id: string;
  name: string;
  /** The provider's name for the AAGUID: the MDS statement's when a BLOB is loaded, else the community list's. */
  providerName?: string;
  /** The provider's icon for light backgrounds, a data: URL, when known. */
  icon_light?: string;
  /** The provider's icon for dark backgrounds, a data: URL, when known. */
  icon_dark?: string;
  /** Attested against the FIDO MDS BLOB at registration: the statement's description. */
  authenticatorName?: string;
  /** With authenticatorName: the certification level then (FIDO_CERTIFIED_L1 …). */
  certificationLevel?: string;
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

export interface CredentialSummary {
  id: string;
  kind: StoredCredential['kind'];
  name: string;
  /** Attested against the FIDO MDS BLOB: the statement's description and certification level. */
  authenticatorName?: string;
  certificationLevel?: string;
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
