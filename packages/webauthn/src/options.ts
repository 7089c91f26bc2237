// Options builders (WebAuthn L3 §5.4 / §5.5 and their JSON forms §5.1.9 PublicKeyCredentialCreationOptionsJSON,
// PublicKeyCredentialRequestOptionsJSON): what a browser's PublicKeyCredential.parse*OptionsFromJSON and
// Credential Manager's CreatePublicKeyCredentialRequest / GetPublicKeyCredentialOption `requestJson` accept.
// Pure: randomness is injectable (default node:crypto randomBytes).
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { DEFAULT_ALGORITHMS } from './algorithms.js';
import { fromBase64url, toBase64url } from './base64url.js';
import { WebAuthnError } from './errors.js';
import type {
  AttestationConveyancePreference,
  AttestationFormat,
  AuthenticatorTransport,
  Base64URLString,
  UserVerificationRequirement,
} from './types.js';

export type PublicKeyCredentialHint = 'security-key' | 'client-device' | 'hybrid';
export type ResidentKeyRequirement = 'required' | 'preferred' | 'discouraged';

export interface PublicKeyCredentialDescriptorJSON {
  type: 'public-key';
  id: Base64URLString;
  transports?: (AuthenticatorTransport | string)[];
}

export interface AuthenticatorSelectionCriteria {
  authenticatorAttachment?: 'platform' | 'cross-platform';
  residentKey?: ResidentKeyRequirement;
  requireResidentKey?: boolean;
  userVerification?: UserVerificationRequirement;
}

export interface PublicKeyCredentialCreationOptionsJSON {
  rp: { name: string; id: string };
  user: { id: Base64URLString; name: string; displayName: string };
  challenge: Base64URLString;
  pubKeyCredParams: { type: 'public-key'; alg: number }[];
  timeout?: number;
  excludeCredentials: PublicKeyCredentialDescriptorJSON[];
  authenticatorSelection: AuthenticatorSelectionCriteria;
  hints?: PublicKeyCredentialHint[];
  attestation: AttestationConveyancePreference;
  attestationFormats?: AttestationFormat[];
  extensions?: Record<string, unknown>;
}

export interface PublicKeyCredentialRequestOptionsJSON {
  challenge: Base64URLString;
  timeout?: number;
  rpId: string;
  allowCredentials: PublicKeyCredentialDescriptorJSON[];
  userVerification: UserVerificationRequirement;
  hints?: PublicKeyCredentialHint[];
  extensions?: Record<string, unknown>;
}

/** A credential to exclude or allow: its ID (base64url or bytes) and the transports recorded at registration. */
export interface CredentialDescriptorInput {
  id: Base64URLString | Uint8Array;
  transports?: readonly string[];
}

export type RandomBytes = (size: number) => Uint8Array;

export interface RegistrationOptionsInput {
  rpName: string;
  rpId: string;
  userName: string;
  userDisplayName?: string;
  /** Opaque user handle, 1-64 bytes (default: 32 random bytes). Never an e-mail address or user name. */
  userId?: Base64URLString | Uint8Array;
  /** At least 16 bytes (default: 32 random bytes). */
  challenge?: Base64URLString | Uint8Array;
  excludeCredentials?: readonly CredentialDescriptorInput[];
  authenticatorSelection?: AuthenticatorSelectionCriteria;
  /** Default 'required' (passkeys are discoverable). */
  residentKey?: ResidentKeyRequirement;
  /** Default 'required', matching verifyRegistration's default requireUserVerification. */
  userVerification?: UserVerificationRequirement;
  /** Default 'none'. */
  attestation?: AttestationConveyancePreference;
  attestationFormats?: AttestationFormat[];
  /** COSE algorithms in preference order (default: ES256, EdDSA, ES384, ES512, PS256, RS256, ... without ML-DSA). */
  algorithms?: readonly number[];
  hints?: PublicKeyCredentialHint[];
  /** Default { credProps: true }. */
  extensions?: Record<string, unknown>;
  /** Milliseconds (default 300000). */
  timeout?: number;
  randomBytes?: RandomBytes;
}

export interface AuthenticationOptionsInput {
  rpId: string;
  allowCredentials?: readonly CredentialDescriptorInput[];
  /** Default 'required'. */
  userVerification?: UserVerificationRequirement;
  challenge?: Base64URLString | Uint8Array;
  timeout?: number;
  hints?: PublicKeyCredentialHint[];
  extensions?: Record<string, unknown>;
  randomBytes?: RandomBytes;
}

const ML_DSA = new Set([-48, -49, -50]);
/** Advertised by default: every default algorithm except ML-DSA, which callers opt into. */
export const DEFAULT_OPTION_ALGORITHMS: readonly number[] = DEFAULT_ALGORITHMS.filter((a) => !ML_DSA.has(a));

function bytesOf(value: Base64URLString | Uint8Array, what: string): Uint8Array {
  return typeof value === 'string' ? fromBase64url(value, what) : value;
}

function sized(value: Uint8Array, min: number, max: number, what: string): Base64URLString {
  if (value.length < min || value.length > max) {
    throw new WebAuthnError('malformed_input', `${what} must be ${min}-${max} bytes`);
  }
  return toBase64url(value);
}

function descriptors(
  list: readonly CredentialDescriptorInput[] | undefined,
): PublicKeyCredentialDescriptorJSON[] {
  return (list ?? []).map((c) => ({
    type: 'public-key' as const,
    id: sized(bytesOf(c.id, 'credential id'), 1, 1023, 'credential id'),
    ...(c.transports && c.transports.length > 0 ? { transports: [...c.transports] } : {}),
  }));
}

const HINTS: readonly string[] = ['security-key', 'client-device', 'hybrid'];

/**
 * §5.8.7 hints (PublicKeyCredentialHint, WebAuthn L3): in decreasing order of preference, each once; a value
 * this builder does not know is malformed_input (clients ignore unknown hints, so a typo would pass silently).
 */
function hintsOf(hints: readonly PublicKeyCredentialHint[] | undefined): {
  hints?: PublicKeyCredentialHint[];
} {
  if (!hints || hints.length === 0) return {};
  for (const [i, hint] of hints.entries()) {
    if (!HINTS.includes(hint))
      throw new WebAuthnError('malformed_input', `hint ${JSON.stringify(hint)} is unknown`);
    if (hints.indexOf(hint) !== i) throw new WebAuthnError('malformed_input', `hint ${hint} is repeated`);
  }
  return { hints: [...hints] };
}

function challengeOf(input: {
  challenge?: Base64URLString | Uint8Array;
  randomBytes?: RandomBytes;
}): Base64URLString {
  const bytes =
    input.challenge !== undefined
      ? bytesOf(input.challenge, 'challenge')
      : (input.randomBytes ?? nodeRandomBytes)(32);
  return sized(bytes, 16, 1024, 'challenge');
}

export function generateRegistrationOptions(
  input: RegistrationOptionsInput,
): PublicKeyCredentialCreationOptionsJSON {
  const random = input.randomBytes ?? nodeRandomBytes;
  const userId = input.userId !== undefined ? bytesOf(input.userId, 'userId') : random(32);
  const residentKey = input.authenticatorSelection?.residentKey ?? input.residentKey ?? 'required';
  const selection: AuthenticatorSelectionCriteria = {
    ...input.authenticatorSelection,
    residentKey,
    requireResidentKey: residentKey === 'required',
    userVerification: input.authenticatorSelection?.userVerification ?? input.userVerification ?? 'required',
  };
  return {
    rp: { name: input.rpName, id: input.rpId },
    user: {
      id: sized(userId, 1, 64, 'user.id'),
      name: input.userName,
      displayName: input.userDisplayName ?? input.userName,
    },
    challenge: challengeOf({ challenge: input.challenge, randomBytes: random }),
    pubKeyCredParams: (input.algorithms ?? DEFAULT_OPTION_ALGORITHMS).map((alg) => ({
      type: 'public-key' as const,
      alg,
    })),
    timeout: input.timeout ?? 300_000,
    excludeCredentials: descriptors(input.excludeCredentials),
    authenticatorSelection: selection,
    ...hintsOf(input.hints),
    attestation: input.attestation ?? 'none',
    ...(input.attestationFormats ? { attestationFormats: [...input.attestationFormats] } : {}),
    extensions: input.extensions ?? { credProps: true },
  };
}

export function generateAuthenticationOptions(
  input: AuthenticationOptionsInput,
): PublicKeyCredentialRequestOptionsJSON {
  return {
    challenge: challengeOf(input),
    timeout: input.timeout ?? 300_000,
    rpId: input.rpId,
    allowCredentials: descriptors(input.allowCredentials),
    userVerification: input.userVerification ?? 'required',
    ...hintsOf(input.hints),
    ...(input.extensions ? { extensions: input.extensions } : {}),
  };
}
