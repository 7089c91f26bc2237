// SoftwareCredentialProvider: the credential provider Credential Manager calls (like Google Password Manager
// together with Play services' Block Store): passkeys and passwords from the ProviderAccount, restore keys
// kept on the device, Signal API handling with notifications, a lock (unlock action) and hybrid sign-in as
// the phone across the room, and a fault plan. Implements credkit/credential-manager's CredentialProvider
// (two phases: onBegin* without UI, then the entry the user picked). The get and signal flows get narrow
// contexts (GetFlowContext, SignalContext), never the provider itself.
import type { CallingAppInfo } from '@credkit/credential-manager';
import {
  CreateCredentialNoCreateOptionException,
  CreateCredentialUnknownException,
} from '@credkit/credential-manager';
import { E2eeUnavailableException } from '@credkit/credential-manager';
import type {
  BeginCreateCredentialRequest,
  BeginCreateCredentialResponse,
  BeginGetCredentialRequest,
  BeginGetCredentialResponse,
  CredentialProvider,
  ProviderAuthenticationActionRequest,
  ProviderClearCredentialStateRequest,
  ProviderCreateCredentialRequest,
  ProviderGetCredentialRequest,
  ProviderSignalCredentialStateRequest,
} from '@credkit/credential-manager';
import { ClearCredentialStateRequest } from '@credkit/credential-manager';
import {
  CreatePasswordResponse,
  CreatePublicKeyCredentialResponse,
  CreateRestoreCredentialResponse,
  type CreateCredentialResponse,
} from '@credkit/credential-manager';
import type { GetPublicKeyCredentialOption } from '@credkit/credential-manager';
import type { CredentialData } from '@credkit/credential-manager';
import { TYPE_PASSWORD_CREDENTIAL, TYPE_RESTORE_CREDENTIAL } from '@credkit/credential-manager';
import type { ProviderEnvironment } from './environment.js';
import { AuthenticatorError } from './errors.js';
import { ProviderFaultPlan } from './faults.js';
import { beginGet, completeGet, completeLocal, localEntries, type GetFlowContext } from './get-flow.js';
import type { HybridPeer } from './hybrid.js';
import { NotificationLog } from './notifications.js';
import { passwordOwner } from './passwords.js';
import { parseOptionsJson, clientContext } from './client-context.js';
import type { ProviderAccount } from './provider-account.js';
import { toCreatePublicKeyException, toCreateRestoreException } from './provider-errors.js';
import { RestoreKeyStore, type RestoreKey } from './restore-keys.js';
import { callerMayUseRpId } from './rp-check.js';
import { SignalHandler, type SignalContext } from './signal-handler.js';
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
  /**
   * Answer restore-key requests (Play services' Block Store part; default true). A third-party vault such as
   * MyVault is created with false: Credential Manager never routes restore keys to it.
   */
  restoreCapable?: boolean;
  /** Start locked: passkeys and passwords are offered only after the user unlocks (default false). */
  locked?: boolean;
}

export class SoftwareCredentialProvider implements CredentialProvider {
  readonly id: string;
  readonly isRestoreCapable: boolean;
  readonly autoSelectAllowed: boolean;
  account: ProviderAccount | null;
  readonly restoreKeys: RestoreKeyStore;
  readonly notifications = new NotificationLog();
  /** Fault injection: exceptions this provider raises instead of answering (docs/guides/android-faults.md). */
  readonly faults = new ProviderFaultPlan();
  readonly #env: ProviderEnvironment;
  readonly #signals: SignalHandler;
  readonly #flow: GetFlowContext;
  #locked: boolean;

  constructor(options: SoftwareCredentialProviderOptions) {
    this.id = options.id ?? 'dev.credkit.provider/.SoftwareCredentialProvider';
    this.#env = options.env;
    this.autoSelectAllowed = options.autoSelectAllowed ?? false;
    this.isRestoreCapable = options.restoreCapable ?? true;
    this.#locked = options.locked ?? false;
    this.account = options.account;
    this.restoreKeys = new RestoreKeyStore(options.restoreKeys ?? [], () => this.#env.now());
    // the carved-out flows see only what they use
    const env = this.#env;
    const mayUse = (rpId: string, caller: CallingAppInfo) => this.#callerMayUse(rpId, caller);
    const signalContext: SignalContext = {
      account: () => this.account,
      callerMayUse: mayUse,
      notify: (n) => void this.notifications.post(n),
      now: () => env.now(),
    };
    this.#signals = new SignalHandler(signalContext, options.signalRateLimit);
    this.#flow = {
      restoreKeys: this.restoreKeys,
      account: () => this.account,
      autoSelectAllowed: this.autoSelectAllowed,
      isLocked: () => this.#locked,
      hybridPeer: () => env.hybridPeer?.() ?? null,
      hasScreenLock: () => env.hasScreenLock(),
      now: () => env.now(),
      callerMayUse: mayUse,
    };
  }

  /** Whether the vault is locked (its passkeys and passwords wait behind an unlock action). */
  get isLocked(): boolean {
    return this.#locked;
  }
  lock(): void {
    this.#locked = true;
  }
  unlock(): void {
    this.#locked = false;
  }

  async onBeginCreateCredential({
    request,
    callingApp,
  }: BeginCreateCredentialRequest): Promise<BeginCreateCredentialResponse> {
    this.faults.raise('onBeginCreateCredential', call(callingApp, request.type));
    if (request.type === TYPE_RESTORE_CREDENTIAL && !this.isRestoreCapable) return { createEntries: [] };
    if (request.type === TYPE_RESTORE_CREDENTIAL)
      return { createEntries: [{ id: 'device', accountName: 'This device' }] };
    if (!this.account) return { createEntries: [] };
    return { createEntries: [{ id: 'account', accountName: this.account.email }] };
  }

  async onCreateCredential({
    request,
    callingApp,
  }: ProviderCreateCredentialRequest): Promise<CreateCredentialResponse> {
    this.faults.raise('onCreateCredential', call(callingApp, request.type));
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
        this.#env.now(),
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
    this.faults.raise('onBeginGetCredential', call(callingApp, option.type));
    if (option.type === TYPE_RESTORE_CREDENTIAL && !this.isRestoreCapable) return { credentialEntries: [] };
    return beginGet(this.#flow, option, callingApp);
  }

  async onGetCredential(request: ProviderGetCredentialRequest): Promise<CredentialData> {
    this.faults.raise('onGetCredential', call(request.callingApp, request.option.type));
    return completeGet(this.#flow, request);
  }

  /** The user picked "Unlock": the vault opens (the user authenticated to it) and offers its credentials. */
  async onAuthenticationAction({
    option,
    callingApp,
  }: ProviderAuthenticationActionRequest): Promise<BeginGetCredentialResponse> {
    this.faults.raise('onGetCredential', call(callingApp, option.type));
    this.unlock();
    return beginGet(this.#flow, option, callingApp);
  }

  /** This provider as the phone across the room in a hybrid sign-in (its user picks its first entry). */
  asHybridPeer(name: string): HybridPeer {
    return {
      name,
      canAnswer: (option, caller) => this.#hybridEntry(option, caller) !== undefined,
      assertForHybrid: async (option, caller) => {
        const entry = this.#hybridEntry(option, caller);
        if (!entry) return null;
        return completeLocal(this.#flow, {
          option,
          callingApp: caller,
          selected: { kind: 'credential', entry },
        });
      },
    };
  }

  #hybridEntry(option: GetPublicKeyCredentialOption, caller: CallingAppInfo) {
    try {
      return localEntries(this.#flow, option, caller)[0];
    } catch {
      return undefined; // the peer may not use this RP ID for the caller
    }
  }

  /** TYPE_CLEAR_RESTORE_CREDENTIAL deletes the app's restore key; the default type has nothing to clear here. */
  async onClearCredentialState({ request, callingApp }: ProviderClearCredentialStateRequest): Promise<void> {
    this.faults.raise('onClearCredentialState', call(callingApp, request.requestType));
    if (
      this.isRestoreCapable &&
      request.requestType === ClearCredentialStateRequest.TYPE_CLEAR_RESTORE_CREDENTIAL
    ) {
      this.restoreKeys.delete(callingApp.packageName);
    }
  }

  async onSignalCredentialState({
    callingRequest,
    callingApp,
  }: ProviderSignalCredentialStateRequest): Promise<void> {
    this.faults.raise('onSignalCredentialState', call(callingApp, callingRequest.type));
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
        ...(this.#env.hasScreenLock() ? {} : { userVerified: false }),
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
    if (!this.isRestoreCapable)
      throw new CreateCredentialUnknownException('This provider keeps no restore keys');
    if (!this.#env.isAppSignedIn(caller.packageName)) {
      throw new CreateCredentialUnknownException('Restore keys are created only for a signed-in app');
    }
    // isCloudBackupEnabled needs end-to-end-encrypted backup (GMS RESTORE_CREDENTIAL_E2EE_UNAVAILABLE)
    if (isCloudBackupEnabled && !this.#env.isE2eeAvailable()) throw new E2eeUnavailableException();
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
  #callerMayUse(rpId: string, caller: CallingAppInfo): boolean {
    return callerMayUseRpId(rpId, caller, this.#env.assetLinks);
  }

  #requireAccount(): ProviderAccount {
    if (!this.account)
      throw new CreateCredentialNoCreateOptionException('No provider account on this device');
    return this.account;
  }

  #checkRp(rpId: string | undefined, caller: CallingAppInfo): void {
    if (caller.origin) return; // the authenticator checks a web origin against rp.id
    if (!rpId) throw new AuthenticatorError('SecurityError', 'rp.id is required for an app');
    if (!this.#callerMayUse(rpId, caller)) {
      throw new AuthenticatorError(
        'SecurityError',
        `The app ${caller.packageName} is not allowed to use RP ID ${rpId}`,
      );
    }
  }
}

export { passwordOwner };

function call(caller: CallingAppInfo, type: string) {
  return { packageName: caller.packageName, types: [type] };
}
