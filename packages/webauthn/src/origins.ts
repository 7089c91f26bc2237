// Origins a relying party accepts (WebAuthn §13.4.9 "Validating the origin of a credential"): web origins and
// Android app origins `android:apk-key-hash:<base64url SHA-256 of the APK signing certificate>`.
import { WebAuthnError } from './errors.js';

export const ANDROID_ORIGIN_PREFIX = 'android:apk-key-hash:';

/**
 * Turns an APK signing certificate SHA-256 fingerprint as Android tooling prints it (`AB:CD:...`, 32 bytes;
 * colons and case optional) into the origin Credential Manager puts in clientDataJSON.
 */
export function androidOriginFromFingerprint(fingerprint: string): string {
  const hex = fingerprint.trim().replace(/:/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new WebAuthnError(
      'malformed_input',
      'an APK signing certificate SHA-256 fingerprint is 32 hex bytes',
    );
  }
  return ANDROID_ORIGIN_PREFIX + Buffer.from(hex, 'hex').toString('base64url');
}

export function isAndroidOrigin(origin: string): boolean {
  return origin.startsWith(ANDROID_ORIGIN_PREFIX);
}

function parseWebOrigin(origin: string): URL | undefined {
  try {
    const url = new URL(origin);
    return url.origin === origin ? url : undefined;
  } catch {
    return undefined;
  }
}

/** True when `origin` is `allowed`, or (with allowSubdomains) a same-scheme, same-port subdomain of it. */
export function originMatches(origin: string, allowed: string, allowSubdomains = false): boolean {
  if (origin === allowed) return true;
  if (!allowSubdomains || isAndroidOrigin(origin) || isAndroidOrigin(allowed)) return false;
  const a = parseWebOrigin(allowed);
  const o = parseWebOrigin(origin);
  if (!a || !o || a.protocol !== o.protocol || a.port !== o.port) return false;
  return o.hostname.endsWith(`.${a.hostname}`);
}

/** True when `origin` matches one of `allowed` (a string or a list). */
export function isAllowedOrigin(
  origin: string,
  allowed: string | readonly string[],
  allowSubdomains = false,
): boolean {
  if (typeof allowed === 'string') return originMatches(origin, allowed, allowSubdomains);
  for (const a of allowed) if (origin === a) return true;
  if (!allowSubdomains) return false;
  for (const a of allowed) if (originMatches(origin, a, true)) return true;
  return false;
}
