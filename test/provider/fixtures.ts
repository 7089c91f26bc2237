// Shared set-up for provider tests: an RP, an app linked to it by Digital Asset Links, a device, options.
import { createHash, randomBytes } from 'node:crypto';
import { CallingAppInfo } from '../../packages/credential-manager/src/calling-app.js';
import {
  staticAssetLinks,
  certificateFingerprint,
  RELATION_HANDLE_ALL_URLS,
  RELATION_GET_LOGIN_CREDS,
} from '../../packages/provider/src/asset-links.js';
import { Device, type DeviceOptions } from '../../packages/provider/src/device.js';
import { ProviderAccount } from '../../packages/provider/src/provider-account.js';

export const RP_ID = 'shrine.example';
export const PACKAGE = 'com.example.shrine';
export const CERT = new Uint8Array(randomBytes(64));
export const OTHER_CERT = new Uint8Array(randomBytes(64));

export const b64 = (n: number): string => randomBytes(n).toString('base64url');

export const assetLinks = staticAssetLinks({
  [RP_ID]: [
    {
      relation: [RELATION_HANDLE_ALL_URLS, RELATION_GET_LOGIN_CREDS],
      target: {
        namespace: 'android_app',
        package_name: PACKAGE,
        sha256_cert_fingerprints: [certificateFingerprint(createHash('sha256').update(CERT).digest())],
      },
    },
  ],
});

export function caller(packageName = PACKAGE, cert = CERT, origin: string | null = null): CallingAppInfo {
  return CallingAppInfo.fromApp({ packageName, signingCertificate: cert }, origin);
}

/** A manual clock. */
export function clock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

export function phone(options: DeviceOptions = {}) {
  const c = clock();
  const account =
    options.account === undefined ? new ProviderAccount({ email: 'alice@gmail.example' }) : options.account;
  const device = new Device({
    screenLock: '1234',
    backupEnabled: true,
    assetLinks,
    now: c.now,
    ...options,
    account,
  });
  device.install({ packageName: PACKAGE, signingCertificate: CERT });
  return { device, clock: c, account };
}

export function creationJson(
  over: Record<string, unknown> = {},
  user = { id: b64(16), name: 'alice', displayName: 'Alice' },
): string {
  return JSON.stringify({
    rp: { id: RP_ID, name: 'Shrine' },
    user,
    challenge: b64(32),
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    ...over,
  });
}

export function requestJson(over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    challenge: b64(32),
    rpId: RP_ID,
    allowCredentials: [],
    userVerification: 'preferred',
    ...over,
  });
}
