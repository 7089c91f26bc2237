// credkit audit against a relying party built on @simplewebauthn/server (simplewebauthn-server.ts): every genuine
// ceremony passes, and what the audit reports is exactly the list docs/audit.md gives (and explains).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runAudit } from '../../packages/credkit/src/audit/run.js';
import { resultLine, summarize } from '../../packages/credkit/src/audit/output.js';
import { startSimpleWebAuthnServer } from './simplewebauthn-server.js';

const ORIGIN = 'https://rp.example.localhost';
const RP_ID = 'rp.example.localhost';

/** The check names of docs/audit.md's SimpleWebAuthn table (the rows after its marker comment). */
function documentedFindings(): string[] {
  const doc = readFileSync(new URL('../../docs/audit.md', import.meta.url), 'utf8');
  const start = doc.indexOf('<!-- simplewebauthn-findings');
  assert.ok(start > 0, 'docs/audit.md has the SimpleWebAuthn findings table');
  const section = doc.slice(start, doc.indexOf('\n## ', start));
  return [...section.matchAll(/^\| `([a-z0-9.-]+)`/gm)].map((m) => m[1]!);
}

describe('credkit audit against a relying party on @simplewebauthn/server', () => {
  it('passes every genuine ceremony and reports exactly what docs/audit.md lists', async () => {
    // the library's pending challenges carry no time, so no clock needs to move: the audit's wait is a no-op
    const server = await startSimpleWebAuthnServer({ origin: ORIGIN, rpId: RP_ID });
    try {
      const results = await runAudit({
        url: server.url,
        origin: ORIGIN,
        rpId: RP_ID,
        maxWaitMs: 120_000,
        sleep: async () => {},
      });
      const valid = results.filter((r) => r.check.kind === 'valid');
      const notPassed = valid.filter((r) => r.outcome.result !== 'passed');
      assert.deepEqual(notPassed.map(resultLine), []);
      const names = valid.map((r) => r.check.name);
      for (const alg of ['es256', 'eddsa', 'rs256'])
        assert.ok(names.includes(`authentication.algorithm.${alg}`));
      const summary = summarize(results);
      assert.deepEqual(summary.skippedChecks, []);
      assert.deepEqual([...summary.failedChecks].sort(), documentedFindings().sort());
    } finally {
      await server.close();
    }
  });
});
