// Builds attestation verifier inputs (attStmt, authData, clientDataHash, credential key, expectations) from
// the shared vector cases, and small mutation helpers for negative tests.
import { createHash } from 'node:crypto';
import { decodeCbor } from '../../packages/webauthn/src/cbor.js';
import { readAuthenticatorData } from '../../packages/webauthn/src/authenticator-data.js';
import { parseCoseKey } from '../../packages/webauthn/src/cose.js';
import type { AttestationInput } from '../../packages/webauthn/src/attestation/types.js';
import type { RegistrationExpectations } from '../../packages/webauthn/src/types.js';
import { loadVectors, type VectorCase } from '../helpers/vectors.js';

export const w3c = loadVectors('w3c-webauthn-l3.json');
export const peer = loadVectors('peer-fixtures.json');

export function findCase(cases: VectorCase[], name: string): VectorCase {
  const found = cases.find((c) => c.name === name || c.name.startsWith(name));
  if (!found) throw new Error(`no vector case ${name}`);
  return found;
}

export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** The expectations a case asks for, as they concern attestation (trust anchors, time, SafetyNet policy). */
export function expectationsFor(c: VectorCase): RegistrationExpectations {
  const o = (c.options ?? {}) as Record<string, unknown>;
  return {
    challenge: c.challenge,
    origins: c.origin,
    rpId: c.rpId ?? [],
    trustAnchors: (c.trustAnchors ?? []).map((a) => Buffer.from(a, 'base64url')),
    now: c.expected.now ? new Date(c.expected.now) : undefined,
    skipCertificateTimeChecks: o.timeChecksDisabled === true,
    safetyNetRequireCtsProfileMatch: o.safetyNetEnforceCTSCheck === false ? false : undefined,
    safetyNetMaxAgeMs: o.safetyNetVerifyTimestamp === false ? false : undefined,
  };
}

export interface CaseInput {
  fmt: string;
  input: AttestationInput;
}

export function attestationInputFor(
  c: VectorCase,
  expected: RegistrationExpectations = expectationsFor(c),
): CaseInput {
  const attestationObject = decodeCbor(
    Buffer.from(c.response.response.attestationObject, 'base64url'),
  ) as Map<string, unknown>;
  const authData = attestationObject.get('authData') as Uint8Array;
  const layout = readAuthenticatorData(authData);
  const clientDataHash = sha256(Buffer.from(c.response.response.clientDataJSON, 'base64url'));
  const credentialPublicKey = parseCoseKey(
    authData.subarray(layout.credentialIdEnd, layout.credentialPublicKeyEnd),
  );
  return {
    fmt: attestationObject.get('fmt') as string,
    input: {
      attStmt: attestationObject.get('attStmt') as Map<unknown, unknown>,
      authData,
      clientDataHash,
      credentialPublicKey,
      expected,
    },
  };
}

/** A copy of the input whose attStmt has `key` set to `value` (undefined deletes it). */
export function withStmt(input: AttestationInput, key: string, value: unknown): AttestationInput {
  const attStmt = new Map(input.attStmt);
  if (value === undefined) attStmt.delete(key);
  else attStmt.set(key, value);
  return { ...input, attStmt };
}

/** A copy of `bytes` with one bit flipped at `index` (negative counts from the end). */
export function flipBit(bytes: Uint8Array, index: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const i = index < 0 ? copy.length + index : index;
  copy[i] ^= 0x01;
  return copy;
}

/** All registration cases of both files whose attestation statement format is `fmt`. */
export function casesWithFormat(fmt: string): VectorCase[] {
  return [...w3c, ...peer].filter((c) => {
    if (c.ceremony !== 'registration') return false;
    try {
      return attestationInputFor(c).fmt === fmt;
    } catch {
      return false;
    }
  });
}

/** An assert.throws matcher: a typed error with this code (and, when given, a message matching `message`). */
export const code = (c: string, message?: RegExp) => (e: unknown) =>
  (e as { code?: string }).code === c && (!message || message.test((e as Error).message));
