#!/usr/bin/env node
// Full passkey sign-in ceremonies over loopback HTTP (options + verify, with the database writes), on SQLite and
// PostgreSQL. The server runs in its own process (`credkit serve`); autocannon drives it and a software
// authenticator signs each challenge in this process.
// Usage: npm run bench:http   env: BENCH_SECONDS (10), BENCH_CONNECTIONS (10), BENCH_DATABASE_URL (postgres URL)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { SoftwareAuthenticator } from '../dist/provider/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ORIGIN = 'http://localhost:8080';
const USERS = CONNECTIONS;

async function firstPostgres() {
  for (const url of [
    process.env.BENCH_DATABASE_URL,
    'postgres://root@127.0.0.1:5432/test',
    'postgres://postgres@127.0.0.1:5432/test',
  ]) {
    if (!url) continue;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.end();
      return url;
    } catch {
      await client.end().catch(() => {});
    }
  }
  return undefined;
}

function startServer(env) {
  const child = spawn(process.execPath, [join(root, 'dist/cli/main.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      RP_ID: 'localhost',
      ORIGINS: ORIGIN,
      LOG: '0',
      RATE_LIMIT_PER_CLIENT: '100000000',
      RATE_LIMIT_PER_ACCOUNT: '100000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve({ child, base: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
}

async function post(base, path, body, token) {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function enrol(base, run) {
  const users = [];
  for (let i = 0; i < USERS; i++) {
    const authenticator = new SoftwareAuthenticator();
    const { token } = await post(base, '/api/signup', { username: `bench-${run}-${i}` });
    const options = await post(base, '/api/webauthn/registration/options', { kind: 'passkey' }, token);
    const { response } = authenticator.createCredential(options, { origin: ORIGIN });
    const { credential } = await post(base, '/api/webauthn/registration/verify', response, token);
    users.push({ authenticator, credentialId: credential.id });
  }
  return users;
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

async function bench(name, env) {
  const { child, base } = await startServer(env);
  try {
    const users = await enrol(base, Date.now().toString(36));
    let next = 0;
    const ceremonies = [];
    let failures = 0;
    const result = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          path: '/api/webauthn/authentication/options',
          headers: { 'content-type': 'application/json' },
          body: '{}',
          setupRequest: (request, context) => {
            context.user ??= users[next++ % users.length];
            context.started = performance.now();
            return request;
          },
          onResponse: (status, body, context) => {
            context.options = status === 200 ? JSON.parse(body) : undefined;
          },
        },
        {
          method: 'POST',
          path: '/api/webauthn/authentication/verify',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request, context) => {
            if (!context.options) return undefined;
            const assertion = context.user.authenticator.getAssertion(context.options, {
              origin: ORIGIN,
              credentialId: context.user.credentialId,
            });
            return { ...request, body: JSON.stringify(assertion) };
          },
          onResponse: (status, _body, context) => {
            if (status === 200) ceremonies.push(performance.now() - context.started);
            else failures++;
          },
        },
      ],
    });
    ceremonies.sort((a, b) => a - b);
    const seconds = result.duration;
    return {
      database: name,
      'ceremonies/s': Math.round(ceremonies.length / seconds),
      'p50 ms': Number(percentile(ceremonies, 50).toFixed(2)),
      'p99 ms': Number(percentile(ceremonies, 99).toFixed(2)),
      'requests/s': Math.round(result.requests.average),
      failed: failures + result.errors,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'credkit-bench-'));
const rows = [];
try {
  rows.push(await bench('SQLite (WAL)', { DATABASE_URL: `sqlite:${join(dir, 'bench.db')}` }));
  const pgUrl = await firstPostgres();
  if (pgUrl) {
    const schema = `credkit_bench_${process.pid}`;
    try {
      rows.push(await bench('PostgreSQL', { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema }));
    } finally {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    }
  } else {
    console.error('PostgreSQL not reachable: skipped');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `\nFull passkey sign-in ceremonies (options + verify + DB writes), ${CONNECTIONS} connections, ${SECONDS} s, loopback, Node ${process.version}`,
);
console.table(rows);
