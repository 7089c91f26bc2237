// The embedded relying party (the `credkit` Fastify plugin, createRelyingParty) with a FIDO MDS3 BLOB and an
// attestation policy, as `credkit serve` has them: a certified security key registers with its certified name,
// an uncertified one and one without attestation are refused with their codes, and a BLOB that does not chain to
// the configured root stops the relying party from being made.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { credkit, createRelyingParty } from '../../packages/server/src/index.js';
import {
  AAGUID,
  NOW,
  fido2Entry,
  mintBlobSigner,
  mintCa,
  mintSecurityKey,
  payload,
  signBlob,
} from '../webauthn/mds-fixtures.js';
import { WEB_ORIGIN } from './harness.js';
import { FakeClock, recordingLog, registerKey, securityKey, tempDir, writePem } from './mds-harness.js';

const UNCERTIFIED_AAGUID = '7c6d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f';
const root = mintCa('credkit embedded MDS root');
const key = mintSecurityKey();
const blob = signBlob(
  payload([
    fido2Entry(key.root, [{ status: 'FIDO_CERTIFIED_L1', effectiveDate: '2029-01-01' }]),
    fido2Entry(key.root, [{ status: 'NOT_FIDO_CERTIFIED', effectiveDate: '2029-01-01' }], UNCERTIFIED_AAGUID),
  ]),
  mintBlobSigner(root, 'ES256'),
);

describe('embedded relying party with MDS_BLOB and ATTESTATION_POLICY certification=FIDO_CERTIFIED_L1', () => {
  const dir = tempDir();
  const log = recordingLog();
  let app: FastifyInstance;
  let base = '';

  before(async () => {
    writeFileSync(join(dir, 'mds.jwt'), blob);
    app = Fastify();
    const clock = new FakeClock(NOW.getTime());
    await app.register(credkit, {
      prefix: '/api',
      rpId: 'localhost',
      origins: [WEB_ORIGIN],
      databaseUrl: 'sqlite::memory:',
      scryptCost: 1024,
      mdsBlob: join(dir, 'mds.jwt'),
      mdsRootCert: writePem(dir, [root]),
      attestationPolicy: { requireAttestation: true, minimumCertificationLevel: 'FIDO_CERTIFIED_L1' },
      now: clock.now,
      metadata: { clock, log },
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks attestation "direct" and records a certified key with its name and level', async () => {
    const { options, verify } = await registerKey(base, 'certified', securityKey(AAGUID, key.batch));
    assert.equal(options.body.attestation, 'direct');
    assert.equal(verify.status, 200, JSON.stringify(verify.body));
    assert.equal(verify.body.credential.authenticatorName, 'credkit Test Security Key');
    assert.equal(verify.body.credential.certificationLevel, 'FIDO_CERTIFIED_L1');
    assert.ok(log.lines.some((l) => l.level === 'info' && /loaded/.test(l.message)));
  });

  it('refuses an uncertified key and a key without attestation: attestation_untrusted', async () => {
    for (const [name, authenticator] of [
      ['uncertified', securityKey(UNCERTIFIED_AAGUID, key.batch)],
      ['unattested', securityKey(AAGUID)],
    ] as const) {
      const { verify } = await registerKey(base, name, authenticator);
      assert.equal(verify.status, 400, `${name}: ${JSON.stringify(verify.body)}`);
      assert.equal(verify.body.error.code, 'attestation_untrusted', name);
    }
  });
});

it('createRelyingParty rejects a BLOB that does not chain to MDS_ROOT_CERT, naming the BLOB', async () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'mds.jwt'), blob);
    await assert.rejects(
      createRelyingParty({
        rpId: 'localhost',
        origins: [WEB_ORIGIN],
        databaseUrl: 'sqlite::memory:',
        mdsBlob: join(dir, 'mds.jwt'),
        mdsRootCert: writePem(dir, [mintCa('some other root')]),
        metadata: { clock: new FakeClock(NOW.getTime()), log: recordingLog() },
      }),
      /mds\.jwt/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
