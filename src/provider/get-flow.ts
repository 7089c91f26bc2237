// getCredential on the provider side: which entries an option matches (no UI, also what
// prepareGetCredential reports), then the credential for the entry the user picked. A restore option is
// answered without user verification and never shows hidden or other apps' keys.
import type { CallingAppInfo } from '../credential-manager/calling-app.js';
import { SecurityError } from '../credential-manager/exceptions/dom-errors.js';
import {
  GetPublicKeyCredentialDomException,
  NoCredentialException,
} from '../credential-manager/exceptions/get.js';
import type {
  AnyCredentialOption,
  CredentialEntry,
  ProviderGetCredentialRequest,
} from '../credential-manager/provider.js';
import {
  PasswordCredential,
  PublicKeyCredential,
  type CredentialData,
} from '../credential-manager/responses/credential.js';
import {
  BUNDLE_KEY_GET_RESTORE_CREDENTIAL_RESPONSE,
  TYPE_PASSWORD_CREDENTIAL,
  TYPE_PUBLIC_KEY_CREDENTIAL,
  TYPE_RESTORE_CREDENTIAL,
} from '../credential-manager/types.js';
import { clientContext, parseOptionsJson } from './client-context.js';
import { webOriginHost } from './options-check.js';
import { passwordOwner, type SoftwareCredentialProvider } from './provider.js';
import { toGetPublicKeyException } from './provider-errors.js';
import type { PublicKeyCredentialRequestOptionsJSON } from './types.js';

export const NO_RESTORE_CREDENTIAL = 'The device does not contain a restore credential.';

/** The RP ID a get request is for, after checking that the caller may use it. */
function requestRpId(
  provider: SoftwareCredentialProvider,
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

export function beginGet(
  provider: SoftwareCredentialProvider,
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
  const account = provider.account;
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

export function completeGet(
  provider: SoftwareCredentialProvider,
  { option, callingApp, selected }: ProviderGetCredentialRequest,
): CredentialData {
  if (selected.kind !== 'credential')
    throw new NoCredentialException('This provider has no locked or remote entries');
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
  const account = provider.account;
  if (!account) throw new NoCredentialException('No provider account on this device');
  if (option.type === TYPE_PASSWORD_CREDENTIAL) {
    const owner = passwordOwner(callingApp);
    const saved = account.passwords.list(owner).find((p) => p.id === entryId);
    if (!saved) throw new NoCredentialException('The password is no longer saved');
    account.passwords.touch(owner, saved.id, provider.env.now());
    return new PasswordCredential(saved.id, saved.password);
  }
  const request = parseOptionsJson<PublicKeyCredentialRequestOptionsJSON>(option.requestJson);
  const rpId = requestRpId(provider, request, callingApp);
  try {
    const client = {
      ...clientContext(callingApp, option.clientDataHash),
      credentialId: entryId,
      ...(provider.env.hasScreenLock() ? {} : { userVerified: false }),
    };
    return new PublicKeyCredential(
      JSON.stringify(account.passkeys.getAssertion({ ...request, rpId }, client)),
    );
  } catch (e) {
    throw toGetPublicKeyException(e);
  }
}
