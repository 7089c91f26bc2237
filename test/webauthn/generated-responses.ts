// Genuine responses for the property-based and differential tests, made by the software authenticator
// (src/provider, real node:crypto keys), and re-signing helpers so a test can change signed bytes and still
// present a valid signature (to reach the checks behind the signature).
import { createHash, type KeyObject } from 'node:crypto';
import { SoftwareAuthenticator } from '../../packages/provider/src/authenticator.js';
import {
  importPrivateKey,
  signWithCredentialKey,
  type SupportedAlgorithm,
} from '../../packages/provider/src/keys.js';
import type {
  AuthenticationResponseJSON,
  RegistrationResponseJSON,
} from '../../packages/webauthn/src/types.js';

export const RP_ID = 'prop.example';
export const ORIGIN = 'https://prop.example';
export const CHALLENGE = Buffer.alloc(32, 0x5a).toString('base64url');
export const USER_ID = Buffer.alloc(16, 0x11).toString('base64url');

export interface GeneratedCredential {
  alg: SupportedAlgorithm;
  attestation: 'none' | 'packed';
  registration: RegistrationResponseJSON;
  authentication: AuthenticationResponseJSON;
  credentialId: string;
  /** COSE_Key bytes as stored at registration. */
  publicKey: Uint8Array;
  privateKey: KeyObject;
  /** Signs `authenticatorData || SHA-256(clientDataJSON)` with the credential's private key. */
  sign: (authenticatorData: Uint8Array, clientDataJSON: Uint8Array) => Uint8Array;
}

export function generateCredential(
  alg: SupportedAlgorithm,
  attestation: 'none' | 'packed' = 'none',
): GeneratedCredential {
  const authenticator = new SoftwareAuthenticator({ attestation, backupEligible: true, backedUp: true });
  const { response: registration, credentialId } = authenticator.createCredential(
    {
      rp: { id: RP_ID, name: 'prop' },
      user: { id: USER_ID, name: 'prop', displayName: 'Prop' },
      challenge: CHALLENGE,
      pubKeyCredParams: [{ type: 'public-key', alg }],
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      attestation: attestation === 'none' ? 'none' : 'direct',
    },
    { origin: ORIGIN },
  );
  const authentication = authenticator.getAssertion(
    {
      challenge: CHALLENGE,
      rpId: RP_ID,
      allowCredentials: [{ type: 'public-key', id: credentialId }],
      userVerification: 'required',
    },
    { origin: ORIGIN },
  );
  const stored = authenticator.credentials({ rpId: RP_ID }).find((c) => c.id === credentialId)!;
  const privateKey = importPrivateKey(stored.privateKey);
  return {
    alg,
    attestation,
    registration,
    authentication,
    credentialId,
    publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64url')),
    privateKey,
    sign: (authenticatorData, clientDataJSON) =>
      signWithCredentialKey(
        alg,
        privateKey,
        Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]),
      ),
  };
}

export const b64u = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
export const fromB64u = (text: string): Buffer => Buffer.from(text, 'base64url');

/** The assertion with new authenticatorData and/or clientDataJSON, validly re-signed. */
export function resignedAssertion(
  c: GeneratedCredential,
  change: { authenticatorData?: Uint8Array; clientDataJSON?: Uint8Array },
): AuthenticationResponseJSON {
  const r = structuredClone(c.authentication);
  const authenticatorData = change.authenticatorData ?? fromB64u(r.response.authenticatorData);
  const clientDataJSON = change.clientDataJSON ?? fromB64u(r.response.clientDataJSON);
  r.response.authenticatorData = b64u(authenticatorData);
  r.response.clientDataJSON = b64u(clientDataJSON);
  r.response.signature = b64u(c.sign(authenticatorData, clientDataJSON));
  return r;
}
