// SoftwareCredentialProvider: the credential provider Credential Manager calls (like Google Password Manager
// together with Play services' Block Store): passkeys and passwords from the ProviderAccount, restore keys
// kept on the device, Signal API handling with notifications. Implements credkit/credential-manager's
// CredentialProvider (two phases: onBegin* without UI, then the entry the user picked).
import type { CallingAppInfo } from '../credential-manager/calling-app.js';
import {
  CreateCredentialNoCreateOptionException,
  CreateCredentialUnknownException,
} from '../credential-manager/exceptions/create.js';
import { E2eeUnavailableException } from '../credential-manager/exceptions/restore.js';
import type {
  BeginCreateCredentialRequest,
  BeginCreateCredentialResponse,
  BeginGetCredentialRequest,
  BeginGetCredentialResponse,
  CredentialProvider,
  ProviderClearCredentialStateRequest,
  ProviderCreateCredentialRequest,
  ProviderGetCredentialRequest,
  ProviderSignalCredentialStateRequest,
} from '../credential-manager/provider.js';
import { ClearCredentialStateRequest } from '../credential-manager/requests/clear-credential-state-request.js';
import {
  CreatePasswordResponse,
  CreatePublicKeyCredentialResponse,
  CreateRestoreCredentialResponse,
  type CreateCredentialResponse,
} from '../credential-manager/responses/create-credential-response.js';
import type { CredentialData } from '../credential-manager/responses/credential.js';
import { TYPE_PASSWORD_CREDENTIAL, TYPE_RESTORE_CREDENTIAL } from '../credential-manager/types.js';
import type { ProviderEnvironment } from './environment.js';
import { AuthenticatorError } from './errors.js';
import { beginGet, completeGet } from './get-flow.js';
import { NotificationLog } from './notifications.js';
import { parseOptionsJson, clientContext } from './client-context.js';
import type { ProviderAccount } from './provider-account.js';
import { toCreatePublicKeyException, toCreateRestoreException } from './provider-errors.js';
import { RestoreKeyStore, type RestoreKey } from './restore-keys.js';
import { callerMayUseRpId } from './rp-check.js';
import { SignalHandler } from './signal-handler.js';
import type { SignalOutcome } from './signals.js';
import type { PublicKeyCredentialCreationOptionsJSON } from './types.js';

export interface SoftwareCredentialProviderOptions {
  env: ProviderEnvironment;
  /** The provider account the device is signed in to; null: none (no passkeys or passwords can be saved). */
  account: ProviderAccount | null;
  restoreKeys?: RestoreKey[];
  /** Signal rate limit per calling app (default 10 per 120 s). */
  signalRateLimit?: { limit?: number; windowMs?: number };
  /** ComponentName-like id (default "dev.credkit.provider/.SoftwareCredentialProvider"). */
  id?: string;
  /** Mark passkey and password entries isAutoSelectAllowed (a lone entry then skips the selector). Default false. */
  autoSelectAllowed?: boolean;
}

export class SoftwareCredentialProvider implements CredentialProvider {
  readonly id: string;
  readonly isRestoreCapable = true;
  readonly autoSelectAllowed: boolean;
  readonly env: ProviderEnvironment;
  account: ProviderAccount | null;
  readonly restoreKeys: RestoreKeyStore;
  readonly notifications = new NotificationLog();
  readonly #signals: SignalHandler;

  constructor(options: SoftwareCredentialProviderOptions) {
    this.id = options.id ?? 'dev.credkit.provider/.SoftwareCredentialProvider';
    this.env = options.env;
    this.autoSelectAllowed = options.autoSelectAllowed ?? false;
    this.account = options.account;
    this.restoreKeys = new RestoreKeyStore(options.restoreKeys ?? [], () => this.env.now());
    this.#signals = new SignalHandler(this, options.signalRateLimit);
  }

  async onBeginCreateCredential({
    request,
  }: BeginCreateCredentialRequest): Promise<BeginCreateCredentialResponse> {
    if (request.type === TYPE_RESTORE_CREDENTIAL)
      return { createEntries: [{ id: 'device', accountName: 'This device' }] };
    if (!this.account) return { createEntries: [] };
    return { createEntries: [{ id: 'account', accountName: this.account.email }] };
  }

  async onCreateCredential({
    request,
    callingApp,
  }: ProviderCreateCredentialRequest): Promise<CreateCredentialResponse> {
    if (request.type === TYPE_RESTORE_CREDENTIAL) {
      return new CreateRestoreCredentialResponse(
        this.createRestoreCredential(request.requestJson, request.isCloudBackupEnabled, callingApp),
      );
    }
    if (request.type === TYPE_PASSWORD_CREDENTIAL) {
      this.#requireAccount().passwords.save(
        passwordOwner(callingApp),
        request.id,
        request.password,
        this.env.now(),
      );
      return new CreatePasswordResponse();
    }
    return new CreatePublicKeyCredentialResponse(
      this.createPublicKeyCredential(request.requestJson, callingApp, request.clientDataHash),
    );
  }

  async onBeginGetCredential({
    option,
    callingApp,
  }: BeginGetCredentialRequest): Promise<BeginGetCredentialResponse> {
    return { credentialEntries: beginGet(this, option, callingApp) };
  }

  async onGetCredential(request: ProviderGetCredentialRequest): Promise<CredentialData> {
    return completeGet(this, request);
  }

  /** TYPE_CLEAR_RESTORE_CREDENTIAL deletes the app's restore key; the default type has nothing to clear here. */
  async onClearCredentialState({ request, callingApp }: ProviderClearCredentialStateRequest): Promise<void> {
    if (request.requestType === ClearCredentialStateRequest.TYPE_CLEAR_RESTORE_CREDENTIAL) {
      this.restoreKeys.delete(callingApp.packageName);
    }
  }

  async onSignalCredentialState({
    callingRequest,
    callingApp,
  }: ProviderSignalCredentialStateRequest): Promise<void> {
    this.signal(callingRequest.type, callingRequest.requestJson, callingApp);
  }

  /** Signal API: rate-limited per app, scoped to rpId + userId, recorded as notifications. Null: not acted on. */
  signal(requestType: string, requestJson: string, caller: CallingAppInfo): SignalOutcome | null {
    return this.#signals.handle(requestType, requestJson, caller);
  }

  /** A passkey in the provider account. Returns the RegistrationResponseJSON string. */
  createPublicKeyCredential(
    requestJson: string,
    caller: CallingAppInfo,
    clientDataHash?: Uint8Array | null,
  ): string {
    const account = this.#requireAccount();
    try {
      const creation = parseOptionsJson<PublicKeyCredentialCreationOptionsJSON>(requestJson);
      this.#checkRp(creation.rp?.id, caller);
      const client = {
        ...clientContext(caller, clientDataHash),
        ...(this.env.hasScreenLock() ? {} : { userVerified: false }),
      };
      return JSON.stringify(account.passkeys.createCredential(creation, client).response);
    } catch (e) {
      throw toCreatePublicKeyException(e);
    }
  }

  /** The app's restore key (one per app per device, replacing an earlier one). Returns RegistrationResponseJSON. */
  createRestoreCredential(
    requestJson: string,
    isCloudBackupEnabled: boolean,
    caller: CallingAppInfo,
  ): string {
    if (!this.env.isAppSignedIn(caller.packageName)) {
      throw new CreateCredentialUnknownException('Restore keys are created only for a signed-in app');
    }
    // isCloudBackupEnabled needs end-to-end-encrypted backup (GMS RESTORE_CREDENTIAL_E2EE_UNAVAILABLE)
    if (isCloudBackupEnabled && !this.env.isE2eeAvailable()) throw new E2eeUnavailableException();
    try {
      const creation = parseOptionsJson<PublicKeyCredentialCreationOptionsJSON>(requestJson);
      this.#checkRp(creation.rp?.id, caller);
      return JSON.stringify(
        this.restoreKeys.create(caller.packageName, creation, clientContext(caller), isCloudBackupEnabled),
      );
    } catch (e) {
      throw toCreateRestoreException(e);
    }
  }

  /** Uninstall or "clear data": the app's restore key goes. */
  onAppDataRemoved(packageName: string): void {
    this.restoreKeys.delete(packageName);
  }

  /** May the caller act for rpId (Digital Asset Links for apps, registrable domain for web origins)? */
  callerMayUse(rpId: string, caller: CallingAppInfo): boolean {
    return callerMayUseRpId(rpId, caller, this.env.assetLinks);
  }

  #requireAccount(): ProviderAccount {
    if (!this.account)
      throw new CreateCredentialNoCreateOptionException('No provider account on this device');
    return this.account;
  }

  #checkRp(rpId: string | undefined, caller: CallingAppInfo): void {
    if (caller.origin) return; // the authenticator checks a web origin against rp.id
    if (!rpId) throw new AuthenticatorError('SecurityError', 'rp.id is required for an app');
    if (!this.callerMayUse(rpId, caller)) {
      throw new AuthenticatorError(
        'SecurityError',
        `The app ${caller.packageName} is not allowed to use RP ID ${rpId}`,
      );
    }
  }
}

/** Passwords belong to the saving app's package, or to a privileged browser's page origin. */
export function passwordOwner(caller: CallingAppInfo): string {
  return caller.origin ?? caller.packageName;
}
