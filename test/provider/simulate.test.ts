// `credkit simulate`: the whole story against a temporary server and against a running one (--server),
// exit status 0 only when every step passes; a server that does not know the app fails with status 1.
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../packages/credkit/src/simulate.js';
import { createServer, type CredkitServer } from '../../packages/server/src/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startE2e } from './e2e-harness.js';
import { Device } from '../../packages/provider/src/device.js';
import { SIMULATOR_PACKAGE } from '../../packages/credkit/src/story/world.js';
import { NotPlayed, runSteps } from '../../packages/credkit/src/story/steps.js';
import { SCENARIOS } from '../../packages/credkit/src/story/scenarios/index.js';

const STEP_COUNT = SCENARIOS.reduce((n, s) => n + s.titles.length, 0);

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await run(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe('credkit simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-simulate-test-'));
  let stranger: CredkitServer;
  let strangerUrl: string;
  before(async () => {
    // a server that lists no Android app: the simulated app's origin and asset links are unknown to it
    stranger = await createServer({
      port: 0,
      databaseUrl: `sqlite:${join(dir, 'db')}`,
      logger: false,
      serveStatic: false,
      scryptCost: 1024,
    });
    strangerUrl = await stranger.listen();
  });
  after(async () => {
    await stranger?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plays every scenario against a temporary server and exits 0; --save keeps the phones', async () => {
    const saved = join(dir, 'phones');
    const { code, out } = await capture(['--save', saved]);
    assert.equal(code, 0, out);
    const steps = out.split('\n').filter((l) => /^\s+[✓✗–] \[/.test(l));
    assert.equal(steps.length, STEP_COUNT);
    assert.ok(steps.length >= 25);
    assert.ok(
      steps.every((l) => l.trimStart().startsWith('✓')),
      out,
    );
    for (const s of SCENARIOS) assert.match(out, new RegExp(`^${s.name}: `, 'm'));
    assert.match(out, /Restore step: sign in silently/);
    assert.match(
      out,
      new RegExp(
        `${STEP_COUNT} steps in ${SCENARIOS.length} scenarios: ${STEP_COUNT} passed, 0 failed, 0 skipped`,
      ),
    );
    // phone A still holds its restore key; phone B signed out, so its key is gone; the passkey synced to both
    const phoneA = Device.load(join(saved, 'phone-a.json'));
    const phoneB = Device.load(join(saved, 'phone-b.json'));
    assert.ok(phoneA.provider.restoreKeys.get(SIMULATOR_PACKAGE));
    assert.equal(phoneB.provider.restoreKeys.get(SIMULATOR_PACKAGE), undefined);
    assert.equal(phoneB.app(SIMULATOR_PACKAGE)?.signedIn, false);
    assert.equal(phoneA.account?.passkeys.credentials().length, 1);
    assert.equal(
      phoneB.account?.passkeys.credentials({ includeHidden: false }).length,
      0,
      'hidden by the signal',
    );
  });

  it('covers the flows the issue names, one scenario each', () => {
    assert.deepEqual(
      SCENARIOS.map((s) => s.name),
      [
        'new-phone',
        'offline-delete',
        'e2ee-fallback',
        'transfer-vs-cloud',
        'backup-agent',
        'app-data',
        'prepare-get',
        'password',
        'interruptions',
        'signal-budget',
        'unhide',
        'challenge-expired',
        'federated',
        'two-apps',
        'old-device',
      ],
    );
  });

  it('--list names every scenario and its steps; --scenario plays only the named ones', async () => {
    const listed = await capture(['--list']);
    assert.equal(listed.code, 0);
    for (const s of SCENARIOS) assert.match(listed.out, new RegExp(`^${s.name}  `, 'm'));
    assert.equal(listed.out.split('\n').filter((l) => /^\s+\d+\. /.test(l)).length, STEP_COUNT);
    const one = await capture(['--scenario', 'prepare-get', '--scenario', 'password']);
    assert.equal(one.code, 0, one.out);
    assert.match(one.out, /4 steps in 2 scenarios: 4 passed/);
    assert.doesNotMatch(one.out, /new-phone/);
    const unknown = await capture(['--scenario', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no scenario named nope/);
  });

  it('--json prints one JSON object per step and nothing else', async () => {
    const { code, out } = await capture([
      '--json',
      '--scenario',
      'offline-delete',
      '--scenario',
      'federated',
    ]);
    assert.equal(code, 0, out);
    const lines = out.split('\n');
    assert.equal(lines.length, 5);
    const steps = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      steps.map((s) => [s.scenario, s.step, s.of, s.status]),
      [
        ['offline-delete', 1, 3, 'passed'],
        ['offline-delete', 2, 3, 'passed'],
        ['offline-delete', 3, 3, 'passed'],
        ['federated', 1, 2, 'passed'],
        ['federated', 2, 2, 'passed'],
      ],
    );
    assert.ok(steps.every((s) => typeof s.title === 'string' && typeof s.ms === 'number'));
  });

  it('plays every scenario against a running server given by --server', async () => {
    const e2e = await startE2e({ challengeTtlMs: 3_000 });
    try {
      const { code, out } = await capture(['--server', e2e.url]);
      assert.equal(code, 0, out);
      assert.match(out, /RP ID localhost/);
      assert.match(out, new RegExp(`${STEP_COUNT} passed, 0 failed, 0 skipped`));
    } finally {
      await e2e.close();
    }
  });

  it('a server whose challenge TTL is too long to wait out skips challenge-expired with the reason (exit 0)', async () => {
    const e2e = await startE2e(); // the default 5 minutes
    try {
      const { code, out } = await capture(['--server', e2e.url, '--scenario', 'challenge-expired']);
      assert.equal(code, 0, out);
      assert.match(out, /not played: the server's challenge TTL \(300000 ms\)/);
      assert.match(out, /2 steps in 1 scenarios: 0 passed, 0 failed, 2 skipped/);
    } finally {
      await e2e.close();
    }
  });

  it('fails (exit 1) against a server that does not accept the app, and says why', async () => {
    const { code, out } = await capture(['--server', strangerUrl]);
    assert.equal(code, 1);
    assert.match(out, /✗ \[/);
    assert.match(out, /skipped/);
    assert.match(out, /ANDROID_APPS=dev\.credkit\.shrine:[0-9A-F:]+,dev\.credkit\.shrine\.lite:/);
  });

  it('a step that misbehaves fails, the later ones are skipped, and nothing after it runs', async () => {
    const ran: string[] = [];
    const reported: string[] = [];
    let t = 0;
    const results = await runSteps(
      ran,
      [
        { title: 'one', run: async (w) => void w.push('one') },
        {
          title: 'two',
          run: async (w) => {
            w.push('two');
            throw new Error('the signal did not hide the passkey');
          },
        },
        { title: 'three', run: async (w) => void w.push('three') },
      ],
      (r) => reported.push(`${r.title}:${r.status}`),
      () => (t += 5),
    );
    assert.deepEqual(ran, ['one', 'two']);
    assert.deepEqual(reported, ['one:passed', 'two:failed', 'three:skipped']);
    assert.equal(results[1]?.error, 'Error: the signal did not hide the passkey');
    assert.equal(results[0]?.ms, 5);
  });

  it('a step that cannot be played here is skipped with its reason, and so is the rest; not a failure', async () => {
    const results = await runSteps({}, [
      { title: 'one', run: async () => 'ok' },
      {
        title: 'two',
        run: async () => {
          throw new NotPlayed('TTL too long');
        },
      },
      { title: 'three', run: async () => {} },
    ]);
    assert.deepEqual(
      results.map((r) => [r.status, r.detail]),
      [
        ['passed', 'ok'],
        ['skipped', 'not played: TTL too long'],
        ['skipped', undefined],
      ],
    );
  });

  it('--help and bad options', async () => {
    assert.equal((await capture(['--help'])).code, 0);
    assert.equal((await capture(['--bogus'])).code, 2);
  });
});
