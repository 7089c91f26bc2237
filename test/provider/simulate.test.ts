// `credkit simulate`: the whole story against a temporary server and against a running one (--server),
// exit status 0 only when every step passes; a server that does not know the app fails with status 1.
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/cli/simulate.js';
import { createServer, type CredkitServer } from '../../src/server/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startE2e } from './e2e-harness.js';
import { Device } from '../../src/provider/device.js';
import { SIMULATOR_PACKAGE } from '../../src/provider/story/world.js';
import { runSteps } from '../../src/provider/story/steps.js';

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

  it('plays every step against a temporary server and exits 0; --save keeps the phones', async () => {
    const saved = join(dir, 'phones');
    const { code, out } = await capture(['--save', saved]);
    assert.equal(code, 0, out);
    const steps = out.split('\n').filter((l) => /^\s+[✓✗–] \[/.test(l));
    assert.equal(steps.length, 12);
    assert.ok(
      steps.every((l) => l.trimStart().startsWith('✓')),
      out,
    );
    assert.match(out, /Restore step: sign in silently/);
    assert.match(out, /12 steps: 12 passed, 0 failed, 0 skipped/);
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

  it('plays the story against a running server given by --server', async () => {
    const e2e = await startE2e();
    try {
      const { code, out } = await capture(['--server', e2e.url]);
      assert.equal(code, 0, out);
      assert.match(out, /RP ID localhost/);
    } finally {
      await e2e.close();
    }
  });

  it('fails (exit 1) against a server that does not accept the app, and says why', async () => {
    const { code, out } = await capture(['--server', strangerUrl]);
    assert.equal(code, 1);
    assert.match(out, /✗ \[/);
    assert.match(out, /skipped/);
    assert.match(out, /ANDROID_APPS=dev\.credkit\.shrine:/);
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

  it('--help and bad options', async () => {
    assert.equal((await capture(['--help'])).code, 0);
    assert.equal((await capture(['--bogus'])).code, 2);
  });
});
