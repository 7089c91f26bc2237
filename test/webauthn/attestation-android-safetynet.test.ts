// "android-safetynet" attestation (WebAuthn L3 §8.5): vectors (CTS enforced by default) and a negative test per
// check, on JWS responses minted here (ES256, leaf certificate for attest.android.com).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { verifyAndroidSafetyNet } from '../../packages/webauthn/src/attestation/android-safetynet.js';
import type { AttestationInput } from '../../packages/webauthn/src/attestation/types.js';
import type { RegistrationExpectations } from '../../packages/webauthn/src/types.js';
import {
  attestationInputFor,
  casesWithFormat,
  code,
  findCase,
  flipBit,
  peer,
  withStmt,
} from './attestation-helpers.js';
import { mintCertificate } from './attestation-certs.js';

describe('android-safetynet attestation: vectors', () => {
  for (const c of casesWithFormat('android-safetynet')) {
    it(c.name, () => {
      const { input } = attestationInputFor(c);
      if (!c.expected.verified) {
        assert.throws(() => verifyAndroidSafetyNet(input), code('attestation_invalid', /ctsProfileMatch/));
        return;
      }
      const result = verifyAndroidSafetyNet(input);
      assert.equal(result.type, 'Basic');
      assert.ok(result.trustPath.length >= 2);
    });
  }
  it('the CTS case verifies when the caller does not require ctsProfileMatch', () => {
    const c = findCase(peer, 'MasterKale/SimpleWebAuthn: should enforce CTS check by default');
    const { input } = attestationInputFor(c);
    assert.equal(
      verifyAndroidSafetyNet({
        ...input,
        expected: { ...input.expected, safetyNetRequireCtsProfileMatch: false },
      }).type,
      'Basic',
    );
  });
});

const base = attestationInputFor(
  findCase(peer, 'duo-labs/py_webauthn: test_verify_attestation_android_safetynet'),
).input;
const now = new Date('2025-01-01T00:00:00Z');
const leafKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const root = mintCertificate({ ca: true, subject: [['2.5.4.3', 'credkit test SafetyNet root']] });
const goodNonce = createHash('sha256')
  .update(Buffer.concat([base.authData, base.clientDataHash]))
  .digest('base64');

interface JwsOptions {
  payload?: Record<string, unknown>;
  hostname?: string;
  alg?: string;
  tamper?: (sig: Buffer) => Buffer;
  expected?: Partial<RegistrationExpectations>;
}

function minted(o: JwsOptions = {}): AttestationInput {
  const leaf = mintCertificate({
    issuer: root,
    keyPair: leafKeys,
    subject: [['2.5.4.3', o.hostname ?? 'attest.android.com']],
  });
  const header = {
    alg: o.alg ?? 'ES256',
    x5c: [leaf.der, root.der].map((d) => Buffer.from(d).toString('base64')),
  };
  const payload = {
    nonce: goodNonce,
    timestampMs: now.getTime() - 5_000,
    ctsProfileMatch: true,
    basicIntegrity: true,
    ...o.payload,
  };
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const signingInput = `${enc(header)}.${enc(payload)}`;
  let sig: Buffer = sign('sha256', Buffer.from(signingInput), {
    key: leafKeys.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  if (o.tamper) sig = o.tamper(sig);
  const response = Buffer.from(`${signingInput}.${sig.toString('base64url')}`);
  return {
    ...base,
    attStmt: new Map<unknown, unknown>([
      ['ver', '1'],
      ['response', response],
    ]),
    expected: { ...base.expected, now, safetyNetMaxAgeMs: undefined, ...o.expected },
  };
}

describe('android-safetynet attestation: negative (§8.5)', () => {
  it('accepts a minted response meeting every check, with a two-certificate trust path', () => {
    assert.equal(verifyAndroidSafetyNet(minted()).trustPath.length, 2);
  });
  it('step 1: rejects a missing or empty ver, a response that is not bytes, extra members', () => {
    assert.throws(
      () => verifyAndroidSafetyNet(withStmt(base, 'ver', undefined)),
      code('attestation_invalid'),
    );
    assert.throws(() => verifyAndroidSafetyNet(withStmt(base, 'ver', '')), code('attestation_invalid'));
    assert.throws(
      () => verifyAndroidSafetyNet(withStmt(base, 'response', 'a.b.c')),
      code('attestation_invalid'),
    );
    assert.throws(() => verifyAndroidSafetyNet(withStmt(base, 'alg', -7)), code('attestation_invalid'));
  });
  it('step 2: rejects a response that is not a compact JWS', () => {
    assert.throws(
      () => verifyAndroidSafetyNet(withStmt(base, 'response', Buffer.from('abc.def'))),
      code('attestation_invalid'),
    );
    assert.throws(
      () => verifyAndroidSafetyNet(withStmt(base, 'response', Buffer.from('e30.e30.'))),
      code('attestation_invalid'),
    );
  });
  it('step 2: rejects a JWS whose signature does not verify', () => {
    assert.throws(
      () => verifyAndroidSafetyNet(minted({ tamper: (s) => Buffer.from(flipBit(s, 5)) })),
      code('attestation_invalid', /signature/),
    );
    const response = base.attStmt.get('response') as Uint8Array;
    assert.throws(
      () => verifyAndroidSafetyNet(withStmt(base, 'response', flipBit(response, -3))),
      code('attestation_invalid'),
    );
  });
  it('step 2: rejects a JWS alg other than RS256/ES256 for the key', () => {
    assert.throws(() => verifyAndroidSafetyNet(minted({ alg: 'HS256' })), code('attestation_invalid', /alg/));
    assert.throws(() => verifyAndroidSafetyNet(minted({ alg: 'RS256' })), code('attestation_invalid', /alg/));
  });
  it('step 3: rejects a nonce that is not base64(SHA-256(authData || clientDataHash))', () => {
    assert.throws(
      () => verifyAndroidSafetyNet({ ...minted(), clientDataHash: flipBit(base.clientDataHash, 0) }),
      code('attestation_invalid', /nonce/),
    );
    assert.throws(
      () => verifyAndroidSafetyNet(minted({ payload: { nonce: undefined } })),
      code('attestation_invalid', /nonce/),
    );
  });
  it('step 4: rejects a wildcard certificate: the leaf must be issued to attest.android.com itself', () => {
    assert.throws(
      () => verifyAndroidSafetyNet(minted({ hostname: '*.android.com' })),
      code('attestation_invalid', /attest\.android\.com/),
    );
  });
  it('step 4: rejects a signing certificate not issued to attest.android.com', () => {
    assert.throws(
      () => verifyAndroidSafetyNet(minted({ hostname: 'attest.example.com' })),
      code('attestation_invalid', /attest\.android\.com/),
    );
  });
  it('step 5: rejects ctsProfileMatch false by default, accepts it when the caller allows', () => {
    assert.throws(
      () => verifyAndroidSafetyNet(minted({ payload: { ctsProfileMatch: false } })),
      code('attestation_invalid', /ctsProfileMatch/),
    );
    assert.equal(
      verifyAndroidSafetyNet(
        minted({ payload: { ctsProfileMatch: false }, expected: { safetyNetRequireCtsProfileMatch: false } }),
      ).type,
      'Basic',
    );
  });
  it('timestampMs: rejects a response older than 60 s or from the future; the age limit is configurable', () => {
    const old = { timestampMs: now.getTime() - 61_000 };
    assert.throws(
      () => verifyAndroidSafetyNet(minted({ payload: old })),
      code('attestation_invalid', /too old/),
    );
    assert.throws(
      () => verifyAndroidSafetyNet(minted({ payload: { timestampMs: now.getTime() + 1 } })),
      code('attestation_invalid', /future/),
    );
    assert.throws(
      () => verifyAndroidSafetyNet(minted({ payload: { timestampMs: undefined } })),
      code('attestation_invalid', /timestampMs/),
    );
    assert.equal(
      verifyAndroidSafetyNet(minted({ payload: old, expected: { safetyNetMaxAgeMs: 120_000 } })).type,
      'Basic',
    );
    assert.equal(
      verifyAndroidSafetyNet(minted({ payload: old, expected: { safetyNetMaxAgeMs: false } })).type,
      'Basic',
    );
  });
});
