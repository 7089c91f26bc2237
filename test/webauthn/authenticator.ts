// A tiny in-test authenticator producing RegistrationResponseJSON and AuthenticationResponseJSON that verify,
// with knobs to break exactly one thing at a time. It encodes with the provider's building blocks (COSE keys,
// authenticator data, clientDataJSON, attestation objects, signing), then mutates what a test asks to break.
import { randomBytes, type KeyObject } from 'node:crypto';
import { encode } from 'cborg';
import { encodeAttestationObject } from '../../packages/provider/src/attestation.js';
import { buildAuthenticatorData, FLAG, sha256 } from '../../packages/provider/src/authenticator-data.js';
import { collectedClientData, serializeClientData } from '../../packages/provider/src/client-data.js';
import {
  coseKeyMap,
  generateKeyPairFor,
  signWithCredentialKey,
  type KeyAlgorithm,
} from '../../packages/provider/src/keys.js';

export type TestAlg = 'ES256' | 'EdDSA' | 'RS256' | 'PS256' | 'ES384';

const COSE_ALG: Record<TestAlg, KeyAlgorithm> = { ES256: -7, ES384: -35, EdDSA: -8, RS256: -257, PS256: -37 };

export const RP_ID = 'example.com';
export const ORIGIN = 'https://example.com';
export const CHALLENGE = 'Y2hhbGxlbmdlLWNoYWxsZW5nZS0xMjM0';

export const FLAGS = FLAG;

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

interface AttestedCredential {
  aaguid: Uint8Array;
  credentialId: Uint8Array;
  cosePublicKey: Uint8Array;
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
    const { publicKey, privateKey } = generateKeyPairFor(COSE_ALG[alg]);
    this.publicKey = publicKey;
    this.privateKey = privateKey;
    this.credentialId = randomBytes(32);
    this.cose = coseKeyMap(COSE_ALG[alg], publicKey);
    this.coseBytes = encode(this.cose);
  }

  clientDataJSON(defaultType: 'webauthn.create' | 'webauthn.get', o: ClientDataOptions): Buffer {
    if (o.raw) return Buffer.from(o.raw);
    const members = collectedClientData(defaultType, o.challenge ?? CHALLENGE, {
      origin: o.origin ?? ORIGIN,
    });
    if (o.type !== undefined) members.type = o.type;
    return Buffer.from(serializeClientData({ ...members, ...o.extra }));
  }

  authData(o: AuthDataOptions, attested?: AttestedCredential): Buffer {
    const authData = Buffer.from(
      buildAuthenticatorData({
        rpId: o.rpId ?? RP_ID,
        userPresent: true,
        userVerified: true,
        backupEligible: false,
        backedUp: false,
        signCount: o.signCount ?? 0,
        attestedCredential: attested,
      }),
    );
    // then the knobs: the flags byte exactly as given, extension outputs, trailing bytes
    let flags = o.flags ?? FLAGS.UP | FLAGS.UV;
    if (o.flags === undefined && attested) flags |= FLAGS.AT;
    if (o.flags === undefined && o.extensions) flags |= FLAGS.ED;
    authData[32] = flags;
    const parts = [authData];
    if (o.extensions) parts.push(Buffer.from(encode(o.extensions)));
    if (o.trailing) parts.push(Buffer.from(o.trailing));
    return Buffer.concat(parts);
  }

  private registrationParts(o: RegisterOptions): { clientDataJSON: Buffer; authData: Buffer } {
    const clientDataJSON = this.clientDataJSON('webauthn.create', o);
    const authData = this.authData(o, {
      aaguid: this.aaguid,
      credentialId: o.attestedCredentialId ?? this.credentialId,
      cosePublicKey: encode(o.coseKey ?? this.cose),
    });
    return { clientDataJSON, authData };
  }

  private registrationJSON(
    o: RegisterOptions,
    clientDataJSON: Buffer,
    attStmt: Map<string, unknown>,
    authData: Buffer,
  ): any {
    let attestationObject = Buffer.from(encodeAttestationObject(o.fmt ?? 'none', attStmt, authData));
    if (o.attestationObjectTrailing)
      attestationObject = Buffer.concat([attestationObject, o.attestationObjectTrailing]);
    const response = {
      clientDataJSON: b64(clientDataJSON),
      attestationObject: b64(attestationObject),
      transports: o.transports ?? ['internal', 'hybrid'],
    };
    return this.credentialJSON(o, response, o.clientExtensionResults ?? { credProps: { rk: true } });
  }

  /** A PublicKeyCredential JSON around `response`, with the id and rawId a test may replace. */
  private credentialJSON(
    o: { id?: string; rawId?: string },
    response: Record<string, unknown>,
    clientExtensionResults: Record<string, unknown>,
  ): any {
    return {
      id: o.id ?? b64(this.credentialId),
      rawId: o.rawId ?? b64(this.credentialId),
      type: 'public-key',
      response,
      authenticatorAttachment: 'platform',
      clientExtensionResults,
    };
  }

  register(o: RegisterOptions = {}): any {
    const { clientDataJSON, authData } = this.registrationParts(o);
    return this.registrationJSON(o, clientDataJSON, o.attStmt ?? new Map(), authData);
  }

  /** Packed self attestation over authData || clientDataHash with the credential key. */
  packedSelf(o: RegisterOptions = {}, algOverride?: number): any {
    const { clientDataJSON, authData } = this.registrationParts(o);
    const sig = this.sign(Buffer.concat([authData, sha256(clientDataJSON)]));
    const alg = algOverride ?? (this.cose.get(3) as number);
    const attStmt = new Map<string, unknown>([
      ['alg', alg],
      ['sig', sig],
    ]);
    return this.registrationJSON({ ...o, fmt: 'packed' }, clientDataJSON, attStmt, authData);
  }

  sign(data: Buffer, key: KeyObject = this.privateKey): Buffer {
    return Buffer.from(signWithCredentialKey(COSE_ALG[this.alg], key, data));
  }

  authenticate(o: AuthenticateOptions = {}): any {
    const clientDataJSON = this.clientDataJSON('webauthn.get', o);
    const authData = this.authData({ flags: FLAGS.UP | FLAGS.UV, ...o });
    const signature = this.sign(Buffer.concat([authData, sha256(clientDataJSON)]), o.signWith);
    if (o.corruptSignature) signature[signature.length - 1] ^= 0x01;
    const response = {
      clientDataJSON: b64(clientDataJSON),
      authenticatorData: b64(authData),
      signature: b64(signature),
      userHandle: o.userHandle === undefined ? b64(this.userHandle) : o.userHandle,
    };
    return this.credentialJSON(o, response, {});
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
