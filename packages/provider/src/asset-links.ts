// Digital Asset Links (https://<domain>/.well-known/assetlinks.json): which Android apps may act for a
// domain. The test set-up (or `credkit simulate`, from the server's well-known file) supplies them.
import type { CallingAppInfo } from '@credkit/credential-manager';

export const RELATION_HANDLE_ALL_URLS = 'delegate_permission/common.handle_all_urls';
export const RELATION_GET_LOGIN_CREDS = 'delegate_permission/common.get_login_creds';

export interface AssetLinkStatement {
  relation: string[];
  target: { namespace: string; package_name?: string; sha256_cert_fingerprints?: string[]; site?: string };
}

/** The statements a domain publishes, or undefined when it publishes none. */
export type AssetLinksResolver = (domain: string) => readonly AssetLinkStatement[] | undefined;

/** A resolver over a fixed table: `{ 'example.com': [...statements] }`. */
export function staticAssetLinks(table: Record<string, readonly AssetLinkStatement[]>): AssetLinksResolver {
  return (domain) => (Object.hasOwn(table, domain) ? table[domain] : undefined);
}

const normalize = (fp: string): string => fp.replace(/[^0-9a-f]/gi, '').toUpperCase();

/** The keytool-style SHA-256 fingerprint asset links list: uppercase hex pairs joined by colons. */
export function certificateFingerprint(signingCertificateSha256: Uint8Array): string {
  return Buffer.from(signingCertificateSha256).toString('hex').toUpperCase().match(/../g)!.join(':');
}

/** True when `domain` delegates `relation` to the calling app (package name and certificate both match). */
export function appIsLinked(
  statements: readonly AssetLinkStatement[] | undefined,
  caller: CallingAppInfo,
  relation: string,
): boolean {
  const fingerprint = normalize(certificateFingerprint(caller.signingCertificateSha256));
  return (statements ?? []).some(
    (s) =>
      Array.isArray(s.relation) &&
      s.relation.includes(relation) &&
      s.target?.namespace === 'android_app' &&
      s.target.package_name === caller.packageName &&
      (s.target.sha256_cert_fingerprints ?? []).some((f) => normalize(f) === fingerprint),
  );
}
