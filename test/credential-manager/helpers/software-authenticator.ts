// A minimal genuine ES256 authenticator for the Credential Manager tests: real keys, real authenticator data,
// "none" attestation, real signatures. (credkit/provider is the full one; this exists so the routing tests
// need no other area.)
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { encode } from 'cborg';

export interface StoredKey {
  readonly credentialId: Buffer;
  readonly rpId: string;
  readonly userId: string;
  userName: string;
  readonly privateKey: KeyObject;
  readonly publicKeySpki: Buffer;
  readonly cosePublicKey: Uint8Array;
  counter: number;
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();
const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export function newKey(rpId: string, userId: string, userName: string): StoredKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const cose = encode(
    new Map<number, unknown>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]),
  );
  return {
    credentialId: randomBytes(16),
    rpId,
    userId,
    userName,
    privateKey,
    publicKeySpki: publicKey.export({ format: 'der', type: 'spki' }),
    cosePublicKey: cose,
    counter: 0,
  };
}

function clientData(type: string, challenge: string, origin: string, packageName: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, androidPackageName: packageName }));
}

function authData(key: StoredKey, flags: number, attested: boolean): Buffer {
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(key.counter);
  const head = Buffer.concat([sha256(key.rpId), Buffer.from([flags | (attested ? FLAG_AT : 0)]), counter]);
  if (!attested) return head;
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(key.credentialId.length);
  return Buffer.concat([head, Buffer.alloc(16), idLength, key.credentialId, key.cosePublicKey]);
}

/** RegistrationResponseJSON for a new key. */
export function registrationJson(
  key: StoredKey,
  challenge: string,
  origin: string,
  packageName: string,
): string {
  const cdj = clientData('webauthn.create', challenge, origin, packageName);
  const ad = authData(key, FLAG_UP | FLAG_UV, true);
  const attestationObject = encode({ fmt: 'none', attStmt: {}, authData: ad });
  return JSON.stringify({
    id: b64u(key.credentialId),
    rawId: b64u(key.credentialId),
    type: 'public-key',
    authenticatorAttachment: 'platform',
    clientExtensionResults: {},
    response: {
      clientDataJSON: b64u(cdj),
      attestationObject: b64u(attestationObject),
      authenticatorData: b64u(ad),
      transports: ['internal'],
      publicKey: b64u(key.publicKeySpki),
      publicKeyAlgorithm: -7,
    },
  });
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
  const cdj = clientData('webauthn.get', challenge, origin, packageName);
  const ad = authData(key, FLAG_UP | (uv ? FLAG_UV : 0), false);
  const signature = sign('sha256', Buffer.concat([ad, sha256(cdj)]), key.privateKey);
  return JSON.stringify({
    id: b64u(key.credentialId),
    rawId: b64u(key.credentialId),
    type: 'public-key',
    authenticatorAttachment: 'platform',
    clientExtensionResults: {},
    response: {
      clientDataJSON: b64u(cdj),
      authenticatorData: b64u(ad),
      signature: b64u(signature),
      userHandle: key.userId,
    },
  });
}
