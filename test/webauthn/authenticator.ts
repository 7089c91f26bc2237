// A tiny in-test authenticator: real node:crypto keys, CBOR via cborg, producing RegistrationResponseJSON and
// AuthenticationResponseJSON that verify, with knobs to break exactly one thing at a time.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { decode, encode } from 'cborg';

export type TestAlg = 'ES256' | 'EdDSA' | 'RS256' | 'PS256' | 'ES384';

export const RP_ID = 'example.com';
export const ORIGIN = 'https://example.com';

export const FLAGS = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40, ED: 0x80 } as const;

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string): Buffer => createHash('sha256').update(b).digest();

function coseFromKey(alg: TestAlg, key: KeyObject): Map<number, unknown> {
  const jwk = key.export({ format: 'jwk' });
  const d = (s?: string): Buffer => Buffer.from(s!, 'base64url');
  switch (alg) {
    case 'ES256':
      return new Map<number, unknown>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, d(jwk.x)],
        [-3, d(jwk.y)],
      ]);
    case 'ES384':
      return new Map<number, unknown>([
        [1, 2],
        [3, -35],
        [-1, 2],
        [-2, d(jwk.x)],
        [-3, d(jwk.y)],
      ]);
    case 'EdDSA':
      return new Map<number, unknown>([
        [1, 1],
        [3, -8],
        [-1, 6],
        [-2, d(jwk.x)],
      ]);
    case 'RS256':
      return new Map<number, unknown>([
        [1, 3],
        [3, -257],
        [-1, d(jwk.n)],
        [-2, d(jwk.e)],
      ]);
    case 'PS256':
      return new Map<number, unknown>([
        [1, 3],
        [3, -37],
        [-1, d(jwk.n)],
        [-2, d(jwk.e)],
      ]);
  }
}

function keyPair(alg: TestAlg): { publicKey: KeyObject; privateKey: KeyObject } {
  if (alg === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (alg === 'ES384') return generateKeyPairSync('ec', { namedCurve: 'P-384' });
  if (alg === 'EdDSA') return generateKeyPairSync('ed25519');
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

export interface ClientDataOptions {
  type?: string;
  challenge?: string;
  origin?: string;
  /** Extra or replaced members. */
  extra?: Record<string, unknown>;
  /** Use these exact bytes as clientDataJSON. */
  raw?: Uint8Array;
}

export interface AuthDataOptions {
  rpId?: string;
  flags?: number;
  signCount?: number;
  /** Extension outputs (sets ED unless flags given). */
  extensions?: Map<string, unknown>;
  /** Bytes appended after everything. */
  trailing?: Uint8Array;
}

export interface RegisterOptions extends ClientDataOptions, AuthDataOptions {
  fmt?: string;
  attStmt?: Map<string, unknown>;
  /** Attested credential ID in authData (default: the authenticator's). */
  attestedCredentialId?: Uint8Array;
  /** COSE key map to attest instead of the real one. */
  coseKey?: Map<number, unknown>;
  id?: string;
  rawId?: string;
  /** Bytes appended after the attestationObject CBOR item. */
  attestationObjectTrailing?: Uint8Array;
  transports?: string[];
  clientExtensionResults?: Record<string, unknown>;
}

export interface AuthenticateOptions extends ClientDataOptions, AuthDataOptions {
  id?: string;
  rawId?: string;
  userHandle?: string | null;
  /** Flip a bit of the signature. */
  corruptSignature?: boolean;
  /** Sign with another key. */
  signWith?: KeyObject;
}

export class TestAuthenticator {
  readonly alg: TestAlg;
  readonly credentialId: Buffer;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly cose: Map<number, unknown>;
  readonly coseBytes: Uint8Array;
  readonly userHandle = randomBytes(16);
  readonly aaguid = Buffer.from('00112233445566778899aabbccddeeff', 'hex');

  constructor(alg: TestAlg = 'ES256') {
    this.alg = alg;
    const { publicKey, privateKey } = keyPair(alg);
    this.publicKey = publicKey;
    this.privateKey = privateKey;
    this.credentialId = randomBytes(32);
    this.cose = coseFromKey(alg, publicKey);
    this.coseBytes = encode(this.cose);
  }

  clientDataJSON(defaultType: string, o: ClientDataOptions): Buffer {
    if (o.raw) return Buffer.from(o.raw);
    const cd = {
      type: o.type ?? defaultType,
      challenge: o.challenge ?? 'Y2hhbGxlbmdlLWNoYWxsZW5nZS0xMjM0',
      origin: o.origin ?? ORIGIN,
      crossOrigin: false,
      ...o.extra,
    };
    return Buffer.from(JSON.stringify(cd));
  }

  authData(o: AuthDataOptions, attested?: Buffer): Buffer {
    let flags = o.flags ?? FLAGS.UP | FLAGS.UV;
    if (o.flags === undefined && attested) flags |= FLAGS.AT;
    if (o.flags === undefined && o.extensions) flags |= FLAGS.ED;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(o.signCount ?? 0);
    const parts = [sha256(o.rpId ?? RP_ID), Buffer.from([flags]), count];
    if (attested) parts.push(attested);
    if (o.extensions) parts.push(Buffer.from(encode(o.extensions)));
    if (o.trailing) parts.push(Buffer.from(o.trailing));
    return Buffer.concat(parts);
  }

  register(o: RegisterOptions = {}): any {
    const clientDataJSON = this.clientDataJSON('webauthn.create', o);
    const credId = o.attestedCredentialId ?? this.credentialId;
    const idLen = Buffer.alloc(2);
    idLen.writeUInt16BE(credId.length);
    const attested = Buffer.concat([this.aaguid, idLen, credId, encode(o.coseKey ?? this.cose)]);
    const authData = this.authData(o, attested);
    const fmt = o.fmt ?? 'none';
    const attStmt = o.attStmt ?? new Map();
    let attestationObject = Buffer.from(
      encode(
        new Map<string, unknown>([
          ['fmt', fmt],
          ['attStmt', attStmt],
          ['authData', authData],
        ]),
      ),
    );
    if (o.attestationObjectTrailing)
      attestationObject = Buffer.concat([attestationObject, o.attestationObjectTrailing]);
    return {
      id: o.id ?? b64(this.credentialId),
      rawId: o.rawId ?? b64(this.credentialId),
      type: 'public-key',
      response: {
        clientDataJSON: b64(clientDataJSON),
        attestationObject: b64(attestationObject),
        transports: o.transports ?? ['internal', 'hybrid'],
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: o.clientExtensionResults ?? { credProps: { rk: true } },
    };
  }

  /** Packed self attestation over authData || clientDataHash with the credential key. */
  packedSelf(o: RegisterOptions = {}, algOverride?: number): any {
    // build once to learn authData, then sign it
    const unsigned = this.register({ ...o, fmt: 'packed', attStmt: new Map() });
    const attObj = Buffer.from(unsigned.response.attestationObject, 'base64url');
    const authData = decodeAuthData(attObj);
    const cdHash = sha256(Buffer.from(unsigned.response.clientDataJSON, 'base64url'));
    const sig = this.sign(Buffer.concat([authData, cdHash]));
    const alg = algOverride ?? (this.cose.get(3) as number);
    return this.register({
      ...o,
      fmt: 'packed',
      attStmt: new Map<string, unknown>([
        ['alg', alg],
        ['sig', sig],
      ]),
    });
  }

  sign(data: Buffer, key: KeyObject = this.privateKey): Buffer {
    if (this.alg === 'EdDSA') return sign(null, data, key);
    if (this.alg === 'PS256') return sign('sha256', data, { key, padding: 6, saltLength: 32 });
    return sign(this.alg === 'ES384' ? 'sha384' : 'sha256', data, key);
  }

  authenticate(o: AuthenticateOptions = {}): any {
    const clientDataJSON = this.clientDataJSON('webauthn.get', o);
    const authData = this.authData({ flags: FLAGS.UP | FLAGS.UV, ...o });
    const signature = this.sign(Buffer.concat([authData, sha256(clientDataJSON)]), o.signWith);
    if (o.corruptSignature) signature[signature.length - 1] ^= 0x01;
    return {
      id: o.id ?? b64(this.credentialId),
      rawId: o.rawId ?? b64(this.credentialId),
      type: 'public-key',
      response: {
        clientDataJSON: b64(clientDataJSON),
        authenticatorData: b64(authData),
        signature: b64(signature),
        userHandle: o.userHandle === undefined ? b64(this.userHandle) : o.userHandle,
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /** The stored credential record after registration. */
  record(counter = 0): {
    id: string;
    publicKey: Uint8Array;
    counter: number;
    userHandle: string;
    backupEligible?: boolean;
  } {
    return {
      id: b64(this.credentialId),
      publicKey: this.coseBytes,
      counter,
      userHandle: b64(this.userHandle),
    };
  }
}

function decodeAuthData(attObj: Buffer): Buffer {
  const m = decode(attObj, { useMaps: true }) as Map<string, Uint8Array>;
  return Buffer.from(m.get('authData')!);
}

export const CHALLENGE = 'Y2hhbGxlbmdlLWNoYWxsZW5nZS0xMjM0';
