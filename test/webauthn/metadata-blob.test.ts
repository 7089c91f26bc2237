// FIDO MDS3 BLOBs (parseMetadataBlob): generated roots, signers and BLOBs; every way a BLOB is refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  attestationKeyIdentifier,
  certificatesFromPem,
  certificateToPem,
  decodeMetadataBlob,
  parseMetadataBlob,
} from '../../packages/webauthn/src/index.js';
import { mintCertificate } from './attestation-certs.js';
import { code } from './attestation-helpers.js';
import {
  AAGUID,
  NEXT_UPDATE,
  NOW,
  fido2Entry,
  mintBlobSigner,
  mintCa,
  payload,
  signBlob,
} from './mds-fixtures.js';

const root = mintCa('credkit test MDS root');
const intermediate = mintCa('credkit test MDS CA-1', root);
const rsSigner = mintBlobSigner(root, 'RS256', intermediate);
const esSigner = mintBlobSigner(root, 'ES256');
const attestationRoot = mintCa('credkit test attestation root');
const entries = [fido2Entry(attestationRoot)];
const good = signBlob(payload(entries), rsSigner);
const parse = (blob: string | Uint8Array, roots = [root.der], now = NOW) =>
  parseMetadataBlob({ blob, roots, now });

describe('parseMetadataBlob: valid BLOBs', () => {
  it('RS256 through an intermediate: number, nextUpdate, entries indexed by AAGUID', () => {
    const blob = parse(good);
    assert.equal(blob.no, 42);
    assert.equal(blob.nextUpdate, NEXT_UPDATE);
    assert.equal(blob.alg, 'RS256');
    assert.equal(blob.legalHeader, 'credkit test BLOB');
    assert.equal(blob.entries.length, 1);
    assert.equal(blob.byAaguid.get(AAGUID)?.metadataStatement?.description, 'credkit Test Security Key');
    assert.match(blob.signer, /credkit MDS signer RS256/);
  });

  it('ES256 signed directly under the root, given as bytes with a trailing newline', () => {
    const blob = parse(Buffer.from(`${signBlob(payload(entries), esSigner)}\n`));
    assert.equal(blob.alg, 'ES256');
  });

  it('one of several roots suffices; upper-case AAGUIDs and key identifiers are indexed lower-case', () => {
    const other = mintCa('unrelated root');
    const upper = {
      ...fido2Entry(attestationRoot, undefined, AAGUID.toUpperCase()),
      attestationCertificateKeyIdentifiers: ['ABCDEF0123'],
    };
    const blob = parse(signBlob(payload([upper]), rsSigner), [other.der, root.der]);
    assert.ok(blob.byAaguid.has(AAGUID));
    assert.ok(blob.byKeyIdentifier.has('abcdef0123'));
  });

  it('usable through the whole nextUpdate day (UTC); the next day it is metadata_expired', () => {
    assert.equal(parse(good, [root.der], new Date(`${NEXT_UPDATE}T23:59:59.999Z`)).no, 42);
    assert.throws(() => parse(good, [root.der], new Date('2030-06-02T00:00:00Z')), code('metadata_expired'));
  });
});

describe('parseMetadataBlob: refused BLOBs are metadata_invalid', () => {
  const [h, p, s] = good.split('.') as [string, string, string];
  const reencode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

  it('a tampered payload (the signature no longer covers it)', () => {
    const tampered = { ...payload(entries), no: 43 };
    assert.throws(() => parse(`${h}.${reencode(tampered)}.${s}`), code('metadata_invalid', /signature/));
  });

  it('a bad signature', () => {
    const sig = Buffer.from(s, 'base64url');
    sig[10] ^= 1;
    assert.throws(
      () => parse(`${h}.${p}.${sig.toString('base64url')}`),
      code('metadata_invalid', /signature/),
    );
  });

  it('a chain that does not end at the configured root', () => {
    assert.throws(() => parse(good, [mintCa('another root').der]), code('metadata_invalid', /root/));
    assert.throws(() => parse(good, []), code('metadata_invalid', /no MDS root/));
  });

  it('an x5c out of order, a signer that is not a CA issuing, and a signer outside its validity', () => {
    const swapped = { ...rsSigner, x5c: [...rsSigner.x5c].reverse() };
    assert.throws(() => parse(signBlob(payload(entries), swapped)), code('metadata_invalid', /issued/));
    const leaf = mintCertificate({ subject: [['2.5.4.3', 'not a CA']], issuer: root });
    const underLeaf = mintCertificate({ subject: [['2.5.4.3', 'signer']], issuer: leaf });
    const bad = { alg: 'ES256' as const, privateKey: underLeaf.privateKey, x5c: [underLeaf.der, leaf.der] };
    assert.throws(() => parse(signBlob(payload(entries), bad)), code('metadata_invalid', /may not issue/));
    assert.throws(() => parse(good, [root.der], new Date('2045-01-01T00:00:00Z')), code('metadata_invalid'));
  });

  it('an alg other than RS256/ES256, or one that does not fit the signer key', () => {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
    for (const alg of ['none', 'HS256', 'ES256', 'PS256']) {
      const blob = `${reencode({ ...header, alg })}.${p}.${s}`;
      assert.throws(() => parse(blob), code('metadata_invalid'), alg);
    }
  });

  it('malformed text, header or payload: a typed error, never a crash', () => {
    const cases = [
      '',
      'not a jws',
      'a.b',
      'a.b.c.d',
      `${h}.${p}.`,
      `${reencode([1])}.${p}.${s}`,
      `${reencode({ alg: 'RS256' })}.${p}.${s}`,
      `${reencode({ alg: 'RS256', x5c: ['***'] })}.${p}.${s}`,
      `${reencode({ alg: 'RS256', x5c: ['AAAA'] })}.${p}.${s}`,
      `${Buffer.from('{not json').toString('base64url')}.${p}.${s}`,
    ];
    for (const text of cases) assert.throws(() => parse(text), code('metadata_invalid'), text);
    assert.throws(() => parse(good, [new Uint8Array([1, 2, 3])]), code('metadata_invalid'));
    assert.throws(() => parse(good, [root.der], new Date(NaN)), code('metadata_invalid'));
  });

  it('a payload without no, with a bad nextUpdate, or with entries of the wrong shape', () => {
    const bad = [
      payload(entries, { no: '42' }),
      payload(entries, { no: -1 }),
      payload(entries, { nextUpdate: '2030-02-30' }),
      payload(entries, { nextUpdate: '1 June 2030' }),
      payload(entries, { entries: {} }),
      payload([1]),
      payload([{ aaguid: AAGUID }]),
      payload([{ aaguid: 'not-an-aaguid', statusReports: [] }]),
      payload([{ aaguid: AAGUID, statusReports: [{ effectiveDate: '2020-01-01' }] }]),
      payload([{ aaguid: AAGUID, statusReports: [{ status: 'REVOKED', effectiveDate: 'yesterday' }] }]),
      payload([{ aaguid: AAGUID, statusReports: [], metadataStatement: { description: 'x' } }]),
      payload([{ attestationCertificateKeyIdentifiers: ['xyz'], statusReports: [] }]),
    ];
    for (const body of bad) assert.throws(() => parse(signBlob(body, rsSigner)), code('metadata_invalid'));
  });

  it('decodeMetadataBlob reads without judging (for inspection)', () => {
    const jws = decodeMetadataBlob(good);
    assert.equal(jws.header.alg, 'RS256');
    assert.equal(jws.payload.no, 42);
    assert.equal(jws.header.x5c.length, 2);
  });
});

describe('PEM roots and key identifiers', () => {
  it('certificatesFromPem reads every certificate of a file, skipping text between them', () => {
    const other = mintCa('second root');
    const pem = `# roots\n${certificateToPem(root.der)}junk\n${certificateToPem(other.der)}`;
    const ders = certificatesFromPem(pem);
    assert.deepEqual(
      ders.map((d) => Buffer.from(d).toString('hex')),
      [root.der, other.der].map((d) => Buffer.from(d).toString('hex')),
    );
    assert.deepEqual(certificatesFromPem('no certificates here'), []);
  });

  it('attestationKeyIdentifier is SHA-1 of the subjectPublicKey bits (the P-256 point)', () => {
    const cert = mintCertificate();
    const spki = cert.publicKey.export({ format: 'der', type: 'spki' });
    const point = spki.subarray(spki.length - 65); // 0x04 || x || y ends the SPKI of a P-256 key
    assert.equal(attestationKeyIdentifier(cert.der), createHash('sha1').update(point).digest('hex'));
  });
});
