// The WebAuthn L3 JSON encodings of the two responses (§5.1.8 / §5.1.9 toJSON(): RegistrationResponseJSON,
// AuthenticationResponseJSON), as a platform authenticator on Android reports them.
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from './types.js';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** Transports a synced platform provider reports (usable here and, through hybrid, from another device). */
export const PROVIDER_TRANSPORTS = ['internal', 'hybrid'] as const;

/** The members both responses share: the credential's id twice, its type and a platform attachment. */
function platformCredential(credentialId: string) {
  return {
    id: credentialId,
    rawId: credentialId,
    type: 'public-key',
    authenticatorAttachment: 'platform',
  } as const;
}

export function registrationResponseJSON(parts: {
  credentialId: string;
  clientDataJSON: Uint8Array;
  attestationObject: Uint8Array;
  authenticatorData: Uint8Array;
  spki: Uint8Array;
  algorithm: number;
  clientExtensionResults: Record<string, unknown>;
}): RegistrationResponseJSON {
  return {
    ...platformCredential(parts.credentialId),
    response: {
      clientDataJSON: b64(parts.clientDataJSON),
      attestationObject: b64(parts.attestationObject),
      authenticatorData: b64(parts.authenticatorData),
      transports: [...PROVIDER_TRANSPORTS],
      publicKey: b64(parts.spki),
      publicKeyAlgorithm: parts.algorithm,
    },
    clientExtensionResults: parts.clientExtensionResults,
  };
}

export function authenticationResponseJSON(parts: {
  credentialId: string;
  clientDataJSON: Uint8Array;
  authenticatorData: Uint8Array;
  signature: Uint8Array;
  userHandle: string;
}): AuthenticationResponseJSON {
  return {
    ...platformCredential(parts.credentialId),
    response: {
      clientDataJSON: b64(parts.clientDataJSON),
      authenticatorData: b64(parts.authenticatorData),
      signature: b64(parts.signature),
      userHandle: parts.userHandle,
    },
    clientExtensionResults: {},
  };
}
