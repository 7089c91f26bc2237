// Attestation through the §7.1 ceremony (verifyRegistration): each format's vector verifies end to end with
// the right attestation type, anchoring is reported, and the trust policy (anchors, requireTrustedAttestation,
// now, TEE-only android keys) changes the outcome as documented.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyRegistration } from '../../packages/webauthn/src/registration.js';
import { expectationsForCase } from '../../packages/credkit/src/vectors/vector-case.js';
import type { RegistrationExpectations } from '../../packages/webauthn/src/types.js';
import type { AndroidKeyExpectations } from '../../packages/webauthn/src/attestation/android-key.js';
import { code, findCase, peer, w3c } from './attestation-helpers.js';
import type { VectorCase } from '../helpers/vectors.js';

function register(c: VectorCase, patch: Partial<AndroidKeyExpectations> = {}) {
  const expected: RegistrationExpectations = { ...expectationsForCase(c), ...patch };
  return verifyRegistration({ response: c.response, expected }).registrationInfo;
}

describe('attestation through verifyRegistration', () => {
  const anchored: Array<[string, string, string]> = [
    ['packed.ES256 registration', 'packed', 'Basic'],
    ['fido-u2f.ES256 registration', 'fido-u2f', 'Basic'],
    ['android-key.ES256 registration', 'android-key', 'Basic'],
    ['apple.ES256 registration', 'apple', 'AnonCA'],
    ['tpm.ES256 registration', 'tpm', 'AttCA'],
  ];
  for (const [name, fmt, type] of anchored) {
    it(`W3C ${fmt}: ${type}, anchored to the vector's root, also when trusted attestation is required`, () => {
      const info = register(findCase(w3c, name), { requireTrustedAttestation: true });
      assert.equal(info.fmt, fmt);
      assert.equal(info.attestationType, type);
      assert.equal(info.attestationTrusted, true);
      assert.ok(info.trustPath.length >= 1);
    });
  }
  it('packed self attestation: Self, empty trust path, never trusted; rejected when trust is required', () => {
    const c = findCase(w3c, 'packed-self.ES256 registration');
    const info = register(c);
    assert.equal(info.attestationType, 'Self');
    assert.deepEqual(info.trustPath, []);
    assert.equal(info.attestationTrusted, false);
    assert.throws(() => register(c, { requireTrustedAttestation: true }), code('attestation_untrusted'));
  });
  it('SafetyNet at the frozen time: Basic and anchored; today its chain has expired', () => {
    const c = findCase(peer, 'duo-labs/py_webauthn: test_verify_attestation_android_safetynet');
    const info = register(c);
    assert.equal(info.attestationType, 'Basic');
    assert.equal(info.attestationTrusted, true);
    assert.throws(
      () => register(c, { now: new Date('2026-11-23T00:00:00Z') }),
      code('attestation_untrusted'),
    );
  });
  it('without anchors an x5c statement verifies but is not trusted; required trust rejects it', () => {
    const c = findCase(w3c, 'packed.ES256 registration');
    assert.equal(register(c, { trustAnchors: [] }).attestationTrusted, false);
    assert.throws(
      () => register(c, { trustAnchors: [], requireTrustedAttestation: true }),
      code('attestation_untrusted'),
    );
  });
  it('the wrong root makes an anchored registration fail (py_webauthn, kanidm)', () => {
    assert.throws(
      () => register(findCase(peer, 'duo-labs/py_webauthn: test_raises_when_root_cert_invalid_for_response')),
      code('attestation_untrusted'),
    );
    assert.throws(
      () => register(findCase(peer, 'kanidm/webauthn-rs: test_registration_ipados_5ci [CA list: Apple')),
      code('attestation_untrusted'),
    );
  });
  it('android-key: a hardware-attested key also passes when the RP accepts TEE-enforced keys only', () => {
    // (every android-key vector lists origin/purpose in teeEnforced; the union/TEE-only difference is unit-tested
    // on minted statements in attestation-android-key.test.ts)
    const c = findCase(peer, 'duo-labs/py_webauthn: test_verify_attestation_android_key_hardware_aut');
    const info = register(c, { androidKeyTeeEnforcedOnly: true, requireTrustedAttestation: true });
    assert.equal(info.attestationType, 'Basic');
    assert.equal(info.attestationTrusted, true);
  });
  it('the W3C main-branch android-key vector (empty authorization lists) fails', () => {
    assert.throws(
      () => register(findCase(w3c, 'android-key.ES256 (main-branch) registration')),
      code('attestation_invalid'),
    );
  });
  it('SHA-1 TPMs (RS1) verify in tpm attestation', () => {
    const info = register(
      findCase(peer, 'MasterKale/SimpleWebAuthn: should validate TPM RSA response (SHA1)'),
    );
    assert.equal(info.attestationType, 'AttCA');
  });
});
