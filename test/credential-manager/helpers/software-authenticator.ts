// A minimal genuine ES256 authenticator for the Credential Manager tests: real keys, real authenticator data,
// "none" attestation, real signatures, made with the provider's building blocks (credkit/provider's
// SoftwareAuthenticator is the full one; this keeps the routing tests free of its provider model).
import { randomBytes, type KeyObject } from 'node:crypto';
import { buildAttestationObject } from '../../../packages/provider/src/attestation.js';
import { buildAuthenticatorData, sha256 } from '../../../packages/provider/src/authenticator-data.js';
import { buildClientDataJSON } from '../../../packages/provider/src/client-data.js';
import {
  coseEncodePublicKey,
  generateCredentialKeyPair,
  signWithCredentialKey,
  spkiOf,
} from '../../../packages/provider/src/keys.js';
import {
  authenticationResponseJSON,
  registrationResponseJSON,
} from '../../../packages/provider/src/response-json.js';

export interface StoredKey {
  readonly credentialId: Buffer;
  readonly rpId: string;
  readonly userId: string;
  userName: string;
  readonly privateKey: KeyObject;
  readonly publicKeySpki: Uint8Array;
  readonly cosePublicKey: Uint8Array;
  counter: number;
}

const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');

export function newKey(rpId: string, userId: string, userName: string): StoredKey {
  const { privateKey, publicKey } = generateCredentialKeyPair(-7);
  return {
    credentialId: randomBytes(16),
    rpId,
    userId,
    userName,
    privateKey,
    publicKeySpki: spkiOf(privateKey),
    cosePublicKey: coseEncodePublicKey(-7, publicKey),
    counter: 0,
  };
}

function authData(key: StoredKey, uv: boolean, attested: boolean): Uint8Array {
  return buildAuthenticatorData({
    rpId: key.rpId,
    userPresent: true,
    userVerified: uv,
    backupEligible: false,
    backedUp: false,
    signCount: key.counter,
    attestedCredential: attested
      ? { aaguid: new Uint8Array(16), credentialId: key.credentialId, cosePublicKey: key.cosePublicKey }
      : undefined,
  });
}

/** RegistrationResponseJSON for a new key. */
export function registrationJson(
  key: StoredKey,
  challenge: string,
  origin: string,
  packageName: string,
): string {
  const clientDataJSON = buildClientDataJSON('webauthn.create', challenge, {
    origin,
    androidPackageName: packageName,
  });
  const authenticatorData = authData(key, true, true);
  const attestationObject = buildAttestationObject(
    'none',
    authenticatorData,
    sha256(clientDataJSON),
    -7,
    key.privateKey,
  );
  return JSON.stringify(
    registrationResponseJSON({
      credentialId: b64u(key.credentialId),
      clientDataJSON,
      attestationObject,
      authenticatorData,
      spki: key.publicKeySpki,
      algorithm: -7,
      clientExtensionResults: {},
    }),
  );
}

/** AuthenticationResponseJSON signed by `key`. */
export function assertionJson(
  key: StoredKey,
  challenge: string,
  origin: string,
  packageName: string,
  uv: boolean,
): string {
  key.counter += 1;
  const clientDataJSON = buildClientDataJSON('webauthn.get', challenge, {
    origin,
    androidPackageName: packageName,
  });
  const authenticatorData = authData(key, uv, false);
  const signedData = Buffer.concat([authenticatorData, sha256(clientDataJSON)]);
  return JSON.stringify(
    authenticationResponseJSON({
      credentialId: b64u(key.credentialId),
      clientDataJSON,
      authenticatorData,
      signature: signWithCredentialKey(-7, key.privateKey, signedData),
      userHandle: key.userId,
    }),
  );
}
