// May this caller use this RP ID? A native app only when the RP's Digital Asset Links delegate to it;
// a web origin (from a privileged browser) only for its own host or a registrable suffix of it (§5.1.3 step 7).
import { appIsLinked, RELATION_HANDLE_ALL_URLS, type AssetLinksResolver } from './asset-links.js';
import type { CallingAppInfo } from '@credkit/credential-manager';
import { webOriginHost } from './options-check.js';

export function callerMayUseRpId(
  rpId: string,
  caller: CallingAppInfo,
  assetLinks: AssetLinksResolver,
  relation = RELATION_HANDLE_ALL_URLS,
): boolean {
  if (caller.origin) {
    const host = webOriginHost(caller.origin);
    return host !== undefined && (host === rpId || (rpId.includes('.') && host.endsWith(`.${rpId}`)));
  }
  return appIsLinked(assetLinks(rpId), caller, relation);
}
