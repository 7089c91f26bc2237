// /readyz, /metrics and /openapi.json over a real server, and the OpenAPI document against docs/api.md.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sqliteDatabase } from './databases.js';
import { Client, serverForSuite, signUpWithPasskey, WEB_ORIGIN } from './harness.js';
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

  it('counts passkey sign-ins and their latency: successes from the histogram, failures by code', async () => {
    const base = suite.running.base;
    const { authenticator, credentialId } = await signUpWithPasskey(base, 'metrics-user');
    const signIn = async () => {
      const options = await new Client(base).post('/api/webauthn/authentication/options', {});
      return new Client(base).post(
        '/api/webauthn/authentication/verify',
        authenticator.getAssertion(options.body, { origin: WEB_ORIGIN, credentialId }),
      );
    };
    for (let i = 0; i < 3; i++) assert.equal((await signIn()).status, 200);
    const replay = await new Client(base).post('/api/webauthn/authentication/verify', { id: 'x' });
    assert.equal(replay.status, 400);
    const text = await (await fetch(`${base}/metrics`)).text();
    const sample = (pattern: string) => {
      const line = text.split('\n').find((l) => l.startsWith(pattern));
      assert.ok(line, `${pattern} in /metrics`);
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    assert.equal(
      sample('credkit_ceremonies_total{ceremony="authentication",outcome="success",code="none"}'),
      3,
    );
    assert.equal(
      sample('credkit_ceremony_duration_seconds_count{ceremony="authentication",outcome="success"}'),
      3,
    );
    assert.equal(
      sample(
        'credkit_ceremony_duration_seconds_bucket{le="+Inf",ceremony="authentication",outcome="success"}',
      ),
      3,
    );
    // buckets are cumulative: never fewer in a wider one
    const buckets = text
      .split('\n')
      .filter(
        (l) =>
          l.startsWith('credkit_ceremony_duration_seconds_bucket{') &&
          l.includes('ceremony="authentication",outcome="success"'),
      )
      .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
    assert.ok(buckets.length >= 13);
    assert.deepEqual(
      [...buckets].sort((a, b) => a - b),
      buckets,
    );
    assert.ok(
      sample('credkit_ceremony_duration_seconds_sum{ceremony="authentication",outcome="success"}') > 0,
    );
    assert.equal(
      sample(
        'credkit_http_request_duration_seconds_count{method="POST",route="/api/webauthn/authentication/verify",status="200"}',
      ),
      3,
    );
    assert.equal(
      sample(
        'credkit_ceremonies_total{ceremony="authentication",outcome="failure",code="malformed_request"}',
      ),
      1,
    );
    // a second scrape counts nothing twice
    const again = await (await fetch(`${base}/metrics`)).text();
    assert.match(
      again,
      /credkit_ceremonies_total\{ceremony="authentication",outcome="success",code="none"\} 3\n/,
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
