// A phone: installed apps (package name + signing certificate), a screen lock, the backup switch, the
// provider account it is signed in to, and the software credential provider that lives on it. It builds the
// Context an app passes to CredentialManager.create(context).
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { chooseFirst, type Chooser, type Context } from '../credential-manager/context.js';
import type { AssetLinksResolver } from './asset-links.js';
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
import type { ProviderEnvironment } from './environment.js';
import { ProviderAccount } from './provider-account.js';
import { SoftwareCredentialProvider } from './provider.js';
import type { RestoreKey } from './restore-keys.js';

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
}

export class Device implements ProviderEnvironment {
  readonly id: string;
  readonly name: string;
  backupEnabled: boolean;
  assetLinks: AssetLinksResolver;
  /** The account selector / create sheet; default picks the first choice. Set to `() => null` to cancel. */
  chooser: Chooser = chooseFirst;
  readonly provider: SoftwareCredentialProvider;
  readonly #apps = new Map<string, InstalledApp>();
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
    for (const app of options.apps ?? []) this.#apps.set(app.packageName, structuredClone(app));
    this.provider = new SoftwareCredentialProvider({
      env: this,
      account: options.account ?? null,
      restoreKeys: options.restoreKeys,
      signalRateLimit: options.signalRateLimit,
      autoSelectAllowed: options.autoSelectAllowed,
    });
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
    this.provider.onAppDataRemoved(packageName);
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
      credentialProviders: () => [this.provider],
      chooser: (request) => this.chooser(request),
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
   * default none: the new phone is not yet signed in to the provider account).
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
