// Client extension outputs the core acts on (§7.1 step 20, §7.2 step 20): credProps (§10.1.3) at registration and
// the FIDO AppID extension appid (§10.1.1) at authentication. Other outputs are passed through to the caller.
import { WebAuthnError } from './errors.js';
import { matchRpId } from './rp-id.js';

function invalid(message: string): never {
  throw new WebAuthnError('extension_invalid', message);
}

/** credProps.rk when the client reported it; a malformed credProps output fails. */
export function residentKeyOf(results: Record<string, unknown>): boolean | undefined {
  const credProps = results.credProps;
  if (credProps === undefined) return undefined;
  if (typeof credProps !== 'object' || credProps === null || Array.isArray(credProps))
    invalid('credProps is not an object');
  const rk = (credProps as { rk?: unknown }).rk;
  if (rk !== undefined && typeof rk !== 'boolean') invalid('credProps.rk is not a boolean');
  return rk as boolean | undefined;
}

/**
 * §10.1.1: when the client reports appid true, the assertion was made for the AppID, so rpIdHash must be
 * SHA-256(appId) of the AppID the caller requested. Returns the AppID, or undefined when it was not used.
 */
export function appIdUsed(
  results: Record<string, unknown>,
  rpIdHash: Uint8Array,
  appId: string | undefined,
): string | undefined {
  const appid = results.appid;
  if (appid === undefined || appid === false) return undefined;
  if (appid !== true) invalid('appid output is not a boolean');
  if (appId === undefined) invalid('appid output without an AppID request');
  return matchRpId(rpIdHash, appId);
}
