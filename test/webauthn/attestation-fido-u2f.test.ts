// "fido-u2f" attestation (WebAuthn L3 §8.6): vectors and one negative test per step.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { verifyFidoU2F } from '../../packages/webauthn/src/attestation/fido-u2f.js';
import type { AttestationInput } from '../../packages/webauthn/src/attestation/types.js';
import { parseCoseKey } from '../../packages/webauthn/src/cose.js';
import { attestedParts } from '../../packages/webauthn/src/authenticator-data.js';
import { coseEncodePublicKey } from '../../packages/provider/src/keys.js';
import {
  attestationInputFor,
  casesWithFormat,
  code,
  findCase,
  flipBit,
  w3c,
  withStmt,
} from './attestation-helpers.js';
import { mintCertificate } from './attestation-certs.js';

describe('fido-u2f attestation: vectors', () => {
  for (const c of casesWithFormat('fido-u2f')) {
    it(c.name, () => {
      const result = verifyFidoU2F(attestationInputFor(c).input);
      assert.equal(result.type, 'Basic');
      assert.equal(result.trustPath.length, 1);
    });
  }
});

const input = attestationInputFor(findCase(w3c, 'fido-u2f.ES256 registration')).input;

/** The verification data of §8.6 step 5 for `input`, signed by a minted certificate with `keyType`. */
function mintedStatement(keyPair = generateKeyPairSync('ec', { namedCurve: 'P-256' })): AttestationInput {
  const { credentialId } = attestedParts(input.authData);
  const key = input.credentialPublicKey;
  const data = Buffer.concat([
    Uint8Array.of(0),
    input.authData.subarray(0, 32), // rpIdHash
    input.clientDataHash,
    credentialId,
    Uint8Array.of(4),
    key.x!,
    key.y!,
  ]);
  const cert = mintCertificate({ keyPair });
  const sig = sign('sha256', data, keyPair.privateKey);
  return {
    ...input,
    attStmt: new Map<unknown, unknown>([
      ['sig', sig],
      ['x5c', [cert.der]],
    ]),
  };
}

describe('fido-u2f attestation: negative (§8.6)', () => {
  it('accepts a minted P-256 certificate signing the verification data', () => {
    assert.equal(verifyFidoU2F(mintedStatement()).type, 'Basic');
  });
  it('step 1: rejects a missing sig, missing x5c, extra members', () => {
    assert.throws(() => verifyFidoU2F(withStmt(input, 'sig', undefined)), code('attestation_invalid'));
    assert.throws(() => verifyFidoU2F(withStmt(input, 'x5c', undefined)), code('attestation_invalid'));
    assert.throws(() => verifyFidoU2F(withStmt(input, 'alg', -7)), code('attestation_invalid'));
  });
  it('step 2: rejects an x5c with more than one certificate', () => {
    const [cert] = input.attStmt.get('x5c') as Uint8Array[];
    assert.throws(() => verifyFidoU2F(withStmt(input, 'x5c', [cert, cert])), code('attestation_invalid'));
  });
  it('step 2: rejects a certificate key that is not EC P-256', () => {
    assert.throws(
      () => verifyFidoU2F(mintedStatement(generateKeyPairSync('ec', { namedCurve: 'P-384' }))),
      code('attestation_invalid'),
    );
  });
  it('step 4: rejects a credential key that is not ES256 on P-256', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
    const cose = coseEncodePublicKey(-35, p384);
    assert.throws(
      () => verifyFidoU2F({ ...input, credentialPublicKey: parseCoseKey(cose) }),
      code('attestation_invalid'),
    );
  });
  it('step 6: rejects a changed signature, rpIdHash, clientDataHash or credential id', () => {
    assert.throws(
      () => verifyFidoU2F(withStmt(input, 'sig', flipBit(input.attStmt.get('sig') as Uint8Array, -1))),
      code('attestation_invalid'),
    );
    assert.throws(
      () => verifyFidoU2F({ ...input, clientDataHash: flipBit(input.clientDataHash, 3) }),
      code('attestation_invalid'),
    );
    // rpIdHash is authData[0, 32), the credential ID starts at byte 55 (§6.5.2)
    for (const at of [0, 55]) {
      assert.throws(
        () => verifyFidoU2F({ ...input, authData: flipBit(input.authData, at) }),
        code('attestation_invalid'),
      );
    }
  });
});
