// The authenticator data part of `credkit inspect` (WebAuthn §6.1, §6.5.2): header decoded directly so it shows
// even when credkit's strict parser rejects the rest, which is then reported as a problem.
import { aaguidToString, parseAuthenticatorData } from '@credkit/webauthn';
import { decodeCbor } from '@credkit/webauthn';
import { coseKeyInfo, type CoseKeyInfo } from './cose-key-info.js';
import { describeError } from './errors.js';
import { hex, toJsonValue, type JsonValue } from './json-value.js';

export type FlagName = 'UP' | 'RFU1' | 'UV' | 'BE' | 'BS' | 'RFU2' | 'AT' | 'ED';

export interface AuthenticatorDataInfo {
  length: number;
  rpIdHash: string;
  /** The flags byte in hex and each bit by name. */
  flags: { value: string } & Record<FlagName, boolean>;
  signCount: number;
  attestedCredentialData?: {
    aaguid: string;
    providerName?: string;
    credentialId: string;
    credentialPublicKey: CoseKeyInfo;
  };
  extensions?: JsonValue;
}

/** Optional AAGUID → provider name lookup (the server's table, when present). */
export type ProviderNames = (aaguid: string) => string | undefined;

/** §6.1 flags, bit by bit (bits 1 and 5 are reserved). */
export const FLAGS: ReadonlyArray<[name: FlagName, bit: number, meaning: string]> = [
  ['UP', 0, 'user present'],
  ['RFU1', 1, 'reserved'],
  ['UV', 2, 'user verified'],
  ['BE', 3, 'backup eligible'],
  ['BS', 4, 'backed up'],
  ['RFU2', 5, 'reserved'],
  ['AT', 6, 'attested credential data included'],
  ['ED', 7, 'extension data included'],
];

function flagsInfo(value: number): AuthenticatorDataInfo['flags'] {
  const flags = { value: `0x${value.toString(16).padStart(2, '0')}` } as AuthenticatorDataInfo['flags'];
  for (const [name, bit] of FLAGS) flags[name] = (value & (1 << bit)) !== 0;
  return flags;
}

export function authenticatorDataInfo(
  bytes: Uint8Array,
  problems: string[],
  names?: ProviderNames,
): AuthenticatorDataInfo | undefined {
  if (bytes.length < 37) {
    problems.push(`malformed_input: authenticatorData is ${bytes.length} bytes, at least 37 needed`);
    return undefined;
  }
  const info: AuthenticatorDataInfo = {
    length: bytes.length,
    rpIdHash: hex(bytes.subarray(0, 32)),
    flags: flagsInfo(bytes[32]),
    signCount: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32BE(33),
  };
  try {
    const parsed = parseAuthenticatorData(bytes);
    const acd = parsed.attestedCredentialData;
    if (acd) {
      const aaguid = aaguidToString(acd.aaguid);
      const providerName = names?.(aaguid);
      const keyMap = decodeCbor(acd.credentialPublicKey, 'credentialPublicKey') as Map<unknown, unknown>;
      info.attestedCredentialData = {
        aaguid,
        ...(providerName ? { providerName } : {}),
        credentialId: Buffer.from(acd.credentialId).toString('base64url'),
        credentialPublicKey: coseKeyInfo(keyMap, acd.credentialPublicKey),
      };
      const problem = info.attestedCredentialData.credentialPublicKey.problem;
      if (problem) problems.push(`credentialPublicKey: ${problem}`);
    }
    if (parsed.extensions) info.extensions = toJsonValue(parsed.extensions);
  } catch (err) {
    problems.push(describeError(err));
  }
  return info;
}
