// What bench:http and bench:workers share: starting a server process and reading its CPU time, enrolling
// passkeys through the HTTP API, the autocannon requests of a sign-in ceremony, and the credkit targets (a fresh
// SQLite file or PostgreSQL schema for every run, removed right after it).
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SoftwareAuthenticator } from '@credkit/provider';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const ORIGIN = 'http://localhost:8080';
/** Seconds measured per run, and interleaved rounds (BENCH_SECONDS, BENCH_ROUNDS). */
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TICKS_PER_SECOND = 100; // Linux USER_HZ for /proc/<pid>/stat

/** The first PostgreSQL server that answers: BENCH_DATABASE_URL, else the local one's usual roles. */
export async function firstPostgres() {
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

/** CPU time (ms) of a process and, recursively, its children. */
export function cpuMs(pid) {
  let ticks = 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    for (const child of children ? children.split(' ') : [])
      ticks += (cpuMs(Number(child)) * TICKS_PER_SECOND) / 1000;
  } catch {
    // the process is gone
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Starts a server (node `args`, `env` over the bench's defaults) and waits for "listening on URL". */
function startProcess(args, env) {
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      RP_ID: 'localhost',
      ORIGIN,
      ORIGINS: ORIGIN,
      LOG: '0',
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
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code})`)));
  });
}

/**
 * One run of `target` on a fresh server (and, for a credkit target, a fresh database): `f` gets the server process,
 * its URL and a tag unique to the run (for usernames); afterwards the server stops and its database is removed.
 */
export async function withServer(target, f) {
  const env = await target.env?.();
  const { child, base } = await startProcess(target.args, env?.vars ?? {});
  try {
    return await f({
      child,
      base,
      tag: `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    });
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await env?.cleanup?.();
  }
}

export async function post(base, path, body, token) {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** `count` users, each with one passkey on a software authenticator of its own. */
export async function enrol(base, run, count) {
  const users = [];
  for (let i = 0; i < count; i++) {
    const authenticator = new SoftwareAuthenticator();
    const { token } = await post(base, '/api/signup', { username: `bench-${run}-${i}` });
    const options = await post(base, '/api/webauthn/registration/options', { kind: 'passkey' }, token);
    const { response } = authenticator.createCredential(options, { origin: ORIGIN });
    const { credential } = await post(base, '/api/webauthn/registration/verify', response, token);
    users.push({ authenticator, credentialId: credential.id });
  }
  return users;
}

/** A user's assertion for sign-in options, as the verify request's body. */
export const assertionBody = (user, options) =>
  JSON.stringify(
    user.authenticator.getAssertion(options, { origin: ORIGIN, credentialId: user.credentialId }),
  );

export const json = { 'content-type': 'application/json' };

/** autocannon request sequences of one sign-in ceremony; `done(ms)` records a completed one. */
export function signInRequests(users, done, fail) {
  let next = 0;
  return [
    {
      method: 'POST',
      path: '/api/webauthn/authentication/options',
      headers: json,
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
      headers: json,
      setupRequest: (request, context) =>
        context.options ? { ...request, body: assertionBody(context.user, context.options) } : undefined,
      onResponse: (status, _body, context) =>
        status === 200 ? done(performance.now() - context.started) : fail(),
    },
  ];
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Each round's `key` of runs `rs` over the same round's of runs `base`, lowest first. */
export const perRound = (rs, base, key) => rs.map((r, i) => r[key] / base[i][key]).sort((a, b) => a - b);
/** The lowest and highest of ratios sorted by perRound: the run-to-run spread the medians hide. */
export const spread = (ratios) => `${ratios[0].toFixed(2)}–${ratios.at(-1).toFixed(2)}`;

/** Rate limits the bench's load must not meet. */
const limits = { RATE_LIMIT_PER_CLIENT: '100000000', RATE_LIMIT_PER_ACCOUNT: '100000000' };

/**
 * A credkit target (`credkit serve` from `checkout`) over a fresh SQLite file in `dir` or PostgreSQL schema at
 * `pgUrl` for every run; `extra`: more environment (WORKERS).
 */
export function credkitTarget({ dir, pgUrl }, name, database, extra = {}, checkout = root) {
  return {
    name,
    statements: true,
    args: [join(checkout, 'packages/credkit/dist/main.js'), 'serve'],
    env: async () => {
      const id = `${process.pid}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      if (database === 'sqlite') {
        const file = join(dir, `bench-${id}.db`);
        return {
          vars: { DATABASE_URL: `sqlite:${file}`, ...limits, ...extra },
          // removed at once, so the kernel never writes its pages out during a later run
          cleanup: async () => {
            for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
          },
        };
      }
      const schema = `credkit_bench_${id}`;
      return {
        vars: { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema, ...limits, ...extra },
        cleanup: async () => {
          const client = new pg.Client({ connectionString: pgUrl });
          await client.connect();
          await client.query(`drop schema if exists "${schema}" cascade`);
          // write PostgreSQL's dirty pages out now, between runs, not during the next target's
          await client.query('checkpoint');
          await client.end();
        },
      };
    },
  };
}
