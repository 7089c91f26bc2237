// Registrations judged against a generated MDS3 BLOB (verifyRegistration with expected.metadata, and
// verifyAttestationMetadata directly): statement roots, status reports, policy, freshness.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  parseMetadataBlob,
  verifyAttestationMetadata,
  verifyRegistration,
  type AttestationPolicy,
  type MetadataBlob,
} from '../../packages/webauthn/src/index.js';
import { code } from './attestation-helpers.js';
import {
  AAGUID,
  NOW,
  ORIGIN,
  RP_ID,
  fido2Entry,
  mintBlobSigner,
  mintCa,
  mintSecurityKey,
  payload,
  register,
  signBlob,
  type StatusReportInput,
} from './mds-fixtures.js';

const root = mintCa('credkit test MDS root');
const signer = mintBlobSigner(root, 'ES256');
const key = mintSecurityKey();

function blobWith(entries: unknown[]): MetadataBlob {
  return parseMetadataBlob({ blob: signBlob(payload(entries), signer), roots: [root.der], now: NOW });
}

const withReports = (reports: StatusReportInput[]) => blobWith([fido2Entry(key.root, reports)]);

function verify(
  metadata: MetadataBlob,
  options: { policy?: AttestationPolicy; attest?: boolean; aaguid?: string; now?: Date } = {},
) {
  const { response, challenge } = register(options.attest === false ? undefined : key, options.aaguid);
  return verifyRegistration({
    response,
    expected: {
      challenge,
      origins: ORIGIN,
      rpId: RP_ID,
      metadata,
      attestationPolicy: options.policy,
      now: options.now ?? NOW,
    },
  });
}

describe('registration with MDS: accepted', () => {
  it('a packed security key whose chain ends at its statement root: name, icon, certification, trusted', () => {
    const { registrationInfo } = verify(
      withReports([{ status: 'FIDO_CERTIFIED_L1', effectiveDate: '2029-01-01' }]),
    );
    assert.equal(registrationInfo.fmt, 'packed');
    assert.equal(registrationInfo.attestationType, 'Basic');
    assert.equal(registrationInfo.attestationTrusted, true);
    const a = registrationInfo.authenticator!;
    assert.equal(a.aaguid, AAGUID);
    assert.equal(a.name, 'credkit Test Security Key');
    assert.equal(a.icon, 'data:image/png;base64,iVBORw0KGgo=');
    assert.equal(a.attested, true);
    assert.equal(a.status, 'FIDO_CERTIFIED_L1');
    assert.equal(a.certificationLevel, 'FIDO_CERTIFIED_L1');
  });

  it('a newer non-rejecting report overrides an older REVOKED one', () => {
    const metadata = withReports([
      { status: 'FIDO_CERTIFIED_L1', effectiveDate: '2028-01-01' },
      { status: 'REVOKED', effectiveDate: '2028-06-01' },
      { status: 'UPDATE_AVAILABLE', effectiveDate: '2029-03-01' },
    ]);
    const a = verify(metadata).registrationInfo.authenticator!;
    assert.equal(a.status, 'UPDATE_AVAILABLE');
    assert.equal(a.certificationLevel, 'FIDO_CERTIFIED_L1');
  });

  it('order in the BLOB does not matter, the effectiveDate does; a report dated after now is not yet in effect', () => {
    const metadata = withReports([
      { status: 'FIDO_CERTIFIED_L2', effectiveDate: '2029-05-01' },
      { status: 'REVOKED', effectiveDate: '2029-01-01' },
      { status: 'REVOKED', effectiveDate: '2030-05-21' }, // the day after NOW
    ]);
    assert.equal(verify(metadata).registrationInfo.authenticator!.status, 'FIDO_CERTIFIED_L2');
    assert.throws(
      () => verify(metadata, { now: new Date('2030-05-21T00:00:00Z') }),
      code('authenticator_revoked'),
    );
  });

  it('without attestation, when the policy allows it: unattested, named from the statement', () => {
    const { registrationInfo } = verify(withReports([]), {
      attest: false,
      policy: { requireAttestation: false },
    });
    assert.equal(registrationInfo.fmt, 'none');
    assert.equal(registrationInfo.attestationTrusted, false);
    assert.deepEqual(
      { attested: registrationInfo.authenticator!.attested, name: registrationInfo.authenticator!.name },
      { attested: false, name: 'credkit Test Security Key' },
    );
  });
});

describe('registration with MDS: refused', () => {
  const rejecting = [
    'REVOKED',
    'ATTESTATION_KEY_COMPROMISE',
    'USER_KEY_REMOTE_COMPROMISE',
    'USER_KEY_PHYSICAL_COMPROMISE',
    'USER_VERIFICATION_BYPASS',
  ];
  for (const status of rejecting) {
    it(`newest status ${status}: authenticator_revoked`, () => {
      const metadata = withReports([
        { status: 'FIDO_CERTIFIED_L1', effectiveDate: '2028-01-01' },
        { status, effectiveDate: '2029-01-01' },
      ]);
      assert.throws(() => verify(metadata), code('authenticator_revoked', new RegExp(status)));
    });
  }

  it('an AAGUID the BLOB does not know: attestation_untrusted', () => {
    const other = blobWith([fido2Entry(key.root, undefined, 'cb69481e-8ff7-4039-93ec-0a2729a154a8')]);
    assert.throws(() => verify(other), code('attestation_untrusted', /no metadata statement/));
  });

  it('an entry without a metadata statement: attestation_untrusted', () => {
    const bare = blobWith([{ aaguid: AAGUID, statusReports: [{ status: 'FIDO_CERTIFIED_L1' }] }]);
    assert.throws(() => verify(bare), code('attestation_untrusted'));
  });

  it("a chain that ends at another root than the statement's: attestation_untrusted", () => {
    const metadata = blobWith([fido2Entry(mintCa('someone else'))]);
    assert.throws(() => verify(metadata), code('attestation_untrusted', /trust anchor/));
  });

  it('no attestation chain under the default policy: attestation_untrusted', () => {
    assert.throws(
      () => verify(withReports([]), { attest: false }),
      code('attestation_untrusted', /no attestation chain/),
    );
  });

  it('policy: allowed AAGUIDs', () => {
    const metadata = withReports([{ status: 'FIDO_CERTIFIED_L1' }]);
    assert.equal(verify(metadata, { policy: { allowedAaguids: [AAGUID.toUpperCase()] } }).verified, true);
    assert.throws(
      () => verify(metadata, { policy: { allowedAaguids: ['cb69481e-8ff7-4039-93ec-0a2729a154a8'] } }),
      code('attestation_untrusted', /allowed AAGUIDs/),
    );
  });

  it('policy: minimum certification level, from the newest certification report in effect', () => {
    const l1 = withReports([{ status: 'FIDO_CERTIFIED', effectiveDate: '2029-01-01' }]);
    assert.equal(verify(l1, { policy: { minimumCertificationLevel: 'FIDO_CERTIFIED_L1' } }).verified, true);
    assert.throws(
      () => verify(l1, { policy: { minimumCertificationLevel: 'FIDO_CERTIFIED_L1plus' } }),
      code('attestation_untrusted', /below FIDO_CERTIFIED_L1plus/),
    );
    const l2 = withReports([
      { status: 'FIDO_CERTIFIED_L2', effectiveDate: '2028-01-01' },
      { status: 'UPDATE_AVAILABLE', effectiveDate: '2029-01-01' },
    ]);
    assert.equal(verify(l2, { policy: { minimumCertificationLevel: 'FIDO_CERTIFIED_L2' } }).verified, true);
    const decertified = withReports([
      { status: 'FIDO_CERTIFIED_L2', effectiveDate: '2028-01-01' },
      { status: 'NOT_FIDO_CERTIFIED', effectiveDate: '2029-01-01' },
    ]);
    assert.throws(
      () => verify(decertified, { policy: { minimumCertificationLevel: 'FIDO_CERTIFIED_L1' } }),
      code('attestation_untrusted'),
    );
    assert.throws(
      () => verify(withReports([]), { policy: { minimumCertificationLevel: 'FIDO_CERTIFIED_L1' } }),
      code('attestation_untrusted', /not certified/),
    );
  });

  it('a BLOB past its nextUpdate at registration time: metadata_expired', () => {
    const metadata = withReports([{ status: 'FIDO_CERTIFIED_L1' }]);
    assert.throws(
      () => verify(metadata, { now: new Date('2030-06-02T00:00:00Z') }),
      code('metadata_expired'),
    );
  });
});

describe('verifyAttestationMetadata: U2F look-up by attestation certificate key identifier', () => {
  const zero = '00000000-0000-0000-0000-000000000000';
  const spki = key.batch.publicKey.export({ format: 'der', type: 'spki' });
  const keyId = createHash('sha1')
    .update(spki.subarray(spki.length - 65))
    .digest('hex');
  const u2fEntry = (ids: string[]) => {
    const { aaguid: _a, ...rest } = fido2Entry(key.root);
    const { aaguid: _s, ...statement } = rest.metadataStatement as Record<string, unknown>;
    return {
      ...rest,
      attestationCertificateKeyIdentifiers: ids,
      metadataStatement: { ...statement, attestationCertificateKeyIdentifiers: ids },
    };
  };

  it('finds the statement by the leaf key identifier when the AAGUID is zero', () => {
    const result = verifyAttestationMetadata({
      metadata: blobWith([u2fEntry([keyId.toUpperCase()])]),
      registration: { aaguid: zero, trustPath: [key.batch.der] },
      now: NOW,
    });
    assert.equal(result.attested, true);
    assert.equal(result.name, 'credkit Test Security Key');
  });

  it('another key identifier: attestation_untrusted', () => {
    assert.throws(
      () =>
        verifyAttestationMetadata({
          metadata: blobWith([u2fEntry(['00'.repeat(20)])]),
          registration: { aaguid: zero, trustPath: [key.batch.der] },
          now: NOW,
        }),
      code('attestation_untrusted'),
    );
  });

  it('a statement root that is not a certificate: metadata_invalid', () => {
    const entry = fido2Entry(key.root);
    (entry.metadataStatement as Record<string, unknown>).attestationRootCertificates = ['AAAA'];
    assert.throws(
      () =>
        verifyAttestationMetadata({
          metadata: blobWith([entry]),
          registration: { aaguid: AAGUID, trustPath: [key.batch.der] },
          now: NOW,
        }),
      code('metadata_invalid'),
    );
  });
});
