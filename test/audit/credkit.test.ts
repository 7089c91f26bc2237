// credkit audit against credkit's own server with the FIDO conformance API on: every check passes, none is
// skipped (the server's clock moves when the audit waits out the stated timeout), on SQLite and PostgreSQL.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type CredkitServer } from '../../packages/server/src/index.js';
import { runAudit } from '../../packages/credkit/src/audit/run.js';
import { exitStatus, resultLine, summarize } from '../../packages/credkit/src/audit/output.js';
import { ENGINES, type TestDatabase } from '../server/databases.js';
import { testConfig, WEB_ORIGIN } from '../server/harness.js';
import { movableClock } from './conformance-shell.js';

/** The attacks the audit must name (issue 15), each a check of its own. */
const REQUIRED = [
  'registration.replayed-challenge',
  'registration.concurrent-challenge',
  'authentication.replayed-challenge',
  'authentication.concurrent-challenge',
  'registration.wrong-origin',
  'authentication.wrong-origin',
  'registration.wrong-rp-id-hash',
  'authentication.wrong-rp-id-hash',
  'registration.wrong-type',
  'authentication.wrong-type',
  'registration.up-missing',
  'authentication.up-missing',
  'registration.uv-missing',
  'authentication.uv-missing',
  'authentication.bad-signature',
  'registration.tampered-authenticator-data',
  'registration.tampered-client-data',
  'authentication.tampered-authenticator-data',
  'authentication.tampered-client-data',
  'authentication.sign-count-regression',
  'authentication.user-handle-mismatch',
  'registration.malformed-base64url',
  'authentication.malformed-base64url',
  'registration.malformed-cbor',
  'registration.oversized-credential-id',
  'registration.excluded-credential',
  'registration.expired-challenge',
  'authentication.expired-challenge',
];

for (const engine of ENGINES) {
  describe(`credkit audit against credkit's own server on ${engine.name}`, () => {
    const clock = movableClock();
    let database: TestDatabase;
    let server: CredkitServer;
    let base: string;
    before(async () => {
      database = await engine.make();
      server = await createServer(testConfig(database, { fidoConformanceApi: true }), { now: clock.now });
      base = await server.listen();
    });
    after(async () => {
      await server?.close();
      await database?.cleanup();
    });

    it('passes every check, skips none, and exits 0', async () => {
      const results = await runAudit({
        url: base,
        origin: WEB_ORIGIN,
        rpId: 'localhost',
        // the challenge lifetime is the default 300 s: the audit "waits" it out on the moved clock
        maxWaitMs: 400_000,
        sleep: clock.sleep,
      });
      const summary = summarize(results);
      assert.deepEqual(
        summary.failedChecks,
        [],
        results
          .filter((r) => r.outcome.result !== 'passed')
          .map(resultLine)
          .join('\n'),
      );
      assert.deepEqual(summary.skippedChecks, []);
      assert.equal(exitStatus(results), 0);
      const names = results.map((r) => r.check.name);
      assert.deepEqual(
        REQUIRED.filter((name) => !names.includes(name)),
        [],
      );
      // every algorithm the conformance API offers was registered and used
      for (const alg of [
        'es256',
        'eddsa',
        'es384',
        'es512',
        'ps256',
        'rs256',
        'ps384',
        'ps512',
        'rs384',
        'rs512',
        'ed448',
      ])
        assert.ok(names.includes(`authentication.algorithm.${alg}`), alg);
      // each line names the spec step it rests on
      for (const r of results) assert.match(JSON.parse(resultLine(r)).step, /^§\d/);
    });
  });
}
