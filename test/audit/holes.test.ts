// The audit against relying parties with deliberate holes (holey-server.ts): each hole is named by exactly the
// checks that test it, and nothing else fails or is skipped; with no hole every check passes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAudit } from '../../packages/credkit/src/audit/run.js';
import { summarize } from '../../packages/credkit/src/audit/output.js';
import { movableClock } from './conformance-shell.js';
import { startHoleyServer, type Hole } from './holey-server.js';

const ORIGIN = 'https://rp.example.localhost';

/** What the audit must report for each hole, and nothing more. */
const NAMED: Record<Hole, string[]> = {
  'any-origin': ['registration.wrong-origin', 'authentication.wrong-origin'],
  'keeps-challenges': [
    'registration.replayed-challenge',
    'registration.concurrent-challenge',
    'authentication.replayed-challenge',
    'authentication.concurrent-challenge',
  ],
  'racy-challenges': ['registration.concurrent-challenge', 'authentication.concurrent-challenge'],
  'ignores-uv': ['registration.uv-missing', 'authentication.uv-missing'],
  'ignores-counter': ['authentication.sign-count-regression'],
  'ignores-user-handle': [
    'authentication.user-handle-mismatch',
    'authentication.user-handle-mismatch-discoverable',
  ],
  'no-expiry': ['registration.expired-challenge', 'authentication.expired-challenge'],
  'any-rp-id': ['registration.wrong-rp-id-hash', 'authentication.wrong-rp-id-hash'],
  'any-type': ['registration.wrong-type', 'authentication.wrong-type'],
  'duplicate-ids': ['registration.excluded-credential'],
  'any-algorithm': ['registration.algorithm-not-offered'],
};

async function audit(holes: Hole[], algorithms?: number[]) {
  const clock = movableClock();
  const server = await startHoleyServer({
    holes,
    origin: ORIGIN,
    rpId: 'rp.example.localhost',
    now: clock.now,
    ...(algorithms ? { algorithms } : {}),
  });
  try {
    const results = await runAudit({
      url: server.url,
      origin: ORIGIN,
      rpId: 'rp.example.localhost',
      maxWaitMs: 120_000,
      sleep: clock.sleep,
    });
    return { results, summary: summarize(results) };
  } finally {
    await server.close();
  }
}

describe('credkit audit against servers with holes', () => {
  it('passes every check of a server without holes, skipping none', async () => {
    const { summary } = await audit([]);
    assert.deepEqual(summary.failedChecks, []);
    assert.deepEqual(summary.skippedChecks, []);
    assert.ok(summary.passed >= 50, `${summary.passed} checks passed`);
  });

  for (const [hole, named] of Object.entries(NAMED) as [Hole, string[]][]) {
    it(`names the hole ${hole} (${named.join(', ')}) and nothing else`, async () => {
      const { summary } = await audit([hole]);
      assert.deepEqual([...summary.failedChecks].sort(), [...named].sort());
      assert.deepEqual(summary.skippedChecks, []);
    });
  }

  it('builds every ceremony and attack on the one algorithm a server offers (ES384), and tries the others', async () => {
    const { results, summary } = await audit([], [-35]);
    assert.deepEqual(summary.failedChecks, []);
    assert.deepEqual(summary.skippedChecks, []);
    const names = results.map((r) => r.check.name);
    assert.ok(names.includes('authentication.algorithm.es384'));
    assert.ok(!names.includes('authentication.algorithm.es256'));
    const unoffered = results.find((r) => r.check.name === 'registration.algorithm-not-offered')!;
    assert.match((unoffered.outcome as { detail: string }).detail, /^refused ES256, EdDSA, ES512/);
  });

  it('names two holes at once', async () => {
    const { summary } = await audit(['ignores-uv', 'ignores-counter']);
    assert.deepEqual(
      [...summary.failedChecks].sort(),
      [...NAMED['ignores-uv'], ...NAMED['ignores-counter']].sort(),
    );
  });
});
