// Authenticator names and icons for account pages: the FIDO MDS BLOB's statement when one is loaded (the
// authoritative description), else credkit's copy of the community AAGUID list (aaguids.json, refreshed by
// scripts/refresh-aaguids.mjs; names of passkey providers and security keys, with light and dark icons where
// the list has them). For display only: trust comes from verifyAttestationMetadata, never from a name.
import list from './aaguids.json' with { type: 'json' };
import type { MetadataBlob } from './types.js';

export interface AuthenticatorDisplay {
  name: string;
  /** A data: URL for light backgrounds. */
  iconLight?: string;
  /** A data: URL for dark backgrounds. */
  iconDark?: string;
  /** Where the name comes from: the MDS BLOB's statement, or the community list. */
  source: 'mds' | 'community';
}

interface ListEntry {
  name: string;
  icon_light?: string;
  icon_dark?: string;
}

const COMMUNITY: Readonly<Record<string, ListEntry | undefined>> = list;
const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000';

/** The community list's entry for an AAGUID (any case, hyphenated); undefined when unknown or all zero. */
export function communityAuthenticator(aaguid: string): AuthenticatorDisplay | undefined {
  const key = aaguid.toLowerCase();
  const entry = key === ZERO_AAGUID ? undefined : COMMUNITY[key];
  if (!entry || !Object.hasOwn(COMMUNITY, key)) return undefined;
  const display: AuthenticatorDisplay = { name: entry.name, source: 'community' };
  if (entry.icon_light) display.iconLight = entry.icon_light;
  if (entry.icon_dark) display.iconDark = entry.icon_dark;
  return display;
}

/** How many AAGUIDs the community list names. */
export const COMMUNITY_AAGUID_COUNT = Object.keys(COMMUNITY).length;

/**
 * The name (and icons) to show for an authenticator: the metadata statement's description and icon from the
 * BLOB when it has an entry for the AAGUID, else the community list's; undefined when neither knows it.
 */
export function authenticatorDisplay(
  aaguid: string,
  metadata?: MetadataBlob,
): AuthenticatorDisplay | undefined {
  const key = aaguid.toLowerCase();
  const statement = key === ZERO_AAGUID ? undefined : metadata?.byAaguid.get(key)?.metadataStatement;
  const community = communityAuthenticator(key);
  if (!statement) return community;
  const display: AuthenticatorDisplay = { name: statement.description, source: 'mds' };
  // the statement has one icon (MDS3: a PNG data URL); the community list's light/dark pair is preferred
  const iconLight = community?.iconLight ?? statement.icon;
  const iconDark = community?.iconDark ?? statement.icon;
  if (iconLight) display.iconLight = iconLight;
  if (iconDark) display.iconDark = iconDark;
  return display;
}
