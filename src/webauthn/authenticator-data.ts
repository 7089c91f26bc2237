// Authenticator data (WebAuthn §6.1) and attested credential data (§6.5.2), parsed strictly: at least 37 bytes,
// AT flag <=> attested credential data present, ED flag <=> extensions present, no leftover bytes, credential ID
// length within bounds (§5.1 / step "credentialIdLength <= 1023").
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

export function parseAuthenticatorData(bytes: Uint8Array): AuthenticatorData {
  if (bytes.length < 37) malformed(`${bytes.length} bytes, at least 37 needed`);
  const flags = parseFlags(bytes[32]);
  const signCount = ((bytes[33] << 24) >>> 0) + (bytes[34] << 16) + (bytes[35] << 8) + bytes[36];
  const result: AuthenticatorData = { rpIdHash: bytes.subarray(0, 32), flags, signCount };
  if (bytes.length === 37) {
    if (flags.at) malformed('AT flag set without attested credential data');
    if (flags.ed) malformed('ED flag set without extensions');
    return result;
  }
  // offsets into `bytes` rather than a view per step: only the members the result holds are views
  let pos = 37;
  if (flags.at) {
    if (bytes.length - pos < 18) malformed('attested credential data is truncated');
    const idLength = (bytes[pos + 16] << 8) | bytes[pos + 17];
    if (idLength === 0 || idLength > MAX_CREDENTIAL_ID_LENGTH)
      malformed(`credentialIdLength ${idLength} is out of range`);
    if (bytes.length - pos < 18 + idLength + 1) malformed('credential ID runs past the data');
    const keyStart = pos + 18 + idLength;
    const reader = new CborReader(bytes, 'credentialPublicKey');
    reader.offset = keyStart;
    const coseKey = reader.mapEntries();
    if (!coseKey) malformed('credentialPublicKey is not a CBOR map');
    const keyEnd = reader.offset;
    result.attestedCredentialData = {
      aaguid: bytes.subarray(pos, pos + 16),
      credentialId: bytes.subarray(pos + 18, keyStart),
      credentialPublicKey: bytes.subarray(keyStart, keyEnd),
      credentialPublicKeyMap: coseKey,
    };
    pos = keyEnd;
  }
  if (flags.ed) {
    if (pos === bytes.length) malformed('ED flag set without extensions');
    const reader = new CborReader(bytes, 'extensions');
    reader.offset = pos;
    const extensions = reader.item();
    if (!(extensions instanceof Map)) malformed('extensions are not a CBOR map');
    result.extensions = extensions;
    pos = reader.offset;
  }
  const leftover = bytes.length - pos;
  if (leftover !== 0) malformed(`${leftover} leftover bytes${flags.ed ? '' : ' (ED flag not set)'}`);
  return result;
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

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Formats a 16-byte AAGUID as a lower-case UUID string. A server meets few distinct AAGUIDs, so the last few
 * strings are remembered (compared byte for byte) rather than formatted again on every registration.
 */
export function aaguidToString(aaguid: Uint8Array): string {
  for (const seen of recentAaguids) if (sameBytes(seen.bytes, aaguid)) return seen.text;
  const hex = Buffer.from(aaguid.buffer, aaguid.byteOffset, aaguid.byteLength).toString('hex');
  const text = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  if (aaguid.length === 16) {
    if (recentAaguids.length >= 16) recentAaguids.pop();
    recentAaguids.unshift({ bytes: Uint8Array.from(aaguid), text });
  }
  return text;
}
