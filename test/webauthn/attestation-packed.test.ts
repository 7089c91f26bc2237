// "packed" attestation (WebAuthn L3 §8.2): every vector case reaches its outcome through verifyPacked, and each
// verification step has a negative test asserting the error code.
import { describe, it } from 'node:test';
import { attestedParts } from '../../packages/webauthn/src/authenticator-data.js';
import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { OctetString } from '@peculiar/asn1-schema';
import { verifyPacked } from '../../packages/webauthn/src/attestation/packed.js';
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
import { PACKED_SUBJECT, extension, mintCertificate, type MintOptions } from './attestation-certs.js';

describe('packed attestation: vectors', () => {
  for (const c of casesWithFormat('packed')) {
    it(c.name, () => {
      const { input } = attestationInputFor(c);
      const failsHere = (c.observed as { failureReasons?: string[] } | undefined)?.failureReasons?.includes(
        'aaguid_extension_mismatch',
      );
      if (failsHere) {
        assert.throws(() => verifyPacked(input), code('attestation_invalid', /aaguid/));
        return;
      }
      const result = verifyPacked(input);
      const hasX5c = input.attStmt.has('x5c');
      assert.equal(result.type, hasX5c ? 'Basic' : 'Self');
      assert.equal(result.trustPath.length, hasX5c ? (input.attStmt.get('x5c') as unknown[]).length : 0);
    });
  }
});

const selfInput = attestationInputFor(findCase(w3c, 'packed-self.ES256 registration')).input;
const x5cInput = attestationInputFor(findCase(w3c, 'packed.ES256 registration')).input;

/** A packed x5c statement over x5cInput's data, signed by a freshly minted leaf certificate. */
function mintedStatement(options: MintOptions): AttestationInput {
  const leaf = mintCertificate(options);
  const sig = sign('sha256', Buffer.concat([x5cInput.authData, x5cInput.clientDataHash]), leaf.privateKey);
  return {
    ...x5cInput,
    attStmt: new Map<unknown, unknown>([
      ['alg', -7],
      ['sig', sig],
      ['x5c', [leaf.der]],
    ]),
  };
}

describe('packed attestation: self (§8.2 step 3)', () => {
  it('rejects an alg that differs from the credential key alg (stricter than peers)', () => {
    assert.throws(
      () => verifyPacked(withStmt(selfInput, 'alg', -257)),
      code('attestation_invalid', /differs from the credential key alg/),
    );
    assert.throws(
      () => verifyPacked(withStmt(selfInput, 'alg', -35)),
      code('attestation_invalid', /differs from the credential key alg/),
    );
  });
  it('rejects a changed signature', () => {
    assert.throws(
      () => verifyPacked(withStmt(selfInput, 'sig', flipBit(selfInput.attStmt.get('sig') as Uint8Array, -1))),
      code('attestation_invalid'),
    );
  });
  it('rejects a signature over different authenticator data', () => {
    assert.throws(
      () => verifyPacked({ ...selfInput, authData: flipBit(selfInput.authData, 33) }),
      code('attestation_invalid'),
    );
  });
  it('rejects a signature over a different clientDataHash', () => {
    assert.throws(
      () => verifyPacked({ ...selfInput, clientDataHash: flipBit(selfInput.clientDataHash, 0) }),
      code('attestation_invalid'),
    );
  });
});

describe('packed attestation: syntax (§8.2 step 1)', () => {
  it('rejects a missing or non-integer alg', () => {
    assert.throws(() => verifyPacked(withStmt(selfInput, 'alg', undefined)), code('attestation_invalid'));
    assert.throws(() => verifyPacked(withStmt(selfInput, 'alg', '-7')), code('attestation_invalid'));
  });
  it('rejects a missing or non-bytes sig', () => {
    assert.throws(() => verifyPacked(withStmt(selfInput, 'sig', undefined)), code('attestation_invalid'));
    assert.throws(() => verifyPacked(withStmt(selfInput, 'sig', 'abc')), code('attestation_invalid'));
  });
  it('rejects an empty x5c, a non-bytes element and a certificate that does not parse', () => {
    assert.throws(() => verifyPacked(withStmt(x5cInput, 'x5c', [])), code('attestation_invalid'));
    assert.throws(() => verifyPacked(withStmt(x5cInput, 'x5c', ['cert'])), code('attestation_invalid'));
    assert.throws(
      () => verifyPacked(withStmt(x5cInput, 'x5c', [Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01)])),
      code('attestation_invalid'),
    );
  });
  it('rejects members the format does not define (ecdaaKeyId)', () => {
    assert.throws(
      () => verifyPacked(withStmt(x5cInput, 'ecdaaKeyId', Uint8Array.of(1))),
      code('attestation_invalid'),
    );
  });
  it('rejects an unknown algorithm and RS1 outside TPM', () => {
    assert.throws(() => verifyPacked(withStmt(x5cInput, 'alg', -999)), code('unsupported_algorithm'));
    assert.throws(() => verifyPacked(withStmt(x5cInput, 'alg', -65535)), code('unsupported_algorithm'));
  });
});

describe('packed attestation: x5c (§8.2 step 2, §8.2.1)', () => {
  it('rejects a changed signature', () => {
    assert.throws(
      () => verifyPacked(withStmt(x5cInput, 'sig', flipBit(x5cInput.attStmt.get('sig') as Uint8Array, -1))),
      code('attestation_invalid'),
    );
  });
  it('rejects an alg the certificate key cannot verify', () => {
    assert.throws(() => verifyPacked(withStmt(x5cInput, 'alg', -257)), code('attestation_invalid'));
  });
  it('accepts a minted certificate meeting §8.2.1, with or without a matching aaguid extension', () => {
    assert.equal(verifyPacked(mintedStatement({})).type, 'Basic');
    const aaguid = attestedParts(x5cInput.authData).aaguid;
    assert.equal(
      verifyPacked(
        mintedStatement({ extensions: [extension(OID_FIDO_GEN_CE_AAGUID, new OctetString(aaguid))] }),
      ).type,
      'Basic',
    );
  });
  it('rejects an id-fido-gen-ce-aaguid that differs from the authenticator data AAGUID', () => {
    const other = new Uint8Array(16).fill(7);
    assert.throws(
      () =>
        verifyPacked(
          mintedStatement({ extensions: [extension(OID_FIDO_GEN_CE_AAGUID, new OctetString(other))] }),
        ),
      code('attestation_invalid', /does not match/),
    );
    assert.throws(
      () =>
        verifyPacked(
          attestationInputFor(
            findCase(peer, 'kanidm/webauthn-rs: test_registration_packed_attestaion_fails_with_inv'),
          ).input,
        ),
      code('attestation_invalid', /does not match/),
    );
  });
  it('rejects a critical id-fido-gen-ce-aaguid extension', () => {
    const aaguid = attestedParts(x5cInput.authData).aaguid;
    assert.throws(
      () =>
        verifyPacked(
          mintedStatement({ extensions: [extension(OID_FIDO_GEN_CE_AAGUID, new OctetString(aaguid), true)] }),
        ),
      code('attestation_invalid', /critical/),
    );
  });
  it('rejects a certificate that is not version 3', () => {
    assert.throws(
      () => verifyPacked(mintedStatement({ version: 1 })),
      code('attestation_invalid', /version 3/),
    );
  });
  it('rejects a CA certificate as attestation certificate', () => {
    assert.throws(() => verifyPacked(mintedStatement({ ca: true })), code('attestation_invalid', /CA false/));
  });
  const without = (oid: string) => PACKED_SUBJECT.filter(([type]) => type !== oid);
  it('rejects a subject without C, without O, without CN', () => {
    for (const oid of ['2.5.4.6', '2.5.4.10', '2.5.4.3']) {
      assert.throws(
        () => verifyPacked(mintedStatement({ subject: without(oid) })),
        code('attestation_invalid', /subject/),
        oid,
      );
    }
  });
  it('rejects a country that is not a two-letter code', () => {
    assert.throws(
      () => verifyPacked(mintedStatement({ subject: [['2.5.4.6', 'USA'], ...without('2.5.4.6')] })),
      code('attestation_invalid', /ISO 3166/),
    );
  });
  it('rejects an OU other than "Authenticator Attestation"', () => {
    assert.throws(
      () => verifyPacked(mintedStatement({ subject: [...without('2.5.4.11'), ['2.5.4.11', 'Attestation']] })),
      code('attestation_invalid', /Authenticator Attestation/),
    );
  });
});
