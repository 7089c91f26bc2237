// What the provider needs to know about the device it runs on. The Device implements this; tests may pass
// their own.
import type { AssetLinksResolver } from './asset-links.js';
import type { HybridPeer } from './hybrid.js';

export interface ProviderEnvironment {
  assetLinks: AssetLinksResolver;
  /** Screen lock set (the provider's user verification). */
  hasScreenLock(): boolean;
  /** End-to-end-encrypted backup possible: screen lock + backup switch on + a provider account. */
  isE2eeAvailable(): boolean;
  /** Whether the app reports a signed-in user (restore keys are only for signed-in apps). */
  isAppSignedIn(packageName: string): boolean;
  now(): number;
  /** A phone within reach for hybrid sign-in (the selector's remote entry); absent or null: none. */
  hybridPeer?(): HybridPeer | null;
}
