// The server with FIDO MDS3 (MDS_BLOB, MDS_ROOT_CERT, ATTESTATION_POLICY) over HTTP, on generated BLOBs: a file
// BLOB and a policy (options ask attestation "direct", a certified key registers with its name and
// certification, every refusal with its code, a stale BLOB is metadata_expired), and a URL BLOB served on
// 127.0.0.1 (fetched at start and cached, refreshed when the clock reaches nextUpdate, a failed refresh keeping
// the last good BLOB and logging it, the cache used when the URL is down at start). Time moves by a fake clock.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  AAGUID,
  NOW,
  fido2Entry,
  mintBlobSigner,
  mintCa,
  mintSecurityKey,
  payload,
  signBlob,
  type StatusReportInput,
} from '../webauthn/mds-fixtures.js';
import { ENGINES, type TestDatabase } from './databases.js';
import type { CredkitServer } from '../../packages/server/src/index.js';
import {
  FakeClock,
  recordingLog,
  registerKey,
  securityKey,
  startMdsServer,
  tempDir,
  writePem,
} from './mds-harness.js';

const REVOKED_AAGUID = '0b5e2c4a-1d3f-4e6a-8b9c-0d1e2f3a4b5c';
const UNCERTIFIED_AAGUID = '7c6d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f';
const UNKNOWN_AAGUID = '11111111-2222-4333-8444-555555555555';

const root = mintCa('credkit test MDS root');
const otherRoot = mintCa('credkit test MDS root 2');
const signer = mintBlobSigner(root, 'ES256');
const key = mintSecurityKey();
const stranger = mintSecurityKey(); // a chain the BLOB's statements never name

const certified: StatusReportInput[] = [{ status: 'FIDO_CERTIFIED_L1', effectiveDate: '2029-01-01' }];

function blobText(no: number, nextUpdate: string, entries: unknown[]): string {
  return signBlob(payload(entries, { no, nextUpdate }), signer);
}

const fileEntries = [
  fido2Entry(key.root, certified),
  fido2Entry(key.root, [...certified, { status: 'REVOKED', effectiveDate: '2030-01-01' }], REVOKED_AAGUID),
  fido2Entry(key.root, [{ status: 'NOT_FIDO_CERTIFIED', effectiveDate: '2029-01-01' }], UNCERTIFIED_AAGUID),
];

for (const engine of ENGINES) {
  describe(`server MDS on ${engine.name}: a file BLOB and ATTESTATION_POLICY certification=FIDO_CERTIFIED_L1`, () => {
    const dir = tempDir();
    const clock = new FakeClock(NOW.getTime());
    const log = recordingLog();
    let running: { server: CredkitServer; base: string };
    let database: TestDatabase | undefined;
    const base = () => running.base;

    before(async () => {
      database = await engine.make();
      const blob = join(dir, 'mds.jwt');
      writeFileSync(blob, blobText(7, '2030-06-01', fileEntries));
      running = await startMdsServer(
        database,
        {
          // both roots in one PEM: the BLOB chains to the first
          mdsBlob: blob,
          mdsRootCert: writePem(dir, [otherRoot, root]),
          attestationPolicy: { requireAttestation: true, minimumCertificationLevel: 'FIDO_CERTIFIED_L1' },
        },
        clock,
        log,
      );
    });
    after(async () => {
      await running?.server.close();
      await database?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('loads the BLOB at start, logs it, and schedules a refresh at the nextUpdate day', () => {
      assert.equal(running.server.metadata?.current().no, 7);
      assert.equal(running.server.metadata?.refreshAt, Date.parse('2030-06-01T00:00:00Z'));
      assert.ok(log.lines.some((l) => l.level === 'info' && l.fields.no === 7 && /loaded/.test(l.message)));
    });

    it('registration options ask attestation "direct" for passkeys (hints kept), none for restore keys', async () => {
      const { options } = await registerKey(base(), 'optionsonly', securityKey(AAGUID, key.batch));
      assert.equal(options.body.attestation, 'direct');
      assert.deepEqual(options.body.hints, ['security-key']);
      const { client } = await registerKey(base(), 'restoreasker', securityKey(AAGUID, key.batch));
      const r = await client.post('/api/webauthn/registration/options', {
        kind: 'restore',
        deviceId: 'device-1',
      });
      assert.equal(r.status, 200);
      assert.equal(r.body.attestation, 'none');
    });

    it('a certified security key registers: the credential records its certified name and level', async () => {
      const { client, verify } = await registerKey(base(), 'certified', securityKey(AAGUID, key.batch));
      assert.equal(verify.status, 200, JSON.stringify(verify.body));
      assert.equal(verify.body.credential.name, 'credkit Test Security Key');
      assert.equal(verify.body.credential.authenticatorName, 'credkit Test Security Key');
      assert.equal(verify.body.credential.certificationLevel, 'FIDO_CERTIFIED_L1');
      const list = await client.get('/api/passkeys');
      assert.equal(list.status, 200);
      assert.equal(list.body.passkeys.length, 1);
      const [p] = list.body.passkeys;
      assert.equal(p.aaguid, AAGUID);
      assert.equal(p.authenticatorName, 'credkit Test Security Key');
      assert.equal(p.certificationLevel, 'FIDO_CERTIFIED_L1');
      assert.equal(p.providerName, 'credkit Test Security Key');
      // the statement's one icon stands for both schemes when the community list has none for the AAGUID
      assert.equal(p.icon_light, 'data:image/png;base64,iVBORw0KGgo=');
      assert.equal(p.icon_dark, 'data:image/png;base64,iVBORw0KGgo=');
    });

    const refusals: Array<[string, () => ReturnType<typeof securityKey>, number, string]> = [
      ['no attestation (a passkey provider)', () => securityKey(AAGUID), 400, 'attestation_untrusted'],
      ['a REVOKED authenticator', () => securityKey(REVOKED_AAGUID, key.batch), 400, 'authenticator_revoked'],
      [
        'a NOT_FIDO_CERTIFIED authenticator, below the policy',
        () => securityKey(UNCERTIFIED_AAGUID, key.batch),
        400,
        'attestation_untrusted',
      ],
      [
        'an AAGUID the BLOB has no statement for',
        () => securityKey(UNKNOWN_AAGUID, key.batch),
        400,
        'attestation_untrusted',
      ],
      [
        'a chain that does not end at the statement roots',
        () => securityKey(AAGUID, stranger.batch),
        400,
        'attestation_untrusted',
      ],
    ];
    for (const [what, make, status, code] of refusals) {
      it(`refuses ${what}: ${status} ${code}, nothing stored`, async () => {
        const username = `refused${refusals.findIndex((r) => r[0] === what)}`;
        const { client, verify } = await registerKey(base(), username, make());
        assert.equal(verify.status, status, JSON.stringify(verify.body));
        assert.equal(verify.body.error.code, code);
        assert.deepEqual((await client.get('/api/passkeys')).body.passkeys, []);
      });
    }

    it('after the nextUpdate day, with no newer BLOB, registrations are 503 metadata_expired', async () => {
      const metadata = running.server.metadata!;
      // nextUpdate day: the file is read again, holds the same BLOB (no 7): kept, retried an hour later
      clock.advanceTo('2030-06-01T00:00:00Z');
      assert.equal(await metadata.refreshing, false);
      assert.equal(metadata.current().no, 7);
      assert.equal(metadata.refreshAt, Date.parse('2030-06-01T01:00:00Z'));
      const sameDay = await registerKey(base(), 'sameday', securityKey(AAGUID, key.batch));
      assert.equal(sameDay.verify.status, 200, 'the BLOB holds through its nextUpdate day');
      // the day after: the refresh fails (the file's BLOB is stale too), the last good one is kept and logged
      clock.advanceTo('2030-06-02T00:30:00Z');
      assert.equal(await metadata.refreshing, false);
      assert.ok(
        log.lines.some((l) => l.level === 'error' && /refresh failed/.test(l.message) && l.fields.no === 7),
      );
      const stale = await registerKey(base(), 'stale', securityKey(AAGUID, key.batch));
      assert.equal(stale.verify.status, 503, JSON.stringify(stale.verify.body));
      assert.equal(stale.verify.body.error.code, 'metadata_expired');
    });
  });
}

describe('server MDS: ATTESTATION_POLICY aaguids', () => {
  const dir = tempDir();
  const blob = join(dir, 'mds.jwt');
  writeFileSync(blob, blobText(1, '2030-06-01', fileEntries));
  const clock = new FakeClock(NOW.getTime());
  const servers: { server: CredkitServer }[] = [];
  const databases: { cleanup(): Promise<void> }[] = [];
  after(async () => {
    for (const s of servers) await s.server.close();
    for (const d of databases) await d.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  const start = async (attestationPolicy: ServerPolicy) => {
    const database = await ENGINES[0]!.make();
    databases.push(database!);
    const running = await startMdsServer(
      database!,
      { mdsBlob: blob, mdsRootCert: writePem(dir, [root]), attestationPolicy },
      clock,
      recordingLog(),
    );
    servers.push(running);
    return running.base;
  };

  it('attestation required, aaguids: a certified key not listed is attestation_untrusted', async () => {
    const base = await start({ requireAttestation: true, allowedAaguids: [UNCERTIFIED_AAGUID] });
    const { verify } = await registerKey(base, 'notlisted', securityKey(AAGUID, key.batch));
    assert.equal(verify.status, 400);
    assert.equal(verify.body.error.code, 'attestation_untrusted');
    const listed = await registerKey(base, 'listed', securityKey(UNCERTIFIED_AAGUID, key.batch));
    assert.equal(listed.verify.status, 200, JSON.stringify(listed.verify.body));
    // attested, so recorded, with the level it has (no minimum asked)
    assert.equal(listed.verify.body.credential.certificationLevel, 'NOT_FIDO_CERTIFIED');
  });

  it('attestation optional, aaguids: options ask none; the claimed AAGUID is filtered, nothing recorded as certified', async () => {
    const base = await start({ requireAttestation: false, allowedAaguids: [AAGUID] });
    const { options, verify } = await registerKey(base, 'claimed', securityKey(AAGUID));
    assert.equal(options.body.attestation, 'none');
    assert.equal(verify.status, 200, JSON.stringify(verify.body));
    assert.equal('authenticatorName' in verify.body.credential, false);
    assert.equal('certificationLevel' in verify.body.credential, false);
    const other = await registerKey(base, 'otherclaim', securityKey(UNKNOWN_AAGUID));
    assert.equal(other.verify.status, 400);
    assert.equal(other.verify.body.error.code, 'attestation_untrusted');
  });
});

type ServerPolicy = { requireAttestation?: boolean; allowedAaguids?: string[] };

describe('server MDS from a URL (a test HTTP server on 127.0.0.1)', () => {
  const dir = tempDir();
  const cache = join(dir, 'cache', 'mds.jwt');
  const pem = writePem(dir, [root]);
  const first = blobText(1, '2030-06-01', [fido2Entry(key.root, certified)]);
  // the next BLOB revokes the key from its nextUpdate day on
  const second = blobText(2, '2030-07-01', [
    fido2Entry(key.root, [...certified, { status: 'REVOKED', effectiveDate: '2030-06-01' }]),
  ]);
  const served = { status: 200, body: first, requests: 0 };
  let http: Server;
  let url = '';
  const clock = new FakeClock(NOW.getTime());
  const log = recordingLog();
  const servers: CredkitServer[] = [];
  const databases: { cleanup(): Promise<void> }[] = [];
  const RETRY = 15 * 60_000;

  const start = async (logTo = log) => {
    const database = await ENGINES[0]!.make();
    databases.push(database!);
    const running = await startMdsServer(
      database!,
      { mdsBlob: url, mdsRootCert: pem, mdsCache: cache, attestationPolicy: { requireAttestation: true } },
      clock,
      logTo,
      RETRY,
    );
    servers.push(running.server);
    return running;
  };

  before(async () => {
    http = createHttpServer((request, response) => {
      served.requests++;
      response.writeHead(served.status, { 'content-type': 'application/jwt' });
      response.end(served.status === 200 ? served.body : 'unavailable');
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const address = http.address() as { port: number };
    url = `http://127.0.0.1:${address.port}/mds.jwt`;
  });
  after(async () => {
    for (const s of servers) await s.close();
    for (const d of databases) await d.cleanup();
    await new Promise((resolve) => http.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  let running: { server: CredkitServer; base: string };

  it('fetches the BLOB at start, caches it on disk and schedules the refresh at nextUpdate', async () => {
    running = await start();
    assert.equal(served.requests, 1);
    assert.equal(running.server.metadata!.current().no, 1);
    assert.equal(readFileSync(cache, 'utf8'), first);
    assert.equal(running.server.metadata!.refreshAt, Date.parse('2030-06-01T00:00:00Z'));
    const { verify } = await registerKey(running.base, 'urlkey', securityKey(AAGUID, key.batch));
    assert.equal(verify.status, 200, JSON.stringify(verify.body));
  });

  it('at nextUpdate the clock fires the refresh: the newer BLOB is used (and cached) from then on', async () => {
    served.body = second;
    const metadata = running.server.metadata!;
    clock.advanceTo('2030-05-31T23:59:59Z');
    assert.equal(metadata.refreshing, undefined, 'no refresh before the nextUpdate day');
    clock.advanceTo('2030-06-01T00:00:00Z');
    assert.equal(await metadata.refreshing, true);
    assert.equal(served.requests, 2);
    assert.equal(metadata.current().no, 2);
    assert.equal(readFileSync(cache, 'utf8'), second);
    // 30 days on: longer than one Node timer can wait, reached in steps
    assert.equal(metadata.refreshAt, Date.parse('2030-07-01T00:00:00Z'));
    const { verify } = await registerKey(running.base, 'afterrefresh', securityKey(AAGUID, key.batch));
    assert.equal(verify.status, 400);
    assert.equal(verify.body.error.code, 'authenticator_revoked');
  });

  it('a failed refresh keeps the last good BLOB, logs the failure and retries later', async () => {
    served.status = 503;
    const metadata = running.server.metadata!;
    clock.advanceTo('2030-07-01T00:00:00Z');
    assert.equal(await metadata.refreshing, false);
    assert.equal(metadata.current().no, 2);
    assert.equal(readFileSync(cache, 'utf8'), second, 'the cache keeps the last good BLOB');
    const failure = log.lines.find((l) => l.level === 'error' && /refresh failed/.test(l.message));
    assert.ok(failure, 'the failure is logged');
    assert.match(String(failure.fields.err), /HTTP 503/);
    assert.equal(failure.fields.no, 2);
    assert.equal(metadata.refreshAt, Date.parse('2030-07-01T00:00:00Z') + RETRY);
    // still judged by BLOB 2 (fresh through its nextUpdate day)
    const { verify } = await registerKey(running.base, 'duringoutage', securityKey(AAGUID, key.batch));
    assert.equal(verify.body.error.code, 'authenticator_revoked');
  });

  it('an older BLOB (a lower no) is refused as a rollback; the one in use stays', async () => {
    served.status = 200;
    served.body = blobText(1, '2030-08-01', [fido2Entry(key.root, certified)]);
    const metadata = running.server.metadata!;
    clock.advanceTo(metadata.refreshAt!);
    assert.equal(await metadata.refreshing, false);
    assert.equal(metadata.current().no, 2);
    assert.ok(
      log.lines.some((l) => l.level === 'error' && /older than the one in use/.test(String(l.fields.err))),
    );
  });

  it('the URL down at start: the server starts on the disk cache and says so', async () => {
    served.status = 500;
    const coldLog = recordingLog();
    const cold = await start(coldLog);
    assert.equal(cold.server.metadata!.current().no, 2);
    assert.ok(
      coldLog.lines.some((l) => l.level === 'error' && /using the cached copy/.test(l.message)),
      JSON.stringify(coldLog.lines),
    );
    const { verify } = await registerKey(cold.base, 'fromcache', securityKey(AAGUID, key.batch));
    assert.equal(verify.body.error.code, 'authenticator_revoked', 'judged by the cached BLOB 2');
  });

  it('the URL down at start and no cache: the server does not start', async () => {
    rmSync(cache);
    assert.equal(existsSync(cache), false);
    await assert.rejects(start(recordingLog()), /could not be loaded: .*HTTP 500.*no cached copy/);
  });
});
