// End-to-end-encrypted device backup: AES-256-GCM under a key derived with scrypt from the lock-screen
// secret, so the cloud that stores the blob cannot read it. The KDF parameters travel in the blob and are
// bound to the ciphertext as additional authenticated data.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { DeviceError } from './device-errors.js';

export interface BackupKdf {
  name: 'scrypt';
  salt: string;
  N: number;
  r: number;
  p: number;
}

export interface EncryptedBackup {
  format: 'credkit-device-backup';
  version: 1;
  kdf: BackupKdf;
  iv: string;
  ciphertext: string;
  tag: string;
}

/** A key derived from the lock-screen secret, kept by the device instead of the secret itself. */
export interface LockScreenKey {
  kdf: BackupKdf;
  /** 32 bytes, base64url. */
  key: string;
}

const DEFAULT_COST = { N: 1 << 14, r: 8, p: 1 };

export function deriveLockScreenKey(secret: string, kdf?: BackupKdf): LockScreenKey {
  const params: BackupKdf = kdf ?? {
    name: 'scrypt',
    salt: randomBytes(16).toString('base64url'),
    ...DEFAULT_COST,
  };
  const key = scryptSync(secret.normalize('NFKC'), Buffer.from(params.salt, 'base64url'), 32, {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 64 * 1024 * 1024,
  });
  return { kdf: params, key: key.toString('base64url') };
}

const aad = (kdf: BackupKdf): Buffer => Buffer.from(JSON.stringify(['credkit-device-backup', 1, kdf]));

export function encryptBackup(plaintext: Uint8Array, lockKey: LockScreenKey): EncryptedBackup {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(lockKey.key, 'base64url'), iv);
  cipher.setAAD(aad(lockKey.kdf));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    format: 'credkit-device-backup',
    version: 1,
    kdf: lockKey.kdf,
    iv: iv.toString('base64url'),
    ciphertext: ciphertext.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

export function decryptBackup(backup: EncryptedBackup, secret: string): Uint8Array {
  if (backup?.format !== 'credkit-device-backup' || backup.version !== 1 || backup.kdf?.name !== 'scrypt') {
    throw new DeviceError('backup_invalid', 'not a credkit device backup');
  }
  const { N, r, p } = backup.kdf;
  if (![N, r, p].every(Number.isSafeInteger) || N > 1 << 20 || r > 32 || p > 16) {
    throw new DeviceError('backup_invalid', 'unsupported key-derivation parameters');
  }
  try {
    const { key } = deriveLockScreenKey(secret, backup.kdf);
    const decipher = createDecipheriv(
      'aes-256-gcm',
      Buffer.from(key, 'base64url'),
      Buffer.from(backup.iv, 'base64url'),
    );
    decipher.setAAD(aad(backup.kdf));
    decipher.setAuthTag(Buffer.from(backup.tag, 'base64url'));
    return new Uint8Array(
      Buffer.concat([decipher.update(Buffer.from(backup.ciphertext, 'base64url')), decipher.final()]),
    );
  } catch (cause) {
    throw new DeviceError('backup_invalid', 'the backup cannot be decrypted with this lock-screen secret', {
      cause,
    });
  }
}
