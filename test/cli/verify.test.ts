// `credkit verify`: vector cases (one JSON line per case, a summary line, exit status) and single responses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVectors, vectorsDir } from '../helpers/vectors.js';
import { runCli } from './run-cli.js';
import { VECTOR_DEVIATIONS } from '../../packages/credkit/src/vectors/vector-deviations.js';

const w3c = loadVectors('w3c-webauthn-l3.json');
const byName = (name: string) => w3c.find((c) => c.name === name)!;

function caseLines(stdout: string) {
  const lines = stdout.trim().split('\n');
  const summary = lines.pop()!;
  return { results: lines.map((l) => JSON.parse(l) as Record<string, unknown>), summary };
}

test('--cases on the W3C vectors: one JSON line per case, then "N passed, M failed", exit 0 iff all matched', async () => {
  const r = await runCli(['verify', '--cases', join(vectorsDir, 'w3c-webauthn-l3.json')]);
  const { results, summary } = caseLines(r.stdout);
  assert.equal(results.length, w3c.length);
  for (const [i, line] of results.entries()) {
    assert.deepEqual(Object.keys(line), ['name', 'verified', 'code', 'matched']);
    assert.equal(line.name, w3c[i].name);
    assert.equal(
      line.code === null,
      line.verified === true,
      `code is set exactly when the case failed: ${w3c[i].name}`,
    );
  }
  const m = /^(\d+) passed, (\d+) failed$/.exec(summary);
  assert.ok(m, summary);
  const passed = results.filter((l) => l.matched).length;
  assert.equal(Number(m[1]), passed);
  assert.equal(Number(m[2]), results.length - passed);
  assert.equal(r.code, passed === results.length ? 0 : 1);
});

test('--cases honours expected: a mutated case expected to fail matches; a wrong expectation fails the run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-verify-'));
  try {
    const good = byName('none.ES256 authentication');
    const otherChallenge = {
      ...structuredClone(good),
      name: 'wrong challenge',
      challenge: 'AAAAAAAAAAAAAAAAAAAAAA',
    };
    otherChallenge.expected = { verified: false };
    const wrongExpectation = { ...structuredClone(good), name: 'expects failure of a good case' };
    wrongExpectation.expected = { verified: false };
    const passing = join(dir, 'passing.json');
    const failing = join(dir, 'failing.json');
    writeFileSync(passing, JSON.stringify([good, otherChallenge]));
    writeFileSync(failing, JSON.stringify(wrongExpectation));
    const [ok, bad, both] = await Promise.all([
      runCli(['verify', '--cases', passing]),
      runCli(['verify', '--cases', failing]),
      runCli(['verify', '--cases', passing, failing]),
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(caseLines(ok.stdout), {
      results: [
        { name: good.name, verified: true, code: null, matched: true },
        { name: 'wrong challenge', verified: false, code: 'challenge_mismatch', matched: true },
      ],
      summary: '2 passed, 0 failed',
    });
    assert.equal(bad.code, 1);
    assert.deepEqual(caseLines(bad.stdout).results, [
      { name: 'expects failure of a good case', verified: true, code: null, matched: false },
    ]);
    assert.match(bad.stderr, /expects failure of a good case: expected failure, but it verified/);
    assert.equal(both.code, 1);
    assert.equal(caseLines(both.stdout).summary, '2 passed, 1 failed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--cases: unreadable or non-case input is a clear error with exit 1', async () => {
  const [missing, notCases] = await Promise.all([
    runCli(['verify', '--cases', join(vectorsDir, 'missing.json')]),
    runCli(['verify', '--cases', '-'], '[{"name":"x"}]'),
  ]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^credkit verify: cannot read/);
  assert.equal(notCases.code, 1);
  assert.match(notCases.stderr, /case 0 is not a vector case/);
});

test('single response: authentication with --public-key, UV required by default, registration', async () => {
  const auth = byName('none.ES256 authentication');
  const reg = byName('none.ES256 registration');
  const authArgs = [
    '--rp-id',
    auth.rpId as string,
    '--origin',
    auth.origin as string,
    '--challenge',
    auth.challenge,
  ];
  const key = ['--public-key', auth.credentialPublicKey!, '--counter', String(auth.credentialCounter ?? 0)];
  const [uvRequired, relaxed, noKey, registration, wrongOrigin] = await Promise.all([
    runCli(['verify', '-', ...authArgs, ...key], JSON.stringify(auth.response)),
    runCli(['verify', '-', ...authArgs, ...key, '--no-require-uv'], JSON.stringify(auth.response)),
    runCli(['verify', '-', ...authArgs], JSON.stringify(auth.response)),
    runCli(
      [
        'verify',
        '-',
        '--rp-id',
        'example.org',
        '--origin',
        'https://example.org',
        '--challenge',
        reg.challenge,
        '--no-require-uv',
      ],
      JSON.stringify(reg),
    ),
    runCli(
      [
        'verify',
        '-',
        ...authArgs.slice(0, 2),
        '--origin',
        'https://evil.example',
        ...authArgs.slice(4),
        ...key,
        '--no-require-uv',
      ],
      JSON.stringify(auth.response),
    ),
  ]);
  assert.equal(uvRequired.code, 1);
  assert.equal(JSON.parse(uvRequired.stdout).code, 'user_verification_required');
  assert.equal(relaxed.code, 0, relaxed.stderr);
  const info = JSON.parse(relaxed.stdout);
  assert.equal(info.verified, true);
  assert.equal(info.authenticationInfo.credentialId, auth.response.id);
  assert.equal(noKey.code, 2);
  assert.match(noKey.stderr, /needs --public-key/);
  assert.equal(registration.code, 0, registration.stdout + registration.stderr);
  assert.equal(
    JSON.parse(registration.stdout).registrationInfo.credential.publicKey,
    reg.expected.credentialPublicKey,
  );
  assert.equal(wrongOrigin.code, 1);
  assert.equal(JSON.parse(wrongOrigin.stdout).code, 'origin_mismatch');
});

test('--cases on the peer fixtures, and each case field honoured: expected.now, trustAnchors, credentialCounter, options', async () => {
  const peer = loadVectors('peer-fixtures.json');
  const peerCase = (name: string) => structuredClone(peer.find((c) => c.name === name)!);
  const failing = (c: (typeof peer)[number], name: string) => ({ ...c, name, expected: { verified: false } });
  const apple = peerCase('duo-labs/py_webauthn: test_verify_attestation_apple_passkey (registration)');
  const safetyNet = peerCase(
    'duo-labs/py_webauthn: test_verify_attestation_android_safetynet (registration)',
  );
  const ec2 = peerCase(
    'duo-labs/py_webauthn: test_verify_authentication_response_with_EC2_public_key (authentication)',
  );
  const cts = peerCase(
    'MasterKale/SimpleWebAuthn: should skip CTS check when enforcement option is false (registration)',
  );
  const { now: _now, ...appleExpected } = apple.expected;
  const variants = [
    failing({ ...apple, expected: appleExpected }, 'no expected.now: the 2021 chain is checked today'),
    failing({ ...apple, trustAnchors: safetyNet.trustAnchors }, 'trustAnchors of another vendor'),
    failing(
      { ...ec2, credentialCounter: ec2.expected.newCounter as number },
      'credentialCounter = new count',
    ),
    failing({ ...cts, options: {} }, 'options dropped: CTS profile enforced'),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'credkit-verify-'));
  try {
    const file = join(dir, 'variants.json');
    writeFileSync(file, JSON.stringify([apple, ec2, cts, ...variants]));
    const [all, honoured] = await Promise.all([
      runCli(['verify', '--cases', join(vectorsDir, 'peer-fixtures.json')]),
      runCli(['verify', '--cases', file]),
    ]);
    assert.equal(all.code, 0, all.stderr);
    assert.equal(caseLines(all.stdout).summary, `${peer.length} passed, 0 failed`);
    // stdout stays machine-readable: the four members only; deviation notes go to stderr
    for (const line of caseLines(all.stdout).results)
      assert.deepEqual(Object.keys(line), ['name', 'verified', 'code', 'matched']);
    const deviations = Object.keys(VECTOR_DEVIATIONS).length;
    assert.match(all.stderr, new RegExp(`${deviations} matched case\\(s\\) are known deviations`));
    assert.equal(honoured.code, 0, honoured.stderr);
    const codes = caseLines(honoured.stdout).results.map((l) => [l.matched, l.code]);
    assert.deepEqual(codes.slice(0, 3), [
      [true, null],
      [true, null],
      [true, null],
    ]);
    assert.deepEqual(codes.slice(3), [
      [true, 'attestation_untrusted'],
      [true, 'attestation_untrusted'],
      [true, 'counter_regression'],
      [true, 'attestation_invalid'],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
