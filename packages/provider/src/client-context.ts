// From Credential Manager's view of the caller to what the authenticator puts into clientDataJSON.
import type { CallingAppInfo } from '@credkit/credential-manager';
import { AuthenticatorError } from './errors.js';
import type { ClientContext } from './types.js';

/** A native app: its apk-key-hash origin and package name; a privileged browser: its web origin. */
export function clientContext(caller: CallingAppInfo, clientDataHash?: Uint8Array | null): ClientContext {
  return {
    origin: caller.clientDataOrigin,
    ...(caller.origin ? {} : { androidPackageName: caller.packageName }),
    ...(clientDataHash ? { clientDataHash } : {}),
  };
}

/** requestJson as a JSON object; anything else is a DataError (the WebAuthn shape is wrong). */
export function parseOptionsJson<T>(requestJson: string): T {
  try {
    const value: unknown = JSON.parse(requestJson);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as T;
  } catch {
    // fall through
  }
  throw new AuthenticatorError('DataError', 'requestJson is not a JSON object');
}
