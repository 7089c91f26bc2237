// Authenticator data (WebAuthn §6.1) and attested credential data (§6.5.2), parsed strictly: at least 37 bytes,
// AT flag <=> attested credential data present, ED flag <=> extensions present, no leftover bytes, credential ID
// length within bounds (§5.1 / step "credentialIdLength <= 1023").
import { copyBytes } from './bytes.js';
import { CborReader, type CborMapEntries } from './cbor-reader.js';
import { WebAuthnError } from './errors.js';
import type { AuthenticatorFlags } from './types.js';

export interface AttestedCredentialData {
  /** 16 bytes. */
  aaguid: Uint8Array;
  credentialId: Uint8Array;
  /** The COSE_Key bytes exactly as they appear in authenticatorData. */
  credentialPublicKey: Uint8Array;
  /** The same COSE_Key's entries, read (strictly) while finding where it ends; saves decoding it a second time. */
  credentialPublicKeyMap: CborMapEntries;
}

export interface AuthenticatorData {
  rpIdHash: Uint8Array;
  flags: AuthenticatorFlags;
  signCount: number;
  attestedCredentialData?: AttestedCredentialData;
  /** Decoded extension outputs map (CBOR), when ED is set. */
  extensions?: Map<unknown, unknown>;
}

export const MAX_CREDENTIAL_ID_LENGTH = 1023;

function malformed(message: string): never {
  throw new WebAuthnError('malformed_input', `authenticatorData: ${message}`);
}

/** Decodes the flags byte (§6.1 "flags"). */
export function parseFlags(value: number): AuthenticatorFlags {
  return {
    up: (value & 0x01) !== 0,
    uv: (value & 0x04) !== 0,
    be: (value & 0x08) !== 0,
    bs: (value & 0x10) !== 0,
    at: (value & 0x40) !== 0,
    ed: (value & 0x80) !== 0,
    value,
  };
}

/** Where attested credential data's fixed-size parts lie in authenticatorData (§6.5.2, after the 37-byte header). */
export const AAGUID_OFFSET = 37;
export const CREDENTIAL_ID_OFFSET = 55;

/** credentialIdLength: the 2 big-endian bytes just before the credential ID (§6.5.2). */
const credentialIdLength = (bytes: Uint8Array): number =>
  (bytes[CREDENTIAL_ID_OFFSET - 2] << 8) | bytes[CREDENTIAL_ID_OFFSET - 1];

/**
 * authenticatorData read strictly, its variable-length parts located by offset: what parseAuthenticatorData and the
 * registration ceremony both start from. The ceremony reads the bytes in place and makes no view it does not need.
 */
export interface AuthenticatorDataLayout {
  flags: AuthenticatorFlags;
  signCount: number;
  /** With attested credential data (AT): where the credential ID ends and the COSE_Key starts. */
  credentialIdEnd?: number;
  /** With attested credential data: where the COSE_Key ends. */
  credentialPublicKeyEnd?: number;
  /** With attested credential data: the COSE_Key's entries, read (strictly) while finding where it ends. */
  credentialPublicKeyMap?: CborMapEntries;
  /** Decoded extension outputs map (CBOR), when ED is set. */
  extensions?: Map<unknown, unknown>;
}

export function readAuthenticatorData(bytes: Uint8Array): AuthenticatorDataLayout {
  if (bytes.length < 37) malformed(`${bytes.length} bytes, at least 37 needed`);
  const flags = parseFlags(bytes[32]);
  const signCount = ((bytes[33] << 24) >>> 0) + (bytes[34] << 16) + (bytes[35] << 8) + bytes[36];
  // every member in the literal (absent ones undefined): one object, no property store grown member by member
  const layout: AuthenticatorDataLayout = {
    flags,
    signCount,
    credentialIdEnd: undefined,
    credentialPublicKeyEnd: undefined,
    credentialPublicKeyMap: undefined,
    extensions: undefined,
  };
  if (bytes.length === 37) {
    if (flags.at) malformed('AT flag set without attested credential data');
    if (flags.ed) malformed('ED flag set without extensions');
    return layout;
  }
  let pos = 37;
  if (flags.at) {
    if (bytes.length < CREDENTIAL_ID_OFFSET) malformed('attested credential data is truncated');
    const idLength = credentialIdLength(bytes);
    if (idLength === 0 || idLength > MAX_CREDENTIAL_ID_LENGTH)
      malformed(`credentialIdLength ${idLength} is out of range`);
    const keyStart = CREDENTIAL_ID_OFFSET + idLength;
    if (bytes.length < keyStart + 1) malformed('credential ID runs past the data');
    const reader = CborReader.at(bytes, keyStart, 'credentialPublicKey');
    const coseKey = reader.mapEntries();
    if (!coseKey) malformed('credentialPublicKey is not a CBOR map');
    layout.credentialIdEnd = keyStart;
    layout.credentialPublicKeyEnd = pos = reader.offset;
    layout.credentialPublicKeyMap = coseKey;
  }
  if (flags.ed) {
    if (pos === bytes.length) malformed('ED flag set without extensions');
    const reader = CborReader.at(bytes, pos, 'extensions');
    const extensions = reader.item();
    if (!(extensions instanceof Map)) malformed('extensions are not a CBOR map');
    layout.extensions = extensions;
    pos = reader.offset;
  }
  const leftover = bytes.length - pos;
  if (leftover !== 0) malformed(`${leftover} leftover bytes${flags.ed ? '' : ' (ED flag not set)'}`);
  return layout;
}

/** authenticatorData parsed strictly (§6.1), its parts as views of `bytes`. */
export function parseAuthenticatorData(bytes: Uint8Array): AuthenticatorData {
  const layout = readAuthenticatorData(bytes);
  const result: AuthenticatorData = {
    rpIdHash: bytes.subarray(0, 32),
    flags: layout.flags,
    signCount: layout.signCount,
  };
  const keyStart = layout.credentialIdEnd;
  if (keyStart !== undefined) {
    result.attestedCredentialData = {
      aaguid: bytes.subarray(AAGUID_OFFSET, AAGUID_OFFSET + 16),
      credentialId: bytes.subarray(CREDENTIAL_ID_OFFSET, keyStart),
      credentialPublicKey: bytes.subarray(keyStart, layout.credentialPublicKeyEnd),
      credentialPublicKeyMap: layout.credentialPublicKeyMap!,
    };
  }
  if (layout.extensions) result.extensions = layout.extensions;
  return result;
}

/**
 * The parts of attested credential data (§6.5.2) that attestation statement formats sign over, as views of an
 * authenticatorData that has them (AT set): the AAGUID and the credential ID.
 */
export function attestedParts(authData: Uint8Array): { aaguid: Uint8Array; credentialId: Uint8Array } {
  if (authData.length < CREDENTIAL_ID_OFFSET || (authData[32] & 0x40) === 0)
    malformed('no attested credential data');
  const idEnd = CREDENTIAL_ID_OFFSET + credentialIdLength(authData);
  if (idEnd > authData.length) malformed('credential ID runs past the data');
  return {
    aaguid: authData.subarray(AAGUID_OFFSET, AAGUID_OFFSET + 16),
    credentialId: authData.subarray(CREDENTIAL_ID_OFFSET, idEnd),
  };
}

/**
 * The common 37-byte authenticatorData of an assertion (no attested credential data, no extensions): flags and
 * signCount only, without building views. The rpIdHash is bytes 0-31 of `bytes` (see rp-id.ts matchRpId).
 */
export function parseShortAuthenticatorData(
  bytes: Uint8Array,
  length = bytes.length,
): Pick<AuthenticatorData, 'flags' | 'signCount'> {
  // `length`: the authenticatorData occupies bytes[0, length) of a larger buffer (authData || hash)
  if (length !== 37 || bytes.length < 37) malformed(`${length} bytes where exactly 37 were expected`);
  const flags = parseFlags(bytes[32]);
  if (flags.at) malformed('AT flag set without attested credential data');
  if (flags.ed) malformed('ED flag set without extensions');
  return { flags, signCount: ((bytes[33] << 24) >>> 0) + (bytes[34] << 16) + (bytes[35] << 8) + bytes[36] };
}

const recentAaguids: { bytes: Uint8Array; text: string }[] = [];

/** Whether the 16 bytes at `offset` of `b` are `a` (a 16-byte AAGUID). */
function sameAaguid(a: Uint8Array, b: Uint8Array, offset: number): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[offset + i]) return false;
  return true;
}

/**
 * Formats a 16-byte AAGUID (at `offset` of `bytes`: authenticatorData is read in place) as a lower-case UUID string.
 * A server meets few distinct AAGUIDs, so the last few strings are remembered (compared byte for byte) rather than
 * formatted again on every registration.
 */
export function aaguidToString(bytes: Uint8Array, offset = 0): string {
  const end = offset === 0 ? bytes.length : offset + 16;
  const cacheable = end - offset === 16 && end <= bytes.length;
  if (cacheable)
    for (const seen of recentAaguids) if (sameAaguid(seen.bytes, bytes, offset)) return seen.text;
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset + offset, end - offset).toString('hex');
  const text = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  if (cacheable) {
    if (recentAaguids.length >= 16) recentAaguids.pop();
    recentAaguids.unshift({ bytes: copyBytes(bytes, offset, end), text });
  }
  return text;
}
