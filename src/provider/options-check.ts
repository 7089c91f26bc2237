// Client-side checks on JSON options before the authenticator runs (WebAuthn §5.1.3 create steps 5-8,
// §5.1.4 get steps 7-8). Malformed options are a DataError, as Android's providers report them.
import { AuthenticatorError } from './errors.js';
import type { ClientContext } from './types.js';

const B64URL = /^[A-Za-z0-9_-]*={0,2}$/;

export function decodeB64url(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || !B64URL.test(value) || value.replace(/=+$/, '').length % 4 === 1) {
    throw new AuthenticatorError('DataError', `${field} is not base64url`);
  }
  return new Uint8Array(Buffer.from(value, 'base64url'));
}

/** The host of a web origin, or undefined for a non-web origin such as `android:apk-key-hash:…`. */
export function webOriginHost(origin: string): string | undefined {
  if (!/^https?:\/\//.test(origin)) return undefined;
  try {
    return new URL(origin).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Resolves the RP ID: the one given, else the caller's effective domain (§5.1.3 step 7, §5.1.4 step 8).
 * A web caller may only use its own host or a registrable suffix of it (SecurityError otherwise); native
 * callers are checked by the provider against Digital Asset Links.
 */
export function resolveRpId(rpId: string | undefined, client: ClientContext): string {
  const host = webOriginHost(client.origin);
  if (rpId === undefined || rpId === '') {
    if (!host) throw new AuthenticatorError('SecurityError', 'rp.id is required for a non-web origin');
    return host;
  }
  if (host !== undefined) {
    const isSuffix = host === rpId || (host.endsWith(`.${rpId}`) && rpId.includes('.'));
    if (!isSuffix)
      throw new AuthenticatorError('SecurityError', `RP ID ${rpId} is not valid for origin ${client.origin}`);
    if (client.origin.startsWith('http://') && host !== 'localhost' && !host.endsWith('.localhost')) {
      throw new AuthenticatorError('SecurityError', 'an http origin is only allowed for localhost');
    }
  }
  return rpId;
}
