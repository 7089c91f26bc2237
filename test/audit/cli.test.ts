// `credkit audit` as a user runs it: usage errors, --list against docs/audit.md, JSON lines and a summary on
// stdout, exit 1 for a hole, 3 when only skipped, and an unreachable server; the progress line and exit rules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { hasStackTrace, runCli } from '../cli/run-cli.js';
import { sqliteDatabase } from '../server/databases.js';
import { serverForSuite, WEB_ORIGIN } from '../server/harness.js';
import { startHoleyServer } from './holey-server.js';
import { ProgressLine, exitStatus } from '../../packages/credkit/src/audit/output.js';
import type { CheckResult } from '../../packages/credkit/src/audit/run.js';
import { FIRST_CHECK } from '../../packages/credkit/src/audit/table.js';

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);

describe('credkit audit (command line)', () => {
  it('refuses bad command lines with exit 2 and the usage, never a stack trace', async () => {
    for (const args of [
      ['audit'],
      ['audit', 'http://127.0.0.1:1', '--rp-id', 'localhost'],
      ['audit', 'http://127.0.0.1:1', '--origin', 'http://localhost:8080/path', '--rp-id', 'localhost'],
      ['audit', 'ftp://127.0.0.1:1', '--origin', 'http://localhost:8080', '--rp-id', 'localhost'],
      ['audit', 'http://127.0.0.1:1', '--origin', 'http://localhost:8080'],
      [
        'audit',
        'http://127.0.0.1:1',
        '--origin',
        'http://localhost:8080',
        '--rp-id',
        'localhost',
        '--max-wait',
        'soon',
      ],
      ['audit', 'http://127.0.0.1:1', '--frobnicate'],
    ]) {
      const result = await runCli(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /usage: credkit audit URL --origin ORIGIN --rp-id ID/);
      assert.ok(!hasStackTrace(result.stderr));
      assert.equal(result.stdout, '');
    }
    const help = await runCli(['audit', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--max-wait SECONDS/);
  });

  it('lists the table (--list --json), and docs/audit.md documents every row', async () => {
    const result = await runCli(['audit', '--list', '--json']);
    assert.equal(result.code, 0);
    const rows = lines(result.stdout);
    assert.ok(rows.length >= 40);
    for (const row of rows) {
      assert.match(row.check, /^(registration|authentication)\.[a-z0-9<>.-]+$/);
      assert.match(row.step, /^§\d/);
      assert.ok(row.sends && row.passes && ['valid', 'attack'].includes(row.kind));
    }
    const doc = readFileSync(new URL('../../docs/audit.md', import.meta.url), 'utf8');
    const table = doc.slice(doc.indexOf('## The checks'), doc.indexOf('## Against credkit'));
    const documented = [...table.matchAll(/^\| `([a-z0-9<>.-]+)`/gm)].map((m) => m[1]);
    assert.deepEqual(
      documented,
      rows.map((r) => r.check),
    );
  });

  it('reports a hole: a JSON line per check, the summary last, exit 1 (waiting out a real 1 s timeout)', async () => {
    const origin = 'https://rp.example.localhost';
    const server = await startHoleyServer({
      holes: ['no-expiry'],
      origin,
      rpId: 'rp.example.localhost',
      timeoutMs: 1000,
    });
    try {
      const result = await runCli([
        'audit',
        server.url,
        '--origin',
        origin,
        '--rp-id',
        'rp.example.localhost',
        '--max-wait',
        '5',
      ]);
      assert.equal(result.code, 1, result.stderr);
      const out = lines(result.stdout);
      const summary = out.pop()!;
      assert.equal(summary.target, server.url);
      assert.deepEqual([...summary.summary.failedChecks].sort(), [
        'authentication.expired-challenge',
        'registration.expired-challenge',
      ]);
      assert.equal(summary.summary.checks, out.length);
      assert.equal(out[0]!.check, 'registration.options');
      for (const line of out) {
        assert.equal(typeof line.passed, 'boolean');
        assert.match(line.step, /^§\d/);
      }
      // stderr is not a terminal here: no progress line
      assert.equal(result.stderr, '');
    } finally {
      await server.close();
    }
  });

  describe('against credkit with its default 300 s challenge lifetime', () => {
    const suite = serverForSuite(async () => sqliteDatabase(), { fidoConformanceApi: true });

    it('exits 3 when nothing failed but the expired-challenge pair was skipped (--max-wait 0)', async () => {
      const result = await runCli([
        'audit',
        suite.running.base,
        '--origin',
        WEB_ORIGIN,
        '--rp-id',
        'localhost',
        '--max-wait',
        '0',
        '--json',
      ]);
      assert.equal(result.code, 3, result.stdout);
      const out = lines(result.stdout);
      const { summary } = out.pop()!;
      assert.equal(summary.failed, 0);
      assert.deepEqual(summary.skippedChecks, [
        'registration.expired-challenge',
        'authentication.expired-challenge',
      ]);
      const skipped = out.filter((l) => l.skipped);
      assert.equal(skipped.length, 2);
      for (const line of skipped) {
        assert.equal(line.passed, false);
        assert.match(line.reason, /300000 ms.*--max-wait/);
      }
    });
  });

  it('fails the first check with the transport error, skips the rest, and exits 1 when nothing listens', async () => {
    const closed = createNetServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await runCli([
      'audit',
      `http://127.0.0.1:${port}`,
      '--origin',
      WEB_ORIGIN,
      '--rp-id',
      'localhost',
    ]);
    assert.equal(result.code, 1);
    const out = lines(result.stdout);
    const { summary } = out.pop()!;
    assert.equal(out[0]!.check, 'registration.options');
    assert.match(out[0]!.error, /ECONNREFUSED|fetch failed|connect/);
    assert.equal(summary.failed, 1);
    assert.equal(summary.skipped, out.length - 1);
  });
});

describe('audit output', () => {
  const result = (outcome: CheckResult['outcome']): CheckResult => ({ check: FIRST_CHECK, outcome });

  it('draws the progress line only on a terminal, and erases it', () => {
    const written: string[] = [];
    const tty = new ProgressLine({ isTTY: true, write: (t: string) => written.push(t) });
    tty.show(FIRST_CHECK, 0, undefined);
    tty.show(FIRST_CHECK, 0, 61);
    tty.clear();
    tty.clear();
    assert.deepEqual(written, [
      '\r\x1b[2K[1/?] registration.options …',
      '\r\x1b[2K[1/61] registration.options …',
      '\r\x1b[2K',
    ]);
    const pipe: string[] = [];
    const quiet = new ProgressLine({ isTTY: false, write: (t: string) => pipe.push(t) });
    quiet.show(FIRST_CHECK, 0, 61);
    quiet.clear();
    assert.deepEqual(pipe, []);
  });

  it('exits 0 only when every check passed; 3 when some were skipped; 1 when one failed or none ran', () => {
    const passed = result({ result: 'passed' });
    const skipped = result({ result: 'skipped', reason: 'r' });
    const failed = result({ result: 'failed', httpStatus: 200 });
    assert.equal(exitStatus([passed, passed]), 0);
    assert.equal(exitStatus([passed, skipped]), 3);
    assert.equal(exitStatus([passed, skipped, failed]), 1);
    assert.equal(exitStatus([result({ result: 'failed', error: 'down' })]), 1);
    assert.equal(exitStatus([]), 1);
  });
});
