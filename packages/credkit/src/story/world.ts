// The cast of the device story: the app (package + a fixed stand-in signing certificate, so a running
// server can be configured for it), the user's provider account, and the relying party's asset links.
import { createHash } from 'node:crypto';
import {
  certificateFingerprint,
  staticAssetLinks,
  type AssetLinkStatement,
  type AssetLinksResolver,
} from '@credkit/provider';
import { CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS } from '@credkit/credential-manager';
import type { AppInstall } from '@credkit/provider';

export const SIMULATOR_PACKAGE = 'dev.credkit.shrine';
/** Stand-in for the app's DER signing certificate: only its SHA-256 matters to origins and asset links. */
export const SIMULATOR_CERTIFICATE = new TextEncoder().encode(
  'credkit simulate: stand-in signing certificate, v1',
);

/** How the story installs the app: it declares the permission prepareGetCredential's has* queries need. */
export const SIMULATOR_APP: AppInstall = {
  packageName: SIMULATOR_PACKAGE,
  signingCertificate: SIMULATOR_CERTIFICATE,
  permissions: [CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS],
};

/** A second app of the same RP with its own package and certificate (its own restore key). */
export const SIMULATOR_LITE_PACKAGE = 'dev.credkit.shrine.lite';
export const SIMULATOR_LITE_CERTIFICATE = new TextEncoder().encode(
  'credkit simulate: stand-in signing certificate of the lite app, v1',
);
export const SIMULATOR_LITE_APP: AppInstall = {
  packageName: SIMULATOR_LITE_PACKAGE,
  signingCertificate: SIMULATOR_LITE_CERTIFICATE,
  permissions: [CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS],
};

const fingerprintOf = (certificate: Uint8Array) =>
  certificateFingerprint(createHash('sha256').update(certificate).digest());

/** The SHA-256 fingerprint a server must list (ANDROID_APPS=dev.credkit.shrine:<this>). */
export function simulatorFingerprint(): string {
  return fingerprintOf(SIMULATOR_CERTIFICATE);
}

/** The server's androidApps for both simulated apps. */
export function simulatorAndroidApps(): { packageName: string; fingerprints: string[] }[] {
  return [
    { packageName: SIMULATOR_PACKAGE, fingerprints: [simulatorFingerprint()] },
    { packageName: SIMULATOR_LITE_PACKAGE, fingerprints: [fingerprintOf(SIMULATOR_LITE_CERTIFICATE)] },
  ];
}

/** The ANDROID_APPS value that lets a running server accept both simulated apps. */
export function simulatorAndroidAppsEnv(): string {
  return simulatorAndroidApps()
    .map((a) => `${a.packageName}:${a.fingerprints[0]}`)
    .join(',');
}

/** Reads the RP's Digital Asset Links from the server (the file Android fetches from https://<rpId>/.well-known/). */
export async function fetchAssetLinks(
  serverUrl: string,
  rpId: string,
  fetchImpl: typeof fetch = fetch,
): Promise<AssetLinksResolver> {
  const response = await fetchImpl(new URL('/.well-known/assetlinks.json', serverUrl));
  if (!response.ok) throw new Error(`GET /.well-known/assetlinks.json answered ${response.status}`);
  const statements = (await response.json()) as AssetLinkStatement[];
  if (!Array.isArray(statements)) throw new Error('assetlinks.json is not a JSON array');
  return staticAssetLinks({ [rpId]: statements });
}

/** The RP ID to assume for a server URL: its host name, with loopback addresses meaning "localhost". */
export function defaultRpId(serverUrl: string): string {
  const host = new URL(serverUrl).hostname;
  return host === '127.0.0.1' || host === '[::1]' || host === '::1' ? 'localhost' : host;
}
