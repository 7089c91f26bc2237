// ATTESTATION_POLICY's key=value syntax, and the MDS variables' rules in loadConfig: what is read, what is
// refused and why.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultConfig,
  loadConfig,
  validateConfig,
  type ServerConfig,
} from '../../packages/server/src/config.js';
import { describeAttestationPolicy, parseAttestationPolicy } from '../../packages/server/src/index.js';

const A = '2fc0579f-8113-47ea-b116-bb5a8db9202a';
const B = 'CB69481E-8FF7-4039-93EC-0A2729A154A8';
const MDS = { MDS_BLOB: './mds.jwt', MDS_ROOT_CERT: './root.pem' };

describe('ATTESTATION_POLICY', () => {
  it('reads attestation, aaguids and certification; attestation is required unless said otherwise', () => {
    assert.deepEqual(
      parseAttestationPolicy(`attestation=required; aaguids=${A}, ${B}; certification=FIDO_CERTIFIED_L2`),
      {
        requireAttestation: true,
        allowedAaguids: [A, B.toLowerCase()],
        minimumCertificationLevel: 'FIDO_CERTIFIED_L2',
      },
    );
    assert.deepEqual(parseAttestationPolicy('certification=FIDO_CERTIFIED_L1'), {
      requireAttestation: true,
      minimumCertificationLevel: 'FIDO_CERTIFIED_L1',
    });
    assert.deepEqual(parseAttestationPolicy(`attestation=optional;aaguids=${A}`), {
      requireAttestation: false,
      allowedAaguids: [A],
    });
    assert.equal(
      describeAttestationPolicy(parseAttestationPolicy(`aaguids=${A}; certification=FIDO_CERTIFIED_L1plus`)),
      `attestation=required; aaguids=${A}; certification=FIDO_CERTIFIED_L1plus`,
    );
  });

  it('refuses what it cannot apply, naming the problem', () => {
    for (const [text, problem] of [
      ['attestation', /not key=value/],
      ['level=FIDO_CERTIFIED_L1', /unknown key 'level'/],
      ['attestation=maybe', /required or optional/],
      ['attestation=required; attestation=optional', /twice/],
      ['aaguids=not-an-aaguid', /not an AAGUID/],
      ['aaguids=', /no AAGUID/],
      ['certification=FIDO_CERTIFIED', /certification must be one of FIDO_CERTIFIED_L1/],
      ['attestation=optional; certification=FIDO_CERTIFIED_L1', /needs attestation=required/],
    ] as const) {
      assert.throws(() => parseAttestationPolicy(text), problem, text);
    }
  });

  it('loadConfig: the MDS variables, and their dependencies on one another', () => {
    const config = loadConfig({
      ...MDS,
      MDS_CACHE: '/var/cache/credkit/mds.jwt',
      ATTESTATION_POLICY: 'certification=FIDO_CERTIFIED_L1',
    });
    assert.equal(config.mdsBlob, './mds.jwt');
    assert.equal(config.mdsRootCert, './root.pem');
    assert.equal(config.mdsCache, '/var/cache/credkit/mds.jwt');
    assert.deepEqual(config.attestationPolicy, {
      requireAttestation: true,
      minimumCertificationLevel: 'FIDO_CERTIFIED_L1',
    });
    assert.equal(
      loadConfig({ ...MDS, MDS_BLOB: 'https://mds.example/blob' }).mdsBlob,
      'https://mds.example/blob',
    );
    assert.throws(() => loadConfig({ MDS_BLOB: './mds.jwt' }), /MDS_BLOB needs MDS_ROOT_CERT/);
    assert.throws(() => loadConfig({ MDS_ROOT_CERT: './root.pem' }), /without MDS_BLOB/);
    assert.throws(() => loadConfig({ ATTESTATION_POLICY: 'attestation=required' }), /needs MDS_BLOB/);
    assert.throws(() => loadConfig({ ...MDS, MDS_BLOB: 'ftp://mds.example/blob' }), /http\(s\) URL/);
    assert.throws(() => loadConfig({ ...MDS, ATTESTATION_POLICY: 'nonsense=1' }), /ATTESTATION_POLICY/);
  });

  it('a config file takes the policy as the same text or as the core object', () => {
    const dir = mkdtempSync(join(tmpdir(), 'credkit-policy-'));
    try {
      const file = join(dir, 'credkit.json');
      writeFileSync(
        file,
        JSON.stringify({ mdsBlob: 'm.jwt', mdsRootCert: 'r.pem', attestationPolicy: `aaguids=${A}` }),
      );
      assert.deepEqual(loadConfig({}, file).attestationPolicy, {
        requireAttestation: true,
        allowedAaguids: [A],
      });
      writeFileSync(
        file,
        JSON.stringify({
          mdsBlob: 'm.jwt',
          mdsRootCert: 'r.pem',
          attestationPolicy: { requireAttestation: false, minimumCertificationLevel: 'FIDO_CERTIFIED_L1' },
        }),
      );
      assert.throws(() => loadConfig({}, file), /needs attestation=required/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('validateConfig (createServer, createRelyingParty): reads the text from JavaScript, refuses other shapes', () => {
    const validate = (attestationPolicy: unknown) =>
      validateConfig({
        ...defaultConfig(),
        mdsBlob: 'm.jwt',
        mdsRootCert: 'r.pem',
        attestationPolicy,
      } as ServerConfig).attestationPolicy;
    assert.deepEqual(validate('certification=FIDO_CERTIFIED_L2'), {
      requireAttestation: true,
      minimumCertificationLevel: 'FIDO_CERTIFIED_L2',
    });
    assert.throws(() => validate('certification=L2'), /ATTESTATION_POLICY: certification must be one of/);
    assert.throws(() => validate(['aaguids']), /key=value pairs or an object/);
    assert.throws(
      () => validate({ minimumLevel: 'FIDO_CERTIFIED_L1' }),
      /unknown policy field 'minimumLevel'/,
    );
    assert.throws(() => validate({ allowedAaguids: A }), /allowedAaguids must be a list/);
  });
});
