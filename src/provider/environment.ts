// What the provider needs to know about the device it runs on. The Device implements this; tests may pass
// their own.
import type { AssetLinksResolver } from './asset-links.js';

export interface ProviderEnvironment {
  assetLinks: AssetLinksResolver;
  /** Screen lock set (the provider's user verification). */
  hasScreenLock(): boolean;
  /** End-to-end-encrypted backup possible: screen lock + backup switch on + a provider account. */
  isE2eeAvailable(): boolean;
  /** Whether the app reports a signed-in user (restore keys are only for signed-in apps). */
  isAppSignedIn(packageName: string): boolean;
  now(): number;
}
