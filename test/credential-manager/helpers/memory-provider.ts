// An in-memory credential provider implementing the CredentialManager provider interface for real:
// passwords, passkeys and (when restore-capable) one restore key per app. It records what it was asked,
// so the routing tests can see which provider CredentialManager reached.
import {
  CreatePasswordResponse,
  CreatePublicKeyCredentialResponse,
  CreateRestoreCredentialResponse,
  E2eeUnavailableException,
  PasswordCredential,
  PublicKeyCredential,
  BUNDLE_KEY_GET_RESTORE_CREDENTIAL_RESPONSE,
  ClearCredentialStateRequest,
  TYPE_PASSWORD_CREDENTIAL,
  TYPE_PUBLIC_KEY_CREDENTIAL,
  TYPE_RESTORE_CREDENTIAL,
  type BeginCreateCredentialRequest,
  type BeginCreateCredentialResponse,
  type BeginGetCredentialRequest,
  type BeginGetCredentialResponse,
  type CreateCredentialResponse,
  type CredentialData,
  type CredentialEntry,
  type CredentialProvider,
  type ProviderClearCredentialStateRequest,
  type ProviderCreateCredentialRequest,
  type ProviderGetCredentialRequest,
  type ProviderSignalCredentialStateRequest,
} from '../../../packages/credential-manager/src/index.js';
import { assertionJson, newKey, registrationJson, type StoredKey } from './software-authenticator.js';

export class MemoryProvider implements CredentialProvider {
  readonly calls: string[] = [];
  readonly passwords = new Map<string, string>();
  readonly passkeys: StoredKey[] = [];
  /** Restore keys by package name. */
  readonly restoreKeys = new Map<string, StoredKey>();
  readonly signals: ProviderSignalCredentialStateRequest[] = [];
  locked = false;
  hasRemote = false;
  e2eeAvailable = true;
  /** Sets CredentialEntry.isAutoSelectAllowed on password and passkey entries. */
  autoSelect = false;
  /** Thrown from the next onGetCredential/onCreateCredential/onSignal call, if set. */
  failWith: unknown = null;

  constructor(
    readonly id: string,
    readonly isRestoreCapable = false,
    readonly handlesSignals = true,
  ) {
    if (!handlesSignals) this.onSignalCredentialState = undefined;
  }

  async onBeginCreateCredential({
    request,
  }: BeginCreateCredentialRequest): Promise<BeginCreateCredentialResponse> {
    this.calls.push(`beginCreate:${request.type}`);
    return { createEntries: [{ id: `${this.id}#account`, accountName: `${this.id} account` }] };
  }

  async onCreateCredential({
    request,
    callingApp,
  }: ProviderCreateCredentialRequest): Promise<CreateCredentialResponse> {
    this.calls.push(`create:${request.type}`);
    this.throwIfFailing();
    if (request.type === TYPE_PASSWORD_CREDENTIAL) {
      this.passwords.set(request.id, request.password);
      return new CreatePasswordResponse();
    }
    const options = JSON.parse(request.requestJson);
    const rpId: string = options.rp.id ?? 'localhost';
    const key = newKey(rpId, options.user.id, options.user.name);
    const json = registrationJson(
      key,
      options.challenge,
      callingApp.clientDataOrigin,
      callingApp.packageName,
    );
    if (request.type === TYPE_RESTORE_CREDENTIAL) {
      if (request.isCloudBackupEnabled && !this.e2eeAvailable) throw new E2eeUnavailableException();
      this.restoreKeys.set(callingApp.packageName, key);
      return new CreateRestoreCredentialResponse(json);
    }
    this.passkeys.push(key);
    return new CreatePublicKeyCredentialResponse(json);
  }

  async onBeginGetCredential({
    option,
    callingApp,
  }: BeginGetCredentialRequest): Promise<BeginGetCredentialResponse> {
    this.calls.push(`beginGet:${option.type}`);
    if (option.type === TYPE_RESTORE_CREDENTIAL) this.calls.push(`restoreJson:${option.requestJson}`);
    if (this.locked)
      return { credentialEntries: [], authenticationActions: [{ id: 'unlock', title: 'Unlock' }] };
    const entries: CredentialEntry[] = [];
    if (option.type === TYPE_PASSWORD_CREDENTIAL) {
      for (const id of this.passwords.keys())
        entries.push({
          id,
          type: TYPE_PASSWORD_CREDENTIAL,
          displayName: id,
          isAutoSelectAllowed: this.autoSelect,
        });
    } else if (option.type === TYPE_PUBLIC_KEY_CREDENTIAL) {
      const rpId = JSON.parse(option.requestJson).rpId;
      for (const k of this.passkeys.filter((k) => k.rpId === rpId)) {
        entries.push({
          id: k.credentialId.toString('base64url'),
          type: TYPE_PUBLIC_KEY_CREDENTIAL,
          displayName: k.userName,
          isAutoSelectAllowed: this.autoSelect,
        });
      }
    } else if (this.restoreKeys.has(callingApp.packageName)) {
      entries.push({ id: callingApp.packageName, type: TYPE_RESTORE_CREDENTIAL, displayName: 'restore key' });
    }
    return { credentialEntries: entries, remoteEntry: this.hasRemote ? { id: 'hybrid' } : null };
  }

  async onGetCredential({
    option,
    callingApp,
    selected,
  }: ProviderGetCredentialRequest): Promise<CredentialData> {
    this.calls.push(`get:${selected.kind}:${selected.entry.id}`);
    this.throwIfFailing();
    if (selected.kind !== 'credential') throw new Error(`${selected.kind} entries are not supported here`);
    if (option.type === TYPE_PASSWORD_CREDENTIAL) {
      return new PasswordCredential(selected.entry.id, this.passwords.get(selected.entry.id)!);
    }
    const options = JSON.parse(option.requestJson);
    const origin = callingApp.clientDataOrigin;
    if (option.type === TYPE_RESTORE_CREDENTIAL) {
      const key = this.restoreKeys.get(callingApp.packageName)!;
      const json = assertionJson(key, options.challenge, origin, callingApp.packageName, false);
      return { type: TYPE_RESTORE_CREDENTIAL, data: { [BUNDLE_KEY_GET_RESTORE_CREDENTIAL_RESPONSE]: json } };
    }
    const key = this.passkeys.find((k) => k.credentialId.toString('base64url') === selected.entry.id)!;
    return new PublicKeyCredential(
      assertionJson(key, options.challenge, origin, callingApp.packageName, true),
    );
  }

  async onClearCredentialState({ request, callingApp }: ProviderClearCredentialStateRequest): Promise<void> {
    this.calls.push(`clear:${request.requestType}`);
    if (request.requestType === ClearCredentialStateRequest.TYPE_CLEAR_RESTORE_CREDENTIAL) {
      this.restoreKeys.delete(callingApp.packageName);
    }
  }

  onSignalCredentialState? = async (request: ProviderSignalCredentialStateRequest): Promise<void> => {
    this.calls.push(`signal:${request.callingRequest.type}`);
    this.throwIfFailing();
    this.signals.push(request);
  };

  private throwIfFailing(): void {
    const failure = this.failWith;
    this.failWith = null;
    if (failure !== null) throw failure;
  }
}
