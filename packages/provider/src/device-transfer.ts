// A device-to-device transfer (cable or Wi-Fi Direct during setup): the old phone's apps and every restore key,
// including those created with isCloudBackupEnabled = false, which a cloud backup leaves behind.
import { DeviceError } from './device-errors.js';
import type { AppRecord } from './device-snapshot.js';
import type { RestoreKey } from './restore-keys.js';

export interface DeviceTransfer {
  format: 'credkit-device-transfer';
  version: 1;
  deviceName: string;
  createdAt: number;
  apps: AppRecord[];
  /** All restore keys, cloud-enabled or not. */
  restoreKeys: RestoreKey[];
}

export function parseDeviceTransfer(value: unknown): DeviceTransfer {
  const t = value as DeviceTransfer;
  if (
    t?.format !== 'credkit-device-transfer' ||
    t.version !== 1 ||
    !Array.isArray(t.apps) ||
    !Array.isArray(t.restoreKeys)
  ) {
    throw new DeviceError('transfer_invalid');
  }
  return structuredClone(t);
}
