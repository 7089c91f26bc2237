// getCredential on the provider side: which entries an option matches (no UI, also what
// prepareGetCredential reports), then the credential for the entry the user picked. A restore option is
// answered without user verification and never shows hidden or other apps' keys. A locked vault offers an
// unlock action instead of its entries; a phone within reach adds a hybrid (remote) entry for passkeys.
// It sees the provider only through GetFlowContext.
import type { CallingAppInfo } from '@credkit/credential-manager';
import { SecurityError } from '@credkit/credential-manager';
import { GetPublicKeyCredentialDomException, NoCredentialException } from '@credkit/credential-manager';
import type {
  AnyCredentialOption,
  BeginGetCredentialResponse,
  CredentialEntry,
  ProviderGetCredentialRequest,
} from '@credkit/credential-manager';
import { PasswordCredential, PublicKeyCredential, type CredentialData } from '@credkit/credential-manager';
import {
  BUNDLE_KEY_GET_RESTORE_CREDENTIAL_RESPONSE,
  TYPE_PASSWORD_CREDENTIAL,
  TYPE_PUBLIC_KEY_CREDENTIAL,
  TYPE_RESTORE_CREDENTIAL,
} from '@credkit/credential-manager';
import { clientContext, parseOptionsJson } from './client-context.js';
import { webOriginHost } from './options-check.js';
import { passwordOwner } from './passwords.js';
import type { ProviderAccount } from './provider-account.js';
import { toGetPublicKeyException } from './provider-errors.js';
import { HYBRID_ENTRY_ID, type HybridPeer } from './hybrid.js';
import type { RestoreKeyStore } from './restore-keys.js';
import type { PublicKeyCredentialRequestOptionsJSON } from './types.js';

/** The few things the get flow needs from its provider (not the provider itself). */
export interface GetFlowContext {
  readonly restoreKeys: RestoreKeyStore;
  /** The provider account the device is signed in to, or null. */
  account(): ProviderAccount | null;
  readonly autoSelectAllowed: boolean;
  /** A locked vault offers an unlock action instead of its passkeys and passwords (restore keys are unaffected). */
  isLocked(): boolean;
  /** A phone within reach for hybrid sign-in, or null. */
  hybridPeer(): HybridPeer | null;
  /** The screen lock is set: passkey assertions are user-verified. */
  hasScreenLock(): boolean;
  now(): number;
  /** May the caller act for rpId (Digital Asset Links, or the registrable domain of a web origin)? */
  callerMayUse(rpId: string, caller: CallingAppInfo): boolean;
}

export const NO_RESTORE_CREDENTIAL = 'The device does not contain a restore credential.';

/** The RP ID a get request is for, after checking that the caller may use it. */
function requestRpId(
  provider: GetFlowContext,
  request: PublicKeyCredentialRequestOptionsJSON,
  caller: CallingAppInfo,
): string {
  const rpId = request.rpId ?? (caller.origin ? webOriginHost(caller.origin) : undefined);
  if (!rpId || !provider.callerMayUse(rpId, caller)) {
    throw new GetPublicKeyCredentialDomException(
      new SecurityError(),
      `The app ${caller.packageName} is not allowed to use RP ID ${rpId ?? '(none)'}`,
    );
  }
  return rpId;
}

/** The option types this provider answers. */
const OPTION_TYPES: ReadonlySet<string> = new Set([
  TYPE_PUBLIC_KEY_CREDENTIAL,
  TYPE_PASSWORD_CREDENTIAL,
  TYPE_RESTORE_CREDENTIAL,
]);

/** What the provider offers for one option: its entries, an unlock action when locked, a hybrid entry. */
export function beginGet(
  provider: GetFlowContext,
  option: AnyCredentialOption,
  caller: CallingAppInfo,
): BeginGetCredentialResponse {
  // a custom option (e.g. Sign in with Google's) is another provider's: offer nothing, as a real provider does
  if (!OPTION_TYPES.has(option.type)) return { credentialEntries: [] };
  if (option.type === TYPE_RESTORE_CREDENTIAL)
    return { credentialEntries: localEntries(provider, option, caller) };
  const peer = option.type === TYPE_PUBLIC_KEY_CREDENTIAL ? provider.hybridPeer() : null;
  const remoteEntry =
    peer && option.type === TYPE_PUBLIC_KEY_CREDENTIAL && peer.canAnswer(option, caller)
      ? { id: HYBRID_ENTRY_ID }
      : null;
  if (provider.isLocked()) {
    const title = `Unlock ${provider.account()?.email ?? 'the vault'}`;
    return { credentialEntries: [], authenticationActions: [{ id: UNLOCK_ACTION_ID, title }], remoteEntry };
  }
  return { credentialEntries: localEntries(provider, option, caller), remoteEntry };
}

/** The authentication action's id. */
export const UNLOCK_ACTION_ID = 'unlock';

/** The credentials on this device that answer the option (hidden passkeys never). */
export function localEntries(
  provider: GetFlowContext,
  option: AnyCredentialOption,
  caller: CallingAppInfo,
): CredentialEntry[] {
  if (option.type === TYPE_RESTORE_CREDENTIAL) {
    // only a key that can answer the request is offered, so prepareGetCredential agrees with getCredential
    const request = parseOptionsJson<PublicKeyCredentialRequestOptionsJSON>(option.requestJson);
    const key = provider.restoreKeys.find(caller.packageName, request);
    return key
      ? [{ id: key.credential.id, type: TYPE_RESTORE_CREDENTIAL, displayName: key.credential.userName }]
      : [];
  }
  const account = provider.account();
  if (!account) return [];
  if (option.type === TYPE_PASSWORD_CREDENTIAL) {
    return account.passwords.list(passwordOwner(caller), option.allowedUserIds).map((p) => ({
      id: p.id,
      type: TYPE_PASSWORD_CREDENTIAL,
      displayName: p.id,
      lastUsedTimeMs: p.lastUsedAt ?? null,
      isAutoSelectAllowed: provider.autoSelectAllowed,
    }));
  }
  const request = parseOptionsJson<PublicKeyCredentialRequestOptionsJSON>(option.requestJson);
  const rpId = requestRpId(provider, request, caller);
  const allow = new Set((request.allowCredentials ?? []).map((d) => d.id));
  // hidden credentials (Signal API) are never offered
  return account.passkeys
    .credentials({ rpId, includeHidden: false })
    .filter((c) => allow.size === 0 || allow.has(c.id))
    .sort((a, b) => (b.lastUsedAt ?? b.createdAt) - (a.lastUsedAt ?? a.createdAt))
    .map((c) => ({
      id: c.id,
      type: TYPE_PUBLIC_KEY_CREDENTIAL,
      displayName: c.userName,
      userDisplayName: c.userDisplayName,
      lastUsedTimeMs: c.lastUsedAt ?? null,
      isAutoSelectAllowed: provider.autoSelectAllowed,
    }));
}

export async function completeGet(
  provider: GetFlowContext,
  { option, callingApp, selected }: ProviderGetCredentialRequest,
): Promise<CredentialData> {
  if (selected.kind === 'remote') {
    const peer = provider.hybridPeer();
    const answer =
      peer && option.type === TYPE_PUBLIC_KEY_CREDENTIAL
        ? await peer.assertForHybrid(option, callingApp)
        : null;
    if (!answer) throw new NoCredentialException('The other device has no passkey for this request');
    return answer;
  }
  if (selected.kind === 'authentication')
    throw new NoCredentialException('Unlock the vault first (onAuthenticationAction)');
  return completeLocal(provider, { option, callingApp, selected });
}

/** The credential for an entry this device offered. */
export function completeLocal(
  provider: GetFlowContext,
  { option, callingApp, selected }: ProviderGetCredentialRequest,
): CredentialData {
  if (selected.kind !== 'credential') throw new NoCredentialException('Not a credential entry');
  const entryId = selected.entry.id;
  if (option.type === TYPE_RESTORE_CREDENTIAL) {
    // silent, without user verification (userVerification forced to "discouraged")
    const request = parseOptionsJson<PublicKeyCredentialRequestOptionsJSON>(option.requestJson);
    const response = provider.restoreKeys.assert(callingApp.packageName, request, clientContext(callingApp));
    if (!response) throw new NoCredentialException(NO_RESTORE_CREDENTIAL);
    return {
      type: TYPE_RESTORE_CREDENTIAL,
      data: { [BUNDLE_KEY_GET_RESTORE_CREDENTIAL_RESPONSE]: JSON.stringify(response) },
    };
  }
  const account = provider.account();
  if (!account) throw new NoCredentialException('No provider account on this device');
  if (option.type === TYPE_PASSWORD_CREDENTIAL) {
    const owner = passwordOwner(callingApp);
    const saved = account.passwords.list(owner).find((p) => p.id === entryId);
    if (!saved) throw new NoCredentialException('The password is no longer saved');
    account.passwords.touch(owner, saved.id, provider.now());
    return new PasswordCredential(saved.id, saved.password);
  }
  const request = parseOptionsJson<PublicKeyCredentialRequestOptionsJSON>(option.requestJson);
  const rpId = requestRpId(provider, request, callingApp);
  try {
    const client = {
      ...clientContext(callingApp, option.clientDataHash),
      credentialId: entryId,
      ...(provider.hasScreenLock() ? {} : { userVerified: false }),
    };
    return new PublicKeyCredential(
      JSON.stringify(account.passkeys.getAssertion({ ...request, rpId }, client)),
    );
  } catch (e) {
    throw toGetPublicKeyException(e);
  }
}
