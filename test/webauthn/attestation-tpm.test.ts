// "tpm" attestation (WebAuthn L3 §8.3, §8.3.1): vectors (RSA and ECC, SHA-1 and SHA-256 TPMs) and a negative
// test per check; AIK certificate requirements on certificates minted here.
import { describe, it } from 'node:test';
import { attestedParts } from '../../packages/webauthn/src/authenticator-data.js';
import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { OctetString } from '@peculiar/asn1-schema';
import {
  ExtendedKeyUsage,
  GeneralName,
  Name,
  RelativeDistinguishedName,
  AttributeTypeAndValue,
  AttributeValue,
  SubjectAlternativeName,
  id_ce_extKeyUsage,
  id_ce_subjectAltName,
} from '@peculiar/asn1-x509';
import { verifyTpm } from '../../packages/webauthn/src/attestation/tpm.js';
import {
  parseCertInfo,
  parsePubArea,
  TPM_ALG,
} from '../../packages/webauthn/src/attestation/tpm-structures.js';
import type { AttestationInput } from '../../packages/webauthn/src/attestation/types.js';
import { OID_FIDO_GEN_CE_AAGUID } from '../../packages/webauthn/src/x509/extensions.js';
import {
  attestationInputFor,
  casesWithFormat,
  code,
  findCase,
  flipBit,
  peer,
  w3c,
  withStmt,
} from './attestation-helpers.js';
import { extension, mintCertificate, type MintOptions } from './attestation-certs.js';

const tpmCases = casesWithFormat('tpm');

describe('tpm attestation: vectors', () => {
  for (const c of tpmCases) {
    it(c.name, () => {
      const { input } = attestationInputFor(c);
      if (!c.expected.verified) {
        assert.throws(() => verifyTpm(input), code('attestation_invalid', /aaguid/));
        return;
      }
      const result = verifyTpm(input);
      assert.equal(result.type, 'AttCA');
      assert.equal(result.trustPath.length, (input.attStmt.get('x5c') as unknown[]).length);
    });
  }
  it('the vectors include RS1 (SHA-1) TPMs, RSA and ECC keys', () => {
    const inputs = tpmCases.map((c) => attestationInputFor(c).input);
    assert.ok(inputs.some((i) => i.attStmt.get('alg') === -65535));
    const types = new Set(inputs.map((i) => parsePubArea(i.attStmt.get('pubArea') as Uint8Array).type));
    assert.deepEqual([...types].sort(), [TPM_ALG.RSA, TPM_ALG.ECC].sort());
  });
});

const ecc = attestationInputFor(findCase(w3c, 'tpm.ES256 registration')).input;
const rsa = attestationInputFor(
  findCase(peer, 'duo-labs/py_webauthn: test_verify_attestation_dell_xps_13'),
).input;
const bytes = (input: AttestationInput, key: string) => input.attStmt.get(key) as Uint8Array;

function patched(source: Uint8Array, offset: number, value: number[]): Uint8Array {
  const copy = Uint8Array.from(source);
  copy.set(value, offset);
  return copy;
}

describe('tpm attestation: statement (§8.3)', () => {
  it('step 1: rejects ver other than "2.0", missing members, unknown members', () => {
    assert.throws(() => verifyTpm(withStmt(ecc, 'ver', '1.2')), code('attestation_invalid', /ver/));
    for (const key of ['alg', 'sig', 'certInfo', 'pubArea', 'x5c'])
      assert.throws(() => verifyTpm(withStmt(ecc, key, undefined)), code('attestation_invalid'), key);
    assert.throws(
      () => verifyTpm(withStmt(ecc, 'ecdaaKeyId', Uint8Array.of(1))),
      code('attestation_invalid'),
    );
  });
  it('step 1: rejects an unknown alg', () => {
    assert.throws(() => verifyTpm(withStmt(ecc, 'alg', -999)), code('unsupported_algorithm'));
  });
  it('step 2: rejects a pubArea whose key is not the credential key (ECC point, curve; RSA modulus, exponent; key type)', () => {
    assert.throws(
      () =>
        verifyTpm({
          ...ecc,
          credentialPublicKey: { ...ecc.credentialPublicKey, x: flipBit(ecc.credentialPublicKey.x!, 0) },
        }),
      code('attestation_invalid', /ECC point/),
    );
    assert.throws(
      () => verifyTpm({ ...ecc, credentialPublicKey: { ...ecc.credentialPublicKey, crv: 2 } }),
      code('attestation_invalid', /curve/),
    );
    assert.throws(
      () =>
        verifyTpm({
          ...rsa,
          credentialPublicKey: { ...rsa.credentialPublicKey, n: flipBit(rsa.credentialPublicKey.n!, -1) },
        }),
      code('attestation_invalid', /modulus/),
    );
    assert.throws(
      () => verifyTpm({ ...rsa, credentialPublicKey: { ...rsa.credentialPublicKey, e: Uint8Array.of(3) } }),
      code('attestation_invalid', /exponent/),
    );
    assert.throws(
      () => verifyTpm({ ...rsa, credentialPublicKey: ecc.credentialPublicKey }),
      code('attestation_invalid', /RSA key/),
    );
  });
  it('step 2: rejects a truncated pubArea or one with leftover bytes', () => {
    const pubArea = bytes(ecc, 'pubArea');
    assert.throws(
      () => verifyTpm(withStmt(ecc, 'pubArea', pubArea.subarray(0, pubArea.length - 1))),
      code('attestation_invalid', /truncated/),
    );
    assert.throws(
      () => verifyTpm(withStmt(ecc, 'pubArea', Buffer.concat([pubArea, Uint8Array.of(0)]))),
      code('attestation_invalid', /leftover/),
    );
  });
  it('step 4: rejects certInfo with another magic or type', () => {
    const certInfo = bytes(ecc, 'certInfo');
    assert.throws(
      () => verifyTpm(withStmt(ecc, 'certInfo', flipBit(certInfo, 0))),
      code('attestation_invalid', /magic/),
    );
    assert.throws(
      () => verifyTpm(withStmt(ecc, 'certInfo', patched(certInfo, 4, [0x80, 0x18]))),
      code('attestation_invalid', /type/),
    );
  });
  it('step 4: rejects extraData that is not the hash of authenticatorData || clientDataHash', () => {
    assert.throws(
      () => verifyTpm({ ...ecc, clientDataHash: flipBit(ecc.clientDataHash, 0) }),
      code('attestation_invalid', /extraData/),
    );
    assert.throws(
      () => verifyTpm({ ...rsa, authData: flipBit(rsa.authData, 33) }),
      code('attestation_invalid', /extraData/),
    );
  });
  it('step 4: rejects an attested name that is not the name of pubArea', () => {
    const pubArea = patched(bytes(ecc, 'pubArea'), 4, [0xff]); // objectAttributes changed: same key, other name
    assert.throws(() => verifyTpm(withStmt(ecc, 'pubArea', pubArea)), code('attestation_invalid', /name/));
    const certInfo = bytes(ecc, 'certInfo');
    assert.throws(
      () => verifyTpm(withStmt(ecc, 'certInfo', flipBit(certInfo, -40))),
      code('attestation_invalid'),
    );
  });
  it('step 4: rejects certInfo with leftover bytes', () => {
    assert.throws(
      () => verifyTpm(withStmt(ecc, 'certInfo', Buffer.concat([bytes(ecc, 'certInfo'), Uint8Array.of(0)]))),
      code('attestation_invalid', /leftover/),
    );
    assert.equal(parseCertInfo(bytes(ecc, 'certInfo')).attested.name.length, 34);
  });
  it('step 5: rejects a changed signature and an alg the AIK key cannot verify', () => {
    assert.throws(
      () => verifyTpm(withStmt(ecc, 'sig', flipBit(bytes(ecc, 'sig'), -1))),
      code('attestation_invalid', /signature/),
    );
    assert.throws(
      () => verifyTpm(withStmt(rsa, 'sig', flipBit(bytes(rsa, 'sig'), -1))),
      code('attestation_invalid', /signature/),
    );
    assert.throws(() => verifyTpm(withStmt(ecc, 'alg', -257)), code('attestation_invalid'));
  });
});

const rdn = (oid: string, value: string) =>
  new RelativeDistinguishedName([
    new AttributeTypeAndValue({ type: oid, value: new AttributeValue({ utf8String: value }) }),
  ]);
const TPM_ATTRS: Array<[string, string]> = [
  ['2.23.133.2.1', 'id:54534700'],
  ['2.23.133.2.2', 'credkit'],
  ['2.23.133.2.3', 'id:00010002'],
];
const san = (attrs = TPM_ATTRS) =>
  extension(
    id_ce_subjectAltName,
    new SubjectAlternativeName([
      new GeneralName({ directoryName: new Name(attrs.map(([o, v]) => rdn(o, v))) }),
    ]),
    true,
  );
const eku = (oid = '2.23.133.8.3') => extension(id_ce_extKeyUsage, new ExtendedKeyUsage([oid]));

/** The W3C ECC statement, its certInfo signed by a minted AIK certificate. */
function mintedAik(options: MintOptions): AttestationInput {
  const aik = mintCertificate({ subject: [], extensions: [san(), eku()], ...options });
  const sig = sign('sha256', bytes(ecc, 'certInfo'), aik.privateKey);
  return withStmt(withStmt(withStmt(ecc, 'x5c', [aik.der]), 'sig', sig), 'alg', -7);
}

describe('tpm attestation: AIK certificate requirements (§8.3.1)', () => {
  it('accepts a minted AIK certificate meeting every requirement, with a matching aaguid extension', () => {
    assert.equal(verifyTpm(mintedAik({})).type, 'AttCA');
    const aaguid = attestedParts(ecc.authData).aaguid;
    assert.equal(
      verifyTpm(
        mintedAik({ extensions: [san(), eku(), extension(OID_FIDO_GEN_CE_AAGUID, new OctetString(aaguid))] }),
      ).type,
      'AttCA',
    );
  });
  it('rejects a certificate that is not version 3', () => {
    assert.throws(() => verifyTpm(mintedAik({ version: 1 })), code('attestation_invalid', /version 3/));
  });
  it('rejects a non-empty subject', () => {
    assert.throws(
      () => verifyTpm(mintedAik({ subject: [['2.5.4.3', 'aik']] })),
      code('attestation_invalid', /subject must be empty/),
    );
  });
  it('rejects a subject alternative name without manufacturer, model or version', () => {
    for (let i = 0; i < 3; i++) {
      const attrs = TPM_ATTRS.filter((_, j) => j !== i);
      assert.throws(
        () => verifyTpm(mintedAik({ extensions: [san(attrs), eku()] })),
        code('attestation_invalid', /alternative name/),
      );
    }
    assert.throws(
      () => verifyTpm(mintedAik({ extensions: [eku()] })),
      code('attestation_invalid', /alternative name/),
    );
  });
  it('rejects a manufacturer that is not "id:" and 8 hex digits', () => {
    for (const bad of ['54534700', 'id:545347', 'id:5453470G']) {
      const attrs: Array<[string, string]> = [['2.23.133.2.1', bad], ...TPM_ATTRS.slice(1)];
      assert.throws(
        () => verifyTpm(mintedAik({ extensions: [san(attrs), eku()] })),
        code('attestation_invalid', /manufacturer/),
        bad,
      );
    }
  });
  it('rejects an extended key usage without tcg-kp-AIKCertificate', () => {
    assert.throws(
      () => verifyTpm(mintedAik({ extensions: [san(), eku('1.3.6.1.5.5.7.3.2')] })),
      code('attestation_invalid', /key usage/),
    );
    assert.throws(
      () => verifyTpm(mintedAik({ extensions: [san()] })),
      code('attestation_invalid', /key usage/),
    );
  });
  it('rejects a CA certificate', () => {
    assert.throws(() => verifyTpm(mintedAik({ ca: true })), code('attestation_invalid', /CA false/));
  });
  it('rejects an id-fido-gen-ce-aaguid that differs from the authenticator data AAGUID', () => {
    const other = new OctetString(new Uint8Array(16).fill(9));
    assert.throws(
      () => verifyTpm(mintedAik({ extensions: [san(), eku(), extension(OID_FIDO_GEN_CE_AAGUID, other)] })),
      code('attestation_invalid', /aaguid/),
    );
  });
});
