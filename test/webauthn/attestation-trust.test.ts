// Attestation trust path validation (WebAuthn L3 §7.1 steps 22-23): anchoring, chaining, validity at `now`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyTrustPath } from '../../packages/webauthn/src/attestation/trust.js';
import type { RegistrationExpectations } from '../../packages/webauthn/src/types.js';
import { attestationInputFor, code, findCase, peer, w3c } from './attestation-helpers.js';
import { KeyUsage, KeyUsageFlags, id_ce_keyUsage } from '@peculiar/asn1-x509';
import { extension, mintCertificate } from './attestation-certs.js';

const base: RegistrationExpectations = {
  challenge: 'x',
  origins: 'https://example.com',
  rpId: 'example.com',
};

const root = mintCertificate({ ca: true, subject: [['2.5.4.3', 'credkit test root']] });
const intermediate = mintCertificate({
  ca: true,
  issuer: root,
  subject: [['2.5.4.3', 'credkit test intermediate']],
});
const leaf = mintCertificate({
  issuer: intermediate,
  notBefore: new Date('2024-01-01Z'),
  notAfter: new Date('2025-01-01Z'),
});
const inside = new Date('2024-06-01Z');

describe('verifyTrustPath', () => {
  it('an empty trust path (None, Self) is not trusted; required trust makes it fail', () => {
    assert.deepEqual(verifyTrustPath({ trustPath: [], expected: base }), { trusted: false });
    assert.throws(
      () => verifyTrustPath({ trustPath: [], expected: { ...base, requireTrustedAttestation: true } }),
      code('attestation_untrusted'),
    );
  });
  it('without anchors the path is not trusted, whatever its validity; required trust makes it fail', () => {
    const trustPath = [leaf.der, intermediate.der];
    assert.deepEqual(verifyTrustPath({ trustPath, expected: { ...base, now: new Date('2030-01-01Z') } }), {
      trusted: false,
    });
    assert.throws(
      () => verifyTrustPath({ trustPath, expected: { ...base, requireTrustedAttestation: true } }),
      code('attestation_untrusted'),
    );
  });
  it('a path issued by an anchor, or ending at one, is trusted at a time inside every window', () => {
    const expected = { ...base, trustAnchors: [root.der], now: inside };
    assert.deepEqual(verifyTrustPath({ trustPath: [leaf.der, intermediate.der], expected }), {
      trusted: true,
    });
    assert.deepEqual(verifyTrustPath({ trustPath: [leaf.der, intermediate.der, root.der], expected }), {
      trusted: true,
    });
    assert.deepEqual(
      verifyTrustPath({ trustPath: [leaf.der], expected: { ...expected, trustAnchors: [intermediate.der] } }),
      { trusted: true },
    );
  });
  it('a path no anchor issues is untrusted', () => {
    const other = mintCertificate({ ca: true, subject: [['2.5.4.3', 'credkit test root']] }); // same name, other key
    const expected = { ...base, trustAnchors: [other.der], now: inside };
    assert.throws(
      () => verifyTrustPath({ trustPath: [leaf.der, intermediate.der], expected }),
      code('attestation_untrusted'),
    );
    assert.throws(
      () => verifyTrustPath({ trustPath: [leaf.der], expected: { ...expected, trustAnchors: [root.der] } }),
      code('attestation_untrusted'),
    );
  });
  it('an expired or not yet valid certificate is untrusted at `now`, unless time checks are skipped', () => {
    const expected = { ...base, trustAnchors: [root.der] };
    const trustPath = [leaf.der, intermediate.der];
    assert.throws(
      () => verifyTrustPath({ trustPath, expected: { ...expected, now: new Date('2025-01-02Z') } }),
      code('attestation_untrusted'),
    );
    assert.throws(
      () => verifyTrustPath({ trustPath, expected: { ...expected, now: new Date('2023-12-31Z') } }),
      code('attestation_untrusted'),
    );
    assert.throws(() => verifyTrustPath({ trustPath, expected }), code('attestation_untrusted')); // default now: today
    assert.deepEqual(
      verifyTrustPath({
        trustPath,
        expected: { ...expected, now: new Date('2025-01-02Z'), skipCertificateTimeChecks: true },
      }),
      { trusted: true },
    );
  });
  it('validity windows are inclusive to the millisecond', () => {
    const expected = { ...base, trustAnchors: [root.der] };
    const trustPath = [leaf.der, intermediate.der];
    const at = (iso: string) => ({ ...expected, now: new Date(iso) });
    assert.deepEqual(verifyTrustPath({ trustPath, expected: at('2025-01-01T00:00:00.000Z') }), {
      trusted: true,
    });
    assert.deepEqual(verifyTrustPath({ trustPath, expected: at('2024-01-01T00:00:00.000Z') }), {
      trusted: true,
    });
    assert.throws(
      () => verifyTrustPath({ trustPath, expected: at('2025-01-01T00:00:00.001Z') }),
      code('attestation_untrusted', /not valid at/),
    );
    assert.throws(
      () => verifyTrustPath({ trustPath, expected: at('2023-12-31T23:59:59.999Z') }),
      code('attestation_untrusted', /not valid at/),
    );
  });
  it('an expired anchor is untrusted', () => {
    const oldRoot = mintCertificate({
      ca: true,
      subject: [['2.5.4.3', 'old root']],
      notBefore: new Date('2010-01-01Z'),
      notAfter: new Date('2020-01-01Z'),
    });
    const child = mintCertificate({ issuer: oldRoot });
    assert.throws(
      () =>
        verifyTrustPath({
          trustPath: [child.der],
          expected: { ...base, trustAnchors: [oldRoot.der], now: inside },
        }),
      code('attestation_untrusted'),
    );
  });
  it('an x5c whose certificates do not chain is invalid', () => {
    const stranger = mintCertificate({ ca: true, subject: [['2.5.4.3', 'stranger']] });
    assert.throws(
      () => verifyTrustPath({ trustPath: [leaf.der, stranger.der], expected: base }),
      code('attestation_invalid'),
    );
    assert.throws(
      () => verifyTrustPath({ trustPath: [leaf.der, root.der], expected: base }),
      code('attestation_invalid'),
    );
  });
  it('an issuing certificate that is not a CA is invalid', () => {
    const notCa = mintCertificate({ ca: false, issuer: root, subject: [['2.5.4.3', 'not a ca']] });
    const child = mintCertificate({ issuer: notCa });
    assert.throws(
      () =>
        verifyTrustPath({
          trustPath: [child.der, notCa.der],
          expected: { ...base, trustAnchors: [root.der], now: inside },
        }),
      code('attestation_invalid'),
    );
  });
  it('an issuing certificate whose key usage lacks keyCertSign is invalid', () => {
    const ku = extension(id_ce_keyUsage, new KeyUsage(KeyUsageFlags.digitalSignature), true);
    const signer = mintCertificate({
      ca: true,
      issuer: root,
      subject: [['2.5.4.3', 'signing only']],
      extensions: [ku],
    });
    const child = mintCertificate({ issuer: signer });
    const expected = { ...base, trustAnchors: [root.der], now: inside };
    assert.throws(
      () => verifyTrustPath({ trustPath: [child.der, signer.der], expected }),
      code('attestation_invalid', /keyCertSign/),
    );
    const certSign = extension(
      id_ce_keyUsage,
      new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign),
      true,
    );
    const issuer = mintCertificate({
      ca: true,
      issuer: root,
      subject: [['2.5.4.3', 'issuing']],
      extensions: [certSign],
    });
    assert.deepEqual(
      verifyTrustPath({ trustPath: [mintCertificate({ issuer }).der, issuer.der], expected }),
      { trusted: true },
    );
  });
  it('an anchored certificate with an unrecognized critical extension is untrusted', () => {
    const odd = extension('1.3.6.1.4.1.99999.1', Uint8Array.of(0x05, 0x00), true);
    const child = mintCertificate({ issuer: root, extensions: [odd] });
    const expected = { ...base, trustAnchors: [root.der], now: inside };
    assert.throws(
      () => verifyTrustPath({ trustPath: [child.der], expected }),
      code('attestation_untrusted', /critical/),
    );
    const benign = extension('1.3.6.1.4.1.99999.1', Uint8Array.of(0x05, 0x00), false);
    assert.deepEqual(
      verifyTrustPath({ trustPath: [mintCertificate({ issuer: root, extensions: [benign] }).der], expected }),
      { trusted: true },
    );
  });
  it('a certificate that does not parse is invalid', () => {
    assert.throws(
      () => verifyTrustPath({ trustPath: [Uint8Array.of(1, 2, 3)], expected: base }),
      code('attestation_invalid'),
    );
  });
});

describe('verifyTrustPath on vectors', () => {
  const trustOf = (name: string, cases = peer, patch: Partial<RegistrationExpectations> = {}) => {
    const { input } = attestationInputFor(findCase(cases, name));
    const trustPath = input.attStmt.get('x5c') as Uint8Array[];
    return () => verifyTrustPath({ trustPath, expected: { ...input.expected, ...patch } });
  };
  it('W3C packed.ES256 chains to its anchor', () => {
    assert.deepEqual(trustOf('packed.ES256 registration', w3c)(), { trusted: true });
  });
  it('a YubiKey chain under a SafetyNet root is untrusted (py_webauthn)', () => {
    assert.throws(
      trustOf('duo-labs/py_webauthn: test_raises_when_root_cert_invalid_for_response'),
      code('attestation_untrusted'),
    );
  });
  it('a YubiKey 5Ci chain under the Apple root is untrusted, under the Yubico root trusted (kanidm)', () => {
    assert.throws(
      trustOf('kanidm/webauthn-rs: test_registration_ipados_5ci [CA list: Apple'),
      code('attestation_untrusted'),
    );
    assert.deepEqual(trustOf('kanidm/webauthn-rs: test_registration_ipados_5ci [CA list: Yubico')(), {
      trusted: true,
    });
  });
  it("an expired real chain is trusted at the peer's frozen time only", () => {
    const name = 'duo-labs/py_webauthn: test_verify_attestation_apple_passkey';
    assert.deepEqual(trustOf(name)(), { trusted: true });
    assert.throws(
      trustOf(name, peer, { now: new Date('2026-11-23T00:00:00Z') }),
      code('attestation_untrusted'),
    );
  });
});
