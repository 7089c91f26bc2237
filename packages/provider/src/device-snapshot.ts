// Plain-JSON forms of a device: what its encrypted backup holds (apps + cloud-enabled restore keys) and
// its full saved state (for persisting a device between runs). Pure: no files, no crypto.
import { DeviceError } from './device-errors.js';
import type { InstalledApp } from './device.js';
import type { ProviderAccountState } from './provider-account.js';
import type { RestoreKey } from './restore-keys.js';
import type { LockScreenKey } from './backup-crypto.js';

export interface AppRecord {
  packageName: string;
  /** base64url DER. */
  signingCertificate: string;
  permissions: string[];
  signedIn: boolean;
}

/** The plaintext inside an EncryptedBackup. */
export interface BackupContents {
  format: 'credkit-backup-contents';
  version: 1;
  deviceName: string;
  createdAt: number;
  apps: AppRecord[];
  /** Only restore keys created with isCloudBackupEnabled. */
  restoreKeys: RestoreKey[];
}

export interface DeviceState {
  format: 'credkit-device';
  version: 1;
  id: string;
  name: string;
  backupEnabled: boolean;
  lockScreenKey: LockScreenKey | null;
  apps: AppRecord[];
  restoreKeys: RestoreKey[];
  account: ProviderAccountState | null;
  /** Build.VERSION.SDK_INT (absent in files saved before it was modelled: the default applies). */
  apiLevel?: number;
  /** Play services version code, or null when not installed (absent: the default applies). */
  playServicesVersion?: number | null;
  /** Absent: a phone. */
  formFactor?: 'phone' | 'wear';
}

export function toAppRecord(app: InstalledApp): AppRecord {
  return {
    packageName: app.packageName,
    signingCertificate: Buffer.from(app.signingCertificate).toString('base64url'),
    permissions: [...(app.permissions ?? [])],
    signedIn: app.signedIn,
  };
}

export function fromAppRecord(r: AppRecord): InstalledApp {
  return {
    packageName: r.packageName,
    signingCertificate: new Uint8Array(Buffer.from(r.signingCertificate, 'base64url')),
    permissions: [...r.permissions],
    signedIn: r.signedIn,
  };
}

export function parseBackupContents(bytes: Uint8Array): BackupContents {
  const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as BackupContents;
  if (
    value?.format !== 'credkit-backup-contents' ||
    value.version !== 1 ||
    !Array.isArray(value.apps) ||
    !Array.isArray(value.restoreKeys)
  ) {
    throw new DeviceError('backup_invalid', 'the backup contents are malformed');
  }
  return value;
}

export function parseDeviceState(text: string): DeviceState {
  let value: DeviceState;
  try {
    value = JSON.parse(text) as DeviceState;
  } catch (cause) {
    throw new DeviceError('state_invalid', 'the device state is not JSON', { cause });
  }
  if (
    value?.format !== 'credkit-device' ||
    value.version !== 1 ||
    !Array.isArray(value.apps) ||
    !Array.isArray(value.restoreKeys)
  ) {
    throw new DeviceError('state_invalid');
  }
  return value;
}
