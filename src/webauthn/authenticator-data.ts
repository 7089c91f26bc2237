// Authenticator data (WebAuthn §6.1) and attested credential data (§6.5.2), parsed strictly: at least 37 bytes,
// AT flag <=> attested credential data present, ED flag <=> extensions present, no leftover bytes, credential ID
// length within bounds (§5.1 / step "credentialIdLength <= 1023").
import { decodeCborFirst } from './cbor.js';
import { WebAuthnError } from './errors.js';
import type { AuthenticatorFlags } from './types.js';

export interface AttestedCredentialData {
  /** 16 bytes. */
  aaguid: Uint8Array;
  credentialId: Uint8Array;
  /** The COSE_Key bytes exactly as they appear in authenticatorData. */
  credentialPublicKey: Uint8Array;
  /** The same COSE_Key decoded (strictly) while finding where it ends; saves decoding it a second time. */
  credentialPublicKeyMap: Map<unknown, unknown>;
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
  let rest = bytes.subarray(37);
  if (flags.at) {
    if (rest.length < 18) malformed('attested credential data is truncated');
    const idLength = (rest[16] << 8) | rest[17];
    if (idLength === 0 || idLength > MAX_CREDENTIAL_ID_LENGTH)
      malformed(`credentialIdLength ${idLength} is out of range`);
    if (rest.length < 18 + idLength + 1) malformed('credential ID runs past the data');
    const afterId = rest.subarray(18 + idLength);
    const [coseKey, afterKey] = decodeCborFirst(afterId, 'credentialPublicKey');
    if (!(coseKey instanceof Map)) malformed('credentialPublicKey is not a CBOR map');
    result.attestedCredentialData = {
      aaguid: rest.subarray(0, 16),
      credentialId: rest.subarray(18, 18 + idLength),
      credentialPublicKey: afterId.subarray(0, afterId.length - afterKey.length),
      credentialPublicKeyMap: coseKey,
    };
    rest = afterKey;
  }
  if (flags.ed) {
    if (rest.length === 0) malformed('ED flag set without extensions');
    const [extensions, after] = decodeCborFirst(rest, 'extensions');
    if (!(extensions instanceof Map)) malformed('extensions are not a CBOR map');
    result.extensions = extensions;
    rest = after;
  }
  if (rest.length !== 0) malformed(`${rest.length} leftover bytes${flags.ed ? '' : ' (ED flag not set)'}`);
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

/** Formats a 16-byte AAGUID as a lower-case UUID string. */
export function aaguidToString(aaguid: Uint8Array): string {
  const hex = Buffer.from(aaguid.buffer, aaguid.byteOffset, aaguid.byteLength).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
