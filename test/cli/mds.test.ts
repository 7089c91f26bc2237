// `credkit verify ... --mds BLOB --mds-root ROOT.pem [--now]` and `credkit mds inspect`: generated roots,
// BLOBs and an attested security key, run as a user runs the command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateToPem } from '../../packages/webauthn/src/x509/pem.js';
import { hasStackTrace, runCli } from './run-cli.js';
import {
  AAGUID,
  NEXT_UPDATE,
  ORIGIN,
  RP_ID,
  fido2Entry,
  mintBlobSigner,
  mintCa,
  mintSecurityKey,
  payload,
  register,
  signBlob,
} from '../webauthn/mds-fixtures.js';

const root = mintCa('credkit test MDS root');
const signer = mintBlobSigner(root, 'RS256', mintCa('credkit test MDS CA-1', root));
const key = mintSecurityKey();
const NOW = '2030-05-20T12:00:00Z';

function files() {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-mds-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  return { dir, write };
}

test('verify --mds: a certified security key verifies, with "authenticator" {aaguid, name}; failures are JSON with a code', async () => {
  const { dir, write } = files();
  try {
    const { response, challenge } = register(key);
    const reg = write('response.json', JSON.stringify(response));
    // several certificates in the PEM file: an unrelated root first, then the signing root
    const rootPem = write(
      'roots.pem',
      certificateToPem(mintCa('unrelated').der) + certificateToPem(root.der),
    );
    const good = write('blob.jwt', signBlob(payload([fido2Entry(key.root)]), signer));
    const revoked = write(
      'revoked.jwt',
      signBlob(
        payload([
          fido2Entry(key.root, [
            { status: 'FIDO_CERTIFIED_L1', effectiveDate: '2028-01-01' },
            { status: 'ATTESTATION_KEY_COMPROMISE', effectiveDate: '2029-02-01' },
          ]),
        ]),
        signer,
      ),
    );
    const unknown = write('unknown.jwt', signBlob(payload([]), signer));
    const wrongRoot = write('other.pem', certificateToPem(mintCa('another').der));
    const args = (blob: string, pem = rootPem, now = NOW) => [
      'verify',
      reg,
      '--rp-id',
      RP_ID,
      '--origin',
      ORIGIN,
      '--challenge',
      challenge,
      '--mds',
      blob,
      '--mds-root',
      pem,
      '--now',
      now,
    ];
    const [ok, bad, none, untrustedRoot, expired, lastDay, noRoot, badNow] = await Promise.all([
      runCli(args(good)),
      runCli(args(revoked)),
      runCli(args(unknown)),
      runCli(args(good, wrongRoot)),
      runCli(args(good, rootPem, '2030-06-02T00:00:00Z')),
      runCli(args(good, rootPem, `${NEXT_UPDATE}T23:59:59Z`)),
      runCli(args(good).slice(0, -4)), // --mds without --mds-root
      runCli(args(good, rootPem, 'yesterday')),
    ]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const out = JSON.parse(ok.stdout);
    assert.equal(out.verified, true);
    assert.equal(out.authenticator.aaguid, AAGUID);
    assert.equal(out.authenticator.name, 'credkit Test Security Key');
    assert.equal(out.authenticator.attested, true);
    assert.equal(out.authenticator.certificationLevel, 'FIDO_CERTIFIED_L1');
    assert.equal(out.registrationInfo.attestationTrusted, true);
    for (const [r, expectedCode] of [
      [bad, 'authenticator_revoked'],
      [none, 'attestation_untrusted'],
      [untrustedRoot, 'metadata_invalid'],
      [expired, 'metadata_expired'],
    ] as const) {
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const body = JSON.parse(r.stdout);
      assert.equal(body.verified, false);
      assert.equal(body.code, expectedCode);
      assert.ok(!hasStackTrace(r.stderr));
    }
    assert.equal(lastDay.code, 0, lastDay.stdout);
    assert.equal(noRoot.code, 2);
    assert.match(noRoot.stderr, /--mds-root/);
    assert.equal(badNow.code, 2);
    assert.match(badNow.stderr, /--now/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('verify without --mds keeps working for the same registration (attestation verified, not anchored)', async () => {
  const { dir, write } = files();
  try {
    const { response, challenge } = register(key);
    const reg = write('response.json', JSON.stringify(response));
    const r = await runCli(['verify', reg, '--rp-id', RP_ID, '--origin', ORIGIN, '--challenge', challenge]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.registrationInfo.attestationTrusted, false);
    assert.equal(out.authenticator, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('verify: a challenge beginning with "-" is --challenge\'s value (one random challenge in 64 begins so)', async () => {
  const { dir, write } = files();
  try {
    const challenge = `-${randomBytes(31).toString('base64url')}`;
    const { response } = register(key, AAGUID, challenge);
    const reg = write('response.json', JSON.stringify(response));
    const args = ['verify', reg, '--rp-id', RP_ID, '--origin', ORIGIN];
    const [spaced, joined, forgotten] = await Promise.all([
      runCli([...args, '--challenge', challenge]),
      runCli([...args, `--challenge=${challenge}`]),
      runCli(['verify', reg, '--challenge', '--rp-id', RP_ID, '--origin', ORIGIN]),
    ]);
    assert.equal(spaced.code, 0, spaced.stderr);
    assert.equal(JSON.parse(spaced.stdout).verified, true);
    assert.equal(joined.code, 0, joined.stderr);
    // a forgotten value is still a usage error, not the next option taken as the challenge
    assert.equal(forgotten.code, 2);
    assert.match(forgotten.stderr, /--challenge/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mds inspect: number, nextUpdate, signature check, entry count; with roots, chain and freshness', async () => {
  const { dir, write } = files();
  try {
    const text = signBlob(
      payload([fido2Entry(key.root), fido2Entry(key.root, [], '11111111-2222-3333-4444-555555555555')]),
      signer,
    );
    const blob = write('blob.jwt', text);
    const [h, p, s] = text.split('.') as [string, string, string];
    const sig = Buffer.from(s, 'base64url');
    sig[5] ^= 1;
    const broken = write('broken.jwt', `${h}.${p}.${sig.toString('base64url')}`);
    const rootPem = write('root.pem', certificateToPem(root.der));
    const otherPem = write('other.pem', certificateToPem(mintCa('another').der));
    const garbage = write('garbage.jwt', 'not a blob');
    const [plain, withRoot, badSig, wrongRoot, stale, notBlob] = await Promise.all([
      runCli(['mds', 'inspect', blob]),
      runCli(['mds', 'inspect', blob, '--mds-root', rootPem, '--now', NOW]),
      runCli(['mds', 'inspect', broken]),
      runCli(['mds', 'inspect', blob, '--mds-root', otherPem, '--now', NOW]),
      runCli(['mds', 'inspect', blob, '--mds-root', rootPem, '--now', '2031-01-01']),
      runCli(['mds', 'inspect', garbage]),
    ]);
    assert.equal(plain.code, 0, plain.stderr);
    const info = JSON.parse(plain.stdout);
    assert.equal(info.no, 42);
    assert.equal(info.nextUpdate, NEXT_UPDATE);
    assert.equal(info.entries, 2);
    assert.equal(info.signature, 'valid');
    assert.equal(info.alg, 'RS256');
    assert.equal(info.chain, undefined);
    assert.equal(withRoot.code, 0, withRoot.stdout);
    assert.deepEqual(
      (({ chain, fresh, verified }) => ({ chain, fresh, verified }))(JSON.parse(withRoot.stdout)),
      { chain: 'trusted', fresh: true, verified: true },
    );
    assert.equal(badSig.code, 1);
    assert.equal(JSON.parse(badSig.stdout).signature, 'invalid');
    assert.equal(wrongRoot.code, 1);
    assert.match(JSON.parse(wrongRoot.stdout).chain, /metadata_invalid/);
    assert.equal(stale.code, 1);
    const staleOut = JSON.parse(stale.stdout);
    assert.equal(staleOut.fresh, false);
    assert.equal(staleOut.code, 'metadata_expired');
    assert.equal(notBlob.code, 1);
    assert.equal(JSON.parse(notBlob.stdout).code, 'metadata_invalid');
    assert.ok(!hasStackTrace(notBlob.stderr));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
