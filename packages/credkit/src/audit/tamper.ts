// Post-processing of the software authenticator's genuine responses into the audit's attacks: client data and
// authenticator data edited (and, for assertions, signed again with the credential's own key when the attack
// needs a valid signature), credential keys swapped, encodings broken. The authenticator itself stays honest.
import { createHash } from 'node:crypto';
import { decode } from 'cborg';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@credkit/provider';
import { encodeAttestationObject } from '@credkit/provider';
import { importPrivateKey, signWithCredentialKey, type KeyAlgorithm } from '@credkit/provider';

/** authenticatorData flag bits (§6.1). */
export const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40, ED: 0x80 } as const;

/** The offset of the flags byte and of the signature counter in authenticatorData (§6.1). */
const FLAGS_OFFSET = 32;
const COUNTER_OFFSET = 33;
/** Attested credential data (§6.5.2): AAGUID at 37, the credential ID length at 53, the ID from 55. */
const CREDENTIAL_ID_LENGTH_OFFSET = 53;
const CREDENTIAL_ID_OFFSET = 55;

const b64 = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');
const bytes = (text: string): Buffer => Buffer.from(text, 'base64url');

export function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** The CollectedClientData a response carries. */
export function clientDataOf(response: { response: { clientDataJSON: string } }): Record<string, unknown> {
  return JSON.parse(bytes(response.response.clientDataJSON).toString('utf8')) as Record<string, unknown>;
}

/** clientDataJSON with members changed (added when new), serialised as a client does, base64url. */
export function editedClientData(
  response: { response: { clientDataJSON: string } },
  changes: Record<string, unknown>,
): string {
  return b64(JSON.stringify({ ...clientDataOf(response), ...changes }));
}

export interface AuthenticatorDataEdit {
  /** rpIdHash becomes SHA-256 of this RP ID. */
  rpId?: string;
  setFlags?: number;
  clearFlags?: number;
  counter?: number;
}

/** A copy of authenticatorData with the edits made. */
export function editedAuthenticatorData(authData: Uint8Array, edit: AuthenticatorDataEdit): Buffer {
  const data = Buffer.from(authData);
  if (edit.rpId !== undefined) sha256(edit.rpId).copy(data, 0);
  data[FLAGS_OFFSET] = (data[FLAGS_OFFSET]! | (edit.setFlags ?? 0)) & ~(edit.clearFlags ?? 0);
  if (edit.counter !== undefined) data.writeUInt32BE(edit.counter >>> 0, COUNTER_OFFSET);
  return data;
}

/** The signature counter in authenticatorData. */
export function counterOf(authData: Uint8Array): number {
  return Buffer.from(authData).readUInt32BE(COUNTER_OFFSET);
}

/** A credential's signing key, as the software authenticator holds it. */
export interface SigningKey {
  algorithm: KeyAlgorithm;
  /** PKCS#8 DER, base64url. */
  privateKey: string;
}

/**
 * An assertion with its client data and/or authenticator data replaced and signed again over
 * authenticatorData || SHA-256(clientDataJSON) (§6.3.3 step 11) with `key`: a valid signature over what the
 * attack sends, so that only the check the attack targets can refuse it.
 */
export function resignedAssertion(
  assertion: AuthenticationResponseJSON,
  key: SigningKey,
  parts: { clientDataJSON?: string; authenticatorData?: Uint8Array },
): AuthenticationResponseJSON {
  const clientDataJSON = parts.clientDataJSON ?? assertion.response.clientDataJSON;
  const authData = parts.authenticatorData ?? bytes(assertion.response.authenticatorData);
  const signature = signWithCredentialKey(
    key.algorithm,
    importPrivateKey(key.privateKey),
    Buffer.concat([authData, sha256(bytes(clientDataJSON))]),
  );
  return {
    ...assertion,
    response: {
      ...assertion.response,
      clientDataJSON,
      authenticatorData: b64(authData),
      signature: b64(signature),
    },
  };
}

/** An assertion with response members replaced and nothing signed again (tampering, a swapped user handle). */
export function withAssertionMembers(
  assertion: AuthenticationResponseJSON,
  members: Partial<AuthenticationResponseJSON['response']>,
): AuthenticationResponseJSON {
  return { ...assertion, response: { ...assertion.response, ...members } };
}

interface AttestationObject {
  fmt: string;
  attStmt: Record<string, unknown>;
  authData: Uint8Array;
}

/** The attestation object of a registration (§6.5.4), decoded. */
export function attestationObjectOf(registration: RegistrationResponseJSON): AttestationObject {
  const decoded = decode(bytes(registration.response.attestationObject)) as AttestationObject;
  return { fmt: decoded.fmt, attStmt: decoded.attStmt, authData: decoded.authData };
}

/**
 * A registration whose attestation object carries `authData` instead (the statement kept as it was: for "none"
 * nothing signs authData; for "packed" the signature no longer covers it), with the L3 convenience copy of
 * authenticatorData kept equal and the public key copies left out when the key may have changed.
 */
export function withRegistrationAuthData(
  registration: RegistrationResponseJSON,
  authData: Uint8Array,
  keyChanged = false,
): RegistrationResponseJSON {
  const { fmt, attStmt } = attestationObjectOf(registration);
  const { publicKey: _publicKey, publicKeyAlgorithm: _alg, ...members } = registration.response;
  return {
    ...registration,
    response: {
      ...(keyChanged ? members : registration.response),
      attestationObject: b64(encodeAttestationObject(fmt, attStmt, authData)),
      authenticatorData: b64(authData),
    },
  };
}

/**
 * A registration whose attested credential public key is `coseKey` (same credential ID): authData ends with the
 * key when it has no extensions, as the software authenticator writes it.
 */
export function withCredentialPublicKey(
  registration: RegistrationResponseJSON,
  coseKey: Uint8Array,
): RegistrationResponseJSON {
  const { authData } = attestationObjectOf(registration);
  const data = Buffer.from(authData);
  if ((data[FLAGS_OFFSET]! & FLAG.ED) !== 0) throw new RangeError('authenticatorData has extensions');
  const keyStart = CREDENTIAL_ID_OFFSET + data.readUInt16BE(CREDENTIAL_ID_LENGTH_OFFSET);
  return withRegistrationAuthData(registration, Buffer.concat([data.subarray(0, keyStart), coseKey]), true);
}

/** A registration with clientDataJSON replaced (a "none" attestation signs nothing over it). */
export function withRegistrationClientData(
  registration: RegistrationResponseJSON,
  clientDataJSON: string,
): RegistrationResponseJSON {
  return { ...registration, response: { ...registration.response, clientDataJSON } };
}

/** base64url text with characters outside the alphabet written into it ('!', '*', '%'). */
export function brokenBase64url(text: string): string {
  const chars = [...text];
  for (const [i, c] of [
    [1, '!'],
    [Math.floor(chars.length / 2), '*'],
    [chars.length - 2, '%'],
  ] as const) {
    if (i >= 0 && i < chars.length) chars[i] = c;
  }
  return chars.join('');
}

/** The base64url of a CBOR item cut short (its last bytes missing): not well-formed CBOR. */
export function truncatedCbor(encoded: string): string {
  const data = bytes(encoded);
  return b64(data.subarray(0, Math.max(1, data.length - 16)));
}
