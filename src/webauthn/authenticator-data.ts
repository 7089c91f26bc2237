// Authenticator data (WebAuthn §6.1) and attested credential data (§6.5.2).
// CONTRACT (implementation pending): parseAuthenticatorData(bytes) -> AuthenticatorData, strict:
// at least 37 bytes, AT flag <=> attested credential data present, ED flag <=> extensions present,
// no leftover bytes, credential ID length within bounds.
import type { AuthenticatorFlags } from './types.js';

export interface AttestedCredentialData {
  /** 16 bytes. */
  aaguid: Uint8Array;
  credentialId: Uint8Array;
  /** The COSE_Key bytes exactly as they appear in authenticatorData. */
  credentialPublicKey: Uint8Array;
}

export interface AuthenticatorData {
  rpIdHash: Uint8Array;
  flags: AuthenticatorFlags;
  signCount: number;
  attestedCredentialData?: AttestedCredentialData;
  /** Decoded extension outputs map (CBOR), when ED is set. */
  extensions?: Map<unknown, unknown>;
}
