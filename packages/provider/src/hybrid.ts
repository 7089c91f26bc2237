// Hybrid (cross-device) sign-in: the selector's "use a passkey from another device" entry. The other phone
// signs for the calling app with one of its own passkeys; its user picks among them on that phone.
import type { CallingAppInfo } from '@credkit/credential-manager';
import type { GetPublicKeyCredentialOption } from '@credkit/credential-manager';
import type { CredentialData } from '@credkit/credential-manager';

/** A phone within reach of this one (the QR code scanned, the Bluetooth proximity check passed). */
export interface HybridPeer {
  /** The peer's display name, e.g. "Pixel 9". */
  readonly name: string;
  /** Whether the peer has a passkey that can answer the option for this caller. */
  canAnswer(option: GetPublicKeyCredentialOption, caller: CallingAppInfo): boolean;
  /** Signs on the peer; null when it has no matching passkey. */
  assertForHybrid(
    option: GetPublicKeyCredentialOption,
    caller: CallingAppInfo,
  ): Promise<CredentialData | null>;
}

/** The remote entry's id. */
export const HYBRID_ENTRY_ID = 'hybrid';
