// Provider names for AAGUIDs, used as the default name of a new credential: the one list credkit keeps
// (src/webauthn/metadata/aaguids.json, the community AAGUID list), with an MDS BLOB's statement names first
// when the caller has one loaded.
import { authenticatorDisplay } from '@credkit/webauthn';
import type { MetadataBlob } from '@credkit/webauthn';

/** The provider's name for an AAGUID (lower-case, dashed), or undefined when unknown or all zero. */
export function providerName(aaguid: string, metadata?: MetadataBlob): string | undefined {
  return authenticatorDisplay(aaguid, metadata)?.name;
}
