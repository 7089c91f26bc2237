// A phone: installed apps (package name + signing certificate), a screen lock, the backup switch, the
// provider account it is signed in to, its Android and Play services versions, the software credential
// provider that lives on it (plus any provider apps the user installs and enables), and the fault plan
// Credential Manager consults. It builds the Context an app passes to CredentialManager.create(context), and
// moves to a new phone by cloud restore or device-to-device transfer, calling the apps' backup agents.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { chooseFirst, type Chooser, type Context } from '@credkit/credential-manager';
import type { CredentialProvider } from '@credkit/credential-manager';
import {
  AppNotificationLog,
  type AppNotification,
  type AppNotificationContent,
} from './app-notifications.js';
import type { AssetLinksResolver } from './asset-links.js';
import type { BackupAgent, RestoredApp, RestoreTransport } from './backup-agent.js';
import {
  decryptBackup,
  deriveLockScreenKey,
  encryptBackup,
  type EncryptedBackup,
  type LockScreenKey,
} from './backup-crypto.js';
import { DeviceError } from './device-errors.js';
import {
  fromAppRecord,
  parseBackupContents,
  parseDeviceState,
  toAppRecord,
  type BackupContents,
  type DeviceState,
} from './device-snapshot.js';
import { parseDeviceTransfer, type DeviceTransfer } from './device-transfer.js';
import type { ProviderEnvironment } from './environment.js';
import { DeviceFaultPlan } from './faults.js';
import type { HybridPeer } from './hybrid.js';
import { ProviderAccount } from './provider-account.js';
import { CredentialProviderSettings } from './provider-settings.js';
import { SoftwareCredentialProvider } from './provider.js';
import type { RestoreKey } from './restore-keys.js';

/** Android 15 (the Signal API's minimum), the default of a new Device. */
export const DEFAULT_API_LEVEL = 35;
/** A Play services version with every feature credkit models (the Signal API's minimum, 254625000). */
export const DEFAULT_PLAY_SERVICES_VERSION = 254_625_000;

export interface AppInstall {
  packageName: string;
  /** DER of the app's signing certificate (any bytes in a test: only its SHA-256 matters). */
  signingCertificate: Uint8Array;
  /** e.g. CREDENTIAL_MANAGER_SET_ORIGIN for a privileged browser. */
  permissions?: string[];
}

export interface InstalledApp extends AppInstall {
  /** The app reports a signed-in user (set by the app after sign-in, cleared at sign-out). */
  signedIn: boolean;
}

export interface DeviceOptions {
  name?: string;
  id?: string;
  /** The lock-screen secret (PIN, pattern, password); null or absent: no screen lock. */
  screenLock?: string | null;
  /** Instead of screenLock: an already derived lock-screen key (restored or loaded devices). */
  lockScreenKey?: LockScreenKey | null;
  /** Android backup switch (default true). */
  backupEnabled?: boolean;
  account?: ProviderAccount | null;
  /** Digital Asset Links of the relying parties (default: none, so apps may use no RP ID). */
  assetLinks?: AssetLinksResolver;
  now?: () => number;
  signalRateLimit?: { limit?: number; windowMs?: number };
  /** The provider lets a lone passkey or password entry be auto-selected (default false). */
  autoSelectAllowed?: boolean;
  restoreKeys?: RestoreKey[];
  apps?: InstalledApp[];
  /** android.os.Build.VERSION.SDK_INT (default 35, Android 15). */
  apiLevel?: number;
  /** Google Play services version code; null: not installed (default 254625000). */
  playServicesVersion?: number | null;
  /** "wear": a watch, where createCredential is unsupported (default "phone"). */
  formFactor?: 'phone' | 'wear';
  /**
   * Provider apps installed besides the device's own, each made for this device (it is their environment);
   * off until enabled or made the preferred service.
   */
  providers?: ((device: Device) => CredentialProvider)[];
}

/** Setting up a new phone from an old one. */
export interface RestoreOptions extends Omit<
  DeviceOptions,
  'apps' | 'restoreKeys' | 'account' | 'lockScreenKey'
> {
  /** The provider account the new phone signs in to (passkeys sync through it); default none. */
  account?: ProviderAccount | null;
  /** The restored apps' BackupAgents by package name (the code that comes with each reinstalled app). */
  backupAgents?: Record<string, BackupAgent>;
}

export interface RestoreResult {
  device: Device;
  transport: RestoreTransport;
  apps: RestoredApp[];
}

export class Device implements ProviderEnvironment {
  readonly id: string;
  readonly name: string;
  backupEnabled: boolean;
  assetLinks: AssetLinksResolver;
  /** The account selector / create sheet; default picks the first choice. Set to `() => null` to cancel. */
  chooser: Chooser = chooseFirst;
  readonly provider: SoftwareCredentialProvider;
  /** Settings > Passwords, passkeys & accounts: the preferred service and the other enabled providers. */
  readonly providerSettings: CredentialProviderSettings;
  /** Fault injection for Credential Manager calls on this device (docs/guides/android-faults.md). */
  readonly faults = new DeviceFaultPlan();
  /** What apps posted (the provider's Signal API notifications are `notifications`). */
  readonly appNotifications = new AppNotificationLog();
  /** android.os.Build.VERSION.SDK_INT. */
  apiLevel: number;
  /** Google Play services version code, or null when it is not installed. */
  playServicesVersion: number | null;
  readonly formFactor: 'phone' | 'wear';
  readonly #apps = new Map<string, InstalledApp>();
  readonly #launched = new Set<string>();
  #nearby: HybridPeer | null = null;
  readonly #now: () => number;
  #lockKey: LockScreenKey | null;

  constructor(options: DeviceOptions = {}) {
    this.id = options.id ?? randomUUID();
    this.name = options.name ?? 'phone';
    this.backupEnabled = options.backupEnabled ?? true;
    this.assetLinks = options.assetLinks ?? (() => undefined);
    this.#now = options.now ?? Date.now;
    this.#lockKey =
      options.lockScreenKey ?? (options.screenLock ? deriveLockScreenKey(options.screenLock) : null);
    this.apiLevel = options.apiLevel ?? DEFAULT_API_LEVEL;
    this.formFactor = options.formFactor ?? 'phone';
    this.playServicesVersion =
      options.playServicesVersion === undefined ? DEFAULT_PLAY_SERVICES_VERSION : options.playServicesVersion;
    for (const app of options.apps ?? []) this.#apps.set(app.packageName, structuredClone(app));
    this.provider = new SoftwareCredentialProvider({
      env: this,
      account: options.account ?? null,
      restoreKeys: options.restoreKeys,
      signalRateLimit: options.signalRateLimit,
      autoSelectAllowed: options.autoSelectAllowed,
    });
    this.providerSettings = new CredentialProviderSettings(this.provider);
    for (const make of options.providers ?? []) this.providerSettings.install(make(this));
  }

  // ---- ProviderEnvironment ----
  hasScreenLock(): boolean {
    return this.#lockKey !== null;
  }
  isE2eeAvailable(): boolean {
    return this.hasScreenLock() && this.backupEnabled && this.account !== null;
  }
  isAppSignedIn(packageName: string): boolean {
    return this.#apps.get(packageName)?.signedIn ?? false;
  }
  now(): number {
    return this.#now();
  }
  hybridPeer(): HybridPeer | null {
    return this.#nearby;
  }

  /**
   * Puts another phone within reach (null: none): the selector then offers "use a passkey from another
   * device" for its passkeys (hybrid), and prepareGetCredential reports hasRemoteResults.
   */
  bringNearby(phone: Device | null): void {
    this.#nearby = phone ? phone.provider.asHybridPeer(phone.name) : null;
  }

  // ---- settings ----
  get account(): ProviderAccount | null {
    return this.provider.account;
  }
  /** Sign the device in to (or, with null, out of) a provider account. */
  setAccount(account: ProviderAccount | null): void {
    this.provider.account = account;
  }
  /** Set (a secret) or remove (null) the screen lock. */
  setScreenLock(secret: string | null): void {
    this.#lockKey = secret ? deriveLockScreenKey(secret) : null;
  }
  /** The derived lock-screen key (for saving the device; never the secret itself). */
  get lockScreenKey(): LockScreenKey | null {
    return this.#lockKey;
  }
  get notifications() {
    return this.provider.notifications;
  }

  // ---- apps ----
  install(app: AppInstall): InstalledApp {
    const installed: InstalledApp = { ...structuredClone(app), signedIn: false };
    this.#apps.set(app.packageName, installed);
    return structuredClone(installed);
  }
  /** Uninstalling removes the app's restore key. */
  uninstall(packageName: string): void {
    this.#require(packageName);
    this.#apps.delete(packageName);
    this.#launched.delete(packageName);
    this.provider.onAppDataRemoved(packageName);
  }
  /** The user opens the app. */
  launch(packageName: string): void {
    this.#require(packageName);
    this.#launched.add(packageName);
  }
  /** Whether the app was opened on this device since it was installed or restored. */
  hasLaunched(packageName: string): boolean {
    return this.#launched.has(packageName);
  }
  /** An app posts a notification (also before its first launch, from its backup agent). */
  postNotification(packageName: string, content: AppNotificationContent): AppNotification {
    this.#require(packageName);
    return this.appNotifications.post({
      at: this.now(),
      packageName,
      channelId: content.channelId ?? 'default',
      title: content.title,
      text: content.text,
      beforeFirstLaunch: !this.#launched.has(packageName),
    });
  }
  /** "Clear data": the app is signed out and its restore key removed. */
  clearAppData(packageName: string): void {
    this.#require(packageName).signedIn = false;
    this.provider.onAppDataRemoved(packageName);
  }
  setAppSignedIn(packageName: string, signedIn: boolean): void {
    this.#require(packageName).signedIn = signedIn;
  }
  app(packageName: string): InstalledApp | undefined {
    const a = this.#apps.get(packageName);
    return a ? structuredClone(a) : undefined;
  }
  apps(): InstalledApp[] {
    return [...this.#apps.values()].map((a) => structuredClone(a));
  }

  /** The Context an installed app passes to CredentialManager.create(context). */
  context(packageName: string): Context {
    const app = this.#require(packageName);
    return {
      packageName: app.packageName,
      signingCertificate: app.signingCertificate,
      permissions: app.permissions ?? [],
      credentialProviders: () => this.providerSettings.active(),
      chooser: (request) => this.chooser(request),
      platform: {
        sdkInt: this.apiLevel,
        playServicesVersion: this.playServicesVersion,
        formFactor: this.formFactor,
      },
      platformFault: (api, call) => this.faults.forCall(api, call),
    };
  }

  // ---- backup, restore, persistence ----
  /**
   * The end-to-end-encrypted backup a phone uploads: installed apps and the restore keys created with
   * isCloudBackupEnabled, under AES-256-GCM with a key derived from the lock-screen secret.
   */
  backup(): EncryptedBackup {
    if (!this.backupEnabled || !this.#lockKey) throw new DeviceError('backup_unavailable');
    const contents: BackupContents = {
      format: 'credkit-backup-contents',
      version: 1,
      deviceName: this.name,
      createdAt: this.now(),
      apps: this.apps().map((a) => ({ ...toAppRecord(a), signedIn: false })),
      restoreKeys: this.provider.restoreKeys.list().filter((k) => k.cloudBackup),
    };
    return encryptBackup(new TextEncoder().encode(JSON.stringify(contents)), this.#lockKey);
  }

  /**
   * Sets up a new phone from a backup: the old phone's lock-screen secret decrypts it; its apps are
   * reinstalled (signed out) with their cloud-backed restore keys; passkeys come from `account` (sync;
   * default none: the new phone is not yet signed in to the provider account). No backup agent runs; see
   * restoreFromCloud.
   */
  static restore(
    backup: EncryptedBackup,
    lockSecret: string,
    account: ProviderAccount | null = null,
    options: Omit<DeviceOptions, 'apps' | 'restoreKeys' | 'account' | 'screenLock' | 'lockScreenKey'> = {},
  ): Device {
    const contents = parseBackupContents(decryptBackup(backup, lockSecret));
    return new Device({
      name: 'new phone',
      ...options,
      screenLock: lockSecret,
      account,
      apps: contents.apps.map((a) => ({ ...fromAppRecord(a), signedIn: false })),
      restoreKeys: contents.restoreKeys,
    });
  }

  /**
   * Cloud restore, then each restored app's BackupAgent.onRestore (before any app is opened). Restore keys
   * created with isCloudBackupEnabled = false stay behind.
   */
  static async restoreFromCloud(
    backup: EncryptedBackup,
    lockSecret: string,
    options: RestoreOptions = {},
  ): Promise<RestoreResult> {
    const { account = null, backupAgents = {}, ...rest } = options;
    const device = Device.restore(backup, lockSecret, account, rest);
    return { device, transport: 'cloud', apps: await device.#runAgents('cloud', backupAgents) };
  }

  /**
   * A device-to-device transfer (cable or Wi-Fi Direct during setup): the apps (signed out) and every restore
   * key, including those created with isCloudBackupEnabled = false. The backup switch plays no part.
   */
  deviceTransfer(): DeviceTransfer {
    return {
      format: 'credkit-device-transfer',
      version: 1,
      deviceName: this.name,
      createdAt: this.now(),
      apps: this.apps().map((a) => ({ ...toAppRecord(a), signedIn: false })),
      restoreKeys: this.provider.restoreKeys.list(),
    };
  }

  /** Sets up a new phone from a device-to-device transfer, then runs each restored app's backup agent. */
  static async restoreFromTransfer(
    transfer: DeviceTransfer,
    options: RestoreOptions = {},
  ): Promise<RestoreResult> {
    const contents = parseDeviceTransfer(transfer);
    const { account = null, backupAgents = {}, ...rest } = options;
    const device = new Device({
      name: 'new phone',
      ...rest,
      account,
      apps: contents.apps.map((a) => ({ ...fromAppRecord(a), signedIn: false })),
      restoreKeys: contents.restoreKeys,
    });
    return {
      device,
      transport: 'deviceToDevice',
      apps: await device.#runAgents('deviceToDevice', backupAgents),
    };
  }

  /** Calls onRestore of every restored app that has an agent, in install order; a failing agent is recorded. */
  async #runAgents(transport: RestoreTransport, agents: Record<string, BackupAgent>): Promise<RestoredApp[]> {
    const results: RestoredApp[] = [];
    for (const app of this.apps()) {
      const packageName = app.packageName;
      const restoreKey = this.provider.restoreKeys.get(packageName) !== undefined;
      const agent = Object.hasOwn(agents, packageName) ? agents[packageName] : undefined;
      if (!agent) {
        results.push({ packageName, restoreKey, agent: 'none' });
        continue;
      }
      try {
        await agent.onRestore({
          packageName,
          transport,
          context: this.context(packageName),
          postNotification: (content) => this.postNotification(packageName, content),
          setSignedIn: (signedIn) => this.setAppSignedIn(packageName, signedIn),
        });
        results.push({ packageName, restoreKey, agent: 'ran' });
      } catch (error) {
        results.push({ packageName, restoreKey, agent: 'failed', error });
      }
    }
    return results;
  }

  toJSON(): DeviceState {
    return {
      format: 'credkit-device',
      version: 1,
      id: this.id,
      name: this.name,
      backupEnabled: this.backupEnabled,
      lockScreenKey: this.#lockKey,
      apps: this.apps().map(toAppRecord),
      restoreKeys: this.provider.restoreKeys.list(),
      account: this.account?.toJSON() ?? null,
      apiLevel: this.apiLevel,
      playServicesVersion: this.playServicesVersion,
      formFactor: this.formFactor,
    };
  }

  /** Writes the device (keys included: owner-only file mode). */
  save(path: string): void {
    writeFileSync(path, JSON.stringify(this.toJSON(), null, 2), { mode: 0o600 });
  }

  /** Loads a saved device. Pass `account` to share a live ProviderAccount; else the saved copy is used. */
  static load(
    path: string,
    options: Omit<
      DeviceOptions,
      'id' | 'name' | 'apps' | 'restoreKeys' | 'screenLock' | 'lockScreenKey'
    > = {},
  ): Device {
    const state = parseDeviceState(readFileSync(path, 'utf8'));
    return Device.fromJSON(state, options);
  }

  static fromJSON(
    state: DeviceState,
    options: Omit<
      DeviceOptions,
      'id' | 'name' | 'apps' | 'restoreKeys' | 'screenLock' | 'lockScreenKey'
    > = {},
  ): Device {
    return new Device({
      backupEnabled: state.backupEnabled,
      ...(state.apiLevel !== undefined ? { apiLevel: state.apiLevel } : {}),
      ...(state.playServicesVersion !== undefined ? { playServicesVersion: state.playServicesVersion } : {}),
      ...(state.formFactor !== undefined ? { formFactor: state.formFactor } : {}),
      ...options,
      id: state.id,
      name: state.name,
      lockScreenKey: state.lockScreenKey,
      apps: state.apps.map(fromAppRecord),
      restoreKeys: state.restoreKeys,
      account:
        options.account !== undefined
          ? options.account
          : state.account
            ? ProviderAccount.fromJSON(state.account)
            : null,
    });
  }

  #require(packageName: string): InstalledApp {
    const app = this.#apps.get(packageName);
    if (!app) throw new DeviceError('app_not_installed', `${packageName} is not installed`);
    return app;
  }
}
