// /readyz, /metrics and /openapi.json over a real server, and the OpenAPI document against docs/api.md.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sqliteDatabase } from './databases.js';
import { serverForSuite, WEB_ORIGIN } from './harness.js';
import { MIGRATIONS } from '../../packages/server/src/store/index.js';

const api = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

describe('operations endpoints', () => {
  // Related origins configured and the FIDO conformance API on, so that /.well-known/webauthn and the four
  // conformance routes (served only then) are in the document too.
  const suite = serverForSuite(async () => sqliteDatabase(), {
    metrics: true,
    relatedOrigins: ['https://related.example'],
    fidoConformanceApi: true,
  });

  it('is ready once migrated', async () => {
    const reply = await fetch(`${suite.running.base}/readyz`);
    assert.equal(reply.status, 200);
    const migrations = Object.keys(MIGRATIONS).length;
    assert.ok(migrations >= 3);
    assert.deepEqual(await reply.json(), { ready: true, migrations });
  });

  it('counts a failed password sign-in by ceremony, outcome and code', async () => {
    await fetch(`${suite.running.base}/api/signin/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: WEB_ORIGIN },
      body: JSON.stringify({ username: 'nobody', password: 'wrong guess' }),
    });
    const text = await (await fetch(`${suite.running.base}/metrics`)).text();
    assert.match(
      text,
      /credkit_ceremonies_total\{ceremony="password_signin",outcome="failure",code="invalid_credentials"\} 1/,
    );
    assert.match(
      text,
      /credkit_http_request_duration_seconds_count\{method="POST",route="\/api\/signin\/password"/,
    );
  });

  it('lists every route docs/api.md documents in /openapi.json (OpenAPI 3.1)', async () => {
    const doc = (await (await fetch(`${suite.running.base}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    assert.equal(doc.openapi, '3.1.0');
    const documented = [...api.matchAll(/`(GET|POST|PATCH|DELETE) (\/[^`\s]*)`/g)].map(
      ([, method, path]) => [method!.toLowerCase(), path!.replace(/:([A-Za-z0-9_]+)/g, '{$1}')] as const,
    );
    assert.ok(documented.length >= 15);
    for (const route of [
      '/attestation/options',
      '/attestation/result',
      '/assertion/options',
      '/assertion/result',
    ])
      assert.ok(
        documented.some(([method, path]) => method === 'post' && path === route),
        route,
      );
    const missing = documented
      .filter(([method, path]) => path !== '/openapi.json' && !doc.paths[path]?.[method])
      .map((r) => r.join(' '));
    assert.deepEqual(missing, []);
  });
});
