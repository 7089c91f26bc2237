// "apple" anonymous attestation (WebAuthn L3 §8.8): vectors and a negative test per step.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { verifyApple } from '../../packages/webauthn/src/attestation/apple.js';
import { coseKeyToKeyObject } from '../../packages/webauthn/src/cose.js';
import type { AttestationInput } from '../../packages/webauthn/src/attestation/types.js';
import {
  AppleAnonymousAttestationNonce,
  OID_APPLE_NONCE,
} from '../../packages/webauthn/src/x509/apple-nonce.js';
import {
  attestationInputFor,
  casesWithFormat,
  code,
  findCase,
  flipBit,
  w3c,
  withStmt,
} from './attestation-helpers.js';
import { extension, mintCertificate } from './attestation-certs.js';

describe('apple attestation: vectors', () => {
  for (const c of casesWithFormat('apple')) {
    it(c.name, () => {
      const { input } = attestationInputFor(c);
      if (!c.expected.verified) {
        // kanidm: the certificate's nonce is not SHA-256(authData || clientDataHash)
        assert.throws(() => verifyApple(input), code('attestation_invalid'));
        return;
      }
      const result = verifyApple(input);
      assert.equal(result.type, 'AnonCA');
      assert.equal(result.trustPath.length, (input.attStmt.get('x5c') as unknown[]).length);
    });
  }
});

const input = attestationInputFor(findCase(w3c, 'apple.ES256 registration')).input;

function nonceExtension(nonce: Uint8Array) {
  const value = new AppleAnonymousAttestationNonce();
  value.nonce = Uint8Array.from(nonce).buffer;
  return extension(OID_APPLE_NONCE, value);
}

function withCredCert(der: Uint8Array): AttestationInput {
  return withStmt(input, 'x5c', [der]);
}

describe('apple attestation: negative (§8.8)', () => {
  const nonce = createHash('sha256')
    .update(Buffer.concat([input.authData, input.clientDataHash]))
    .digest();
  it('step 1: rejects a missing or empty x5c and unknown members', () => {
    assert.throws(() => verifyApple(withStmt(input, 'x5c', undefined)), code('attestation_invalid'));
    assert.throws(() => verifyApple(withStmt(input, 'x5c', [])), code('attestation_invalid'));
    assert.throws(() => verifyApple(withStmt(input, 'sig', Uint8Array.of(1))), code('attestation_invalid'));
  });
  it('step 4: rejects a nonce that differs (other clientDataHash, other authData)', () => {
    assert.throws(
      () => verifyApple({ ...input, clientDataHash: flipBit(input.clientDataHash, 0) }),
      code('attestation_invalid'),
    );
    assert.throws(
      () => verifyApple({ ...input, authData: flipBit(input.authData, 33) }),
      code('attestation_invalid'),
    );
  });
  it('step 4: rejects a certificate without the nonce extension', () => {
    assert.throws(() => verifyApple(withCredCert(mintCertificate().der)), code('attestation_invalid'));
  });
  it('accepts a minted certificate with the right nonce and the credential key', () => {
    const der = mintCertificate({
      extensions: [nonceExtension(nonce)],
      subjectPublicKey: coseKeyToKeyObject(input.credentialPublicKey),
    }).der;
    assert.equal(verifyApple(withCredCert(der)).type, 'AnonCA');
  });
  it('step 5: rejects a certificate whose key is not the credential key, even with the right nonce', () => {
    assert.throws(
      () => verifyApple(withCredCert(mintCertificate({ extensions: [nonceExtension(nonce)] }).der)),
      code('attestation_invalid'),
    );
  });
});
