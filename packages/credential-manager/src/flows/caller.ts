// Who is calling, and may it say so: builds CallingAppInfo for a request and enforces the
// CREDENTIAL_MANAGER_SET_ORIGIN permission for `origin` (and `clientDataHash`, which only makes sense with it).
import { CallingAppInfo } from '../calling-app.js';
import type { Context, CredentialManagerApi } from '../context.js';
import type { CredentialProvider } from '../provider.js';
import { CREDENTIAL_MANAGER_SET_ORIGIN } from '../types.js';

export function maySetOrigin(context: Context): boolean {
  return context.permissions?.includes(CREDENTIAL_MANAGER_SET_ORIGIN) ?? false;
}

/** Problem text when the request's origin / clientDataHash is not allowed for this caller, else null. */
export function originProblem(
  context: Context,
  origin: string | null,
  clientDataHash: Uint8Array | null,
): string | null {
  if (origin !== null && !maySetOrigin(context)) {
    return `${context.packageName} does not hold ${CREDENTIAL_MANAGER_SET_ORIGIN} and may not set origin`;
  }
  if (clientDataHash !== null && origin === null)
    return 'clientDataHash may only be set together with origin';
  return null;
}

export function callingApp(context: Context, origin: string | null): CallingAppInfo {
  return CallingAppInfo.fromApp(context, origin);
}

export function providersOf(context: Context): readonly CredentialProvider[] {
  const p = context.credentialProviders;
  return typeof p === 'function' ? p() : p;
}

export const NO_PROVIDER_MESSAGE =
  'no provider dependencies found - please ensure the desired provider dependencies are added';

/** Fault injection: throws the exception the device armed for this call, if any. */
export function raisePlatformFault(
  context: Context,
  api: CredentialManagerApi,
  types: readonly string[],
): void {
  const fault = context.platformFault?.(api, { packageName: context.packageName, types });
  if (fault) throw fault;
}
