// Typed failures of the Device model, with stable codes.

export const DEVICE_ERROR_CODES = {
  backup_unavailable: 'backup needs the backup switch on and a screen lock',
  backup_invalid: 'the backup is malformed or cannot be decrypted with this lock-screen secret',
  app_not_installed: 'no app with this package name is installed',
  state_invalid: 'the saved device state is malformed',
  transfer_invalid: 'the device-to-device transfer is malformed',
  provider_invalid: 'no such credential provider, or it cannot be changed that way',
} as const;

export type DeviceErrorCode = keyof typeof DEVICE_ERROR_CODES;

export class DeviceError extends Error {
  override readonly name = 'DeviceError';
  readonly code: DeviceErrorCode;

  constructor(
    code: DeviceErrorCode,
    message: string = DEVICE_ERROR_CODES[code],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
  }
}
