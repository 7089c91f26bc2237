#!/usr/bin/env node
// bench:http: full ceremonies over loopback HTTP against credkit (SQLite and PostgreSQL) and, in the same run,
// the anchors: @simplewebauthn/server on Fastify with an in-memory store (bench/anchors/simplewebauthn-fastify.mjs)
// and a bare floor (bench/anchors/floor.mjs: Fastify, a Map, one crypto.verify with a cached key). One load
// client (autocannon; a software authenticator signs each challenge in this process), the targets interleaved
// round by round (each round starting one target further on), a fresh server and database for every run (removed
// right after it), warmed up by BENCH_WARMUP seconds of the same load before it is measured. Server CPU per ceremony is read from /proc for the server process and its children (workers),
// so load-client work never counts.
// credkit runs with WORKERS=1 and WORKERS=2 (PostgreSQL pools: DATABASE_POOL_SIZE 10 shared out by the workers).
//   sign-in ceremony: POST authentication/options + POST authentication/verify (discoverable)
//   registration ceremony: POST signup + POST registration/options + POST registration/verify (attestation none)
// Then passkey sign-in p99 alone and beside a password-login storm (BENCH_STORM=0 skips it; BENCH_STORM_CONNECTIONS,
// default 32, storm clients).
// The floor also runs as 2 processes (node:cluster); a table after each ceremony gives 2 processes against 1 for it
// and for credkit. Here the load client shares the 2 cores: bench:workers measures what a second process gains
// with a load client light enough to leave them to the server.
// Usage: npm run bench:http   env: BENCH_SECONDS (5 per run), BENCH_WARMUP (2), BENCH_ROUNDS (5),
//   BENCH_CONNECTIONS (10), BENCH_DATABASE_URL (PostgreSQL), BENCH_TARGETS (names to keep, separated by |), BENCH_CEREMONIES
//   (sign-in|registration), BENCH_NODE_ARGS (for the servers, e.g. --cpu-prof), BENCH_BASELINE (the path of
//   another built checkout: its credkit runs beside this one as "baseline" targets, for an A/B in one run)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SoftwareAuthenticator } from '@credkit/provider';
import {
  ORIGIN,
  ROUNDS,
  SECONDS,
  cpuMs,
  credkitTarget,
  enrol,
  firstPostgres,
  json,
  median,
  perRound,
  post,
  root,
  signInRequests,
  spread,
  withServer,
} from './harness.mjs';
import { formatTable } from './report.mjs';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const STORM_CONNECTIONS = Number(process.env.BENCH_STORM_CONNECTIONS ?? 32);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);

function registrationRequests(run, done, fail) {
  let next = 0;
  return [
    {
      method: 'POST',
      path: '/api/signup',
      headers: json,
      setupRequest: (request, context) => {
        context.started = performance.now();
        return { ...request, body: JSON.stringify({ username: `reg-${run}-${next++}` }) };
      },
      onResponse: (status, body, context) => {
        context.token = status === 201 ? JSON.parse(body).token : undefined;
      },
    },
    {
      method: 'POST',
      path: '/api/webauthn/registration/options',
      setupRequest: (request, context) =>
        context.token
          ? {
              ...request,
              headers: { ...json, authorization: `Bearer ${context.token}` },
              body: '{"kind":"passkey"}',
            }
          : undefined,
      onResponse: (status, body, context) => {
        context.options = status === 200 ? JSON.parse(body) : undefined;
      },
    },
    {
      method: 'POST',
      path: '/api/webauthn/registration/verify',
      setupRequest: (request, context) => {
        if (!context.options) return undefined;
        const { response } = new SoftwareAuthenticator().createCredential(context.options, {
          origin: ORIGIN,
        });
        return {
          ...request,
          headers: { ...json, authorization: `Bearer ${context.token}` },
          body: JSON.stringify(response),
        };
      },
      onResponse: (status, _body, context) =>
        status === 200 ? done(performance.now() - context.started) : fail(),
    },
  ];
}

/** SQL statements the server has run (all workers), from its /metrics. */
async function statements(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const match = /^credkit_database_statements_total (\d+)/m.exec(text);
  return match ? Number(match[1]) : NaN;
}

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;

/** One run: a fresh server, enrolment, then the ceremony under load for SECONDS. */
function run(target, ceremony) {
  return withServer(target, async ({ child, base, tag }) => {
    const latencies = [];
    let failed = 0;
    const done = (ms) => latencies.push(ms);
    const fail = () => failed++;
    const requests =
      ceremony === 'sign-in'
        ? signInRequests(await enrol(base, tag, CONNECTIONS), done, fail)
        : registrationRequests(tag, done, fail);
    // the same load, unmeasured, until each process's hot code is compiled (every worker compiles its own)
    if (WARMUP > 0) await autocannon({ url: base, connections: CONNECTIONS, duration: WARMUP, requests });
    latencies.length = 0;
    failed = 0;
    const statementsBefore = target.statements ? await statements(base) : NaN;
    const cpuBefore = cpuMs(child.pid);
    const clientBefore = process.cpuUsage();
    const wallBefore = performance.now();
    const result = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests,
    });
    const cpu = cpuMs(child.pid) - cpuBefore;
    const client = process.cpuUsage(clientBefore);
    const wall = performance.now() - wallBefore;
    const statementsRun = target.statements ? (await statements(base)) - statementsBefore : NaN;
    latencies.sort((a, b) => a - b);
    return {
      perSecond: latencies.length / result.duration,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      cpuPerCeremony: cpu / Math.max(1, latencies.length),
      statementsPerCeremony: statementsRun / Math.max(1, latencies.length),
      // the cores the load client and the server kept busy (a 2-CPU machine is saturated near 200%)
      clientCores: (client.user + client.system) / 1000 / wall,
      serverCores: cpu / wall,
      failed: failed + result.errors + result.non2xx,
    };
  });
}

/**
 * Passkey sign-in under a password-login storm: the same sign-in load alone, then beside STORM_CONNECTIONS clients
 * posting wrong passwords for one account as fast as the server answers (rate limits off, so nothing throttles
 * them: the worst case the hash bound must absorb). Rounds alternate quiet and storm.
 */
function stormRun(target, storm) {
  return withServer(target, async ({ base, tag }) => {
    const users = await enrol(base, tag, CONNECTIONS);
    await post(base, '/api/signup', { username: `victim-${tag}`, password: 'the right password' });
    if (WARMUP > 0) {
      const requests = signInRequests(
        users,
        () => {},
        () => {},
      );
      await autocannon({ url: base, connections: CONNECTIONS, duration: WARMUP, requests });
    }
    const latencies = [];
    const signIn = autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: signInRequests(
        users,
        (ms) => latencies.push(ms),
        () => {},
      ),
    });
    const passwords = storm
      ? autocannon({
          url: base,
          connections: STORM_CONNECTIONS,
          duration: SECONDS,
          timeout: SECONDS + 5,
          requests: [
            {
              method: 'POST',
              path: '/api/signin/password',
              headers: json,
              body: JSON.stringify({ username: `victim-${tag}`, password: 'a wrong password' }),
            },
          ],
        })
      : undefined;
    const [result, stormResult] = await Promise.all([signIn, passwords]);
    latencies.sort((a, b) => a - b);
    return {
      perSecond: latencies.length / result.duration,
      p99: percentile(latencies, 99),
      passwordsPerSecond: stormResult ? stormResult.requests.total / stormResult.duration : 0,
    };
  });
}

const dir = mkdtempSync(join(tmpdir(), 'credkit-bench-'));
const pgUrl = await firstPostgres();
const credkit = (...args) => credkitTarget({ dir, pgUrl }, ...args);
const SWA = '@simplewebauthn/server on Fastify (memory)';
const FLOOR = 'floor: Fastify + Map + crypto.verify';
const FLOOR_2 = 'floor, 2 processes';
/** Targets run with 2 processes, each beside the same target with 1. */
const SCALING = [
  ['credkit, SQLite, 2 workers', 'credkit, SQLite, 1 worker'],
  ['credkit, PostgreSQL, 2 workers', 'credkit, PostgreSQL, 1 worker'],
  [FLOOR_2, FLOOR],
];
let targets = [
  credkit('credkit, SQLite, 1 worker', 'sqlite', { WORKERS: '1' }),
  credkit('credkit, SQLite, 2 workers', 'sqlite', { WORKERS: '2' }),
  ...(pgUrl
    ? [
        credkit('credkit, PostgreSQL, 1 worker', 'postgres', { WORKERS: '1' }),
        credkit('credkit, PostgreSQL, 2 workers', 'postgres', { WORKERS: '2' }),
      ]
    : []),
  ...(process.env.BENCH_BASELINE
    ? [
        credkit('baseline credkit, SQLite, 1 worker', 'sqlite', { WORKERS: '1' }, process.env.BENCH_BASELINE),
        credkit(
          'baseline credkit, SQLite, 2 workers',
          'sqlite',
          { WORKERS: '2' },
          process.env.BENCH_BASELINE,
        ),
        ...(pgUrl
          ? [
              credkit(
                'baseline credkit, PostgreSQL, 1 worker',
                'postgres',
                { WORKERS: '1' },
                process.env.BENCH_BASELINE,
              ),
            ]
          : []),
      ]
    : []),
  { name: SWA, args: [join(root, 'bench/anchors/simplewebauthn-fastify.mjs')] },
  { name: FLOOR, args: [join(root, 'bench/anchors/floor.mjs')], signInOnly: true },
  // what any server gains from a second process on this machine, whose cores the load client shares
  {
    name: FLOOR_2,
    args: [join(root, 'bench/anchors/floor.mjs')],
    env: async () => ({ vars: { FLOOR_WORKERS: '2' } }),
    signInOnly: true,
  },
];
if (!pgUrl) console.error('PostgreSQL not reachable: its rows are skipped');
if (process.env.BENCH_TARGETS) {
  const keep = process.env.BENCH_TARGETS.split('|').map((s) => s.trim().toLowerCase());
  targets = targets.filter((t) => keep.some((k) => t.name.toLowerCase().includes(k)));
}

const CEREMONIES = (process.env.BENCH_CEREMONIES ?? 'sign-in|registration').split('|');
const results = new Map();
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const ceremony of CEREMONIES) {
      // each round starts one target further on, so no target always runs right after the same other one
      for (const target of [
        ...targets.slice(round % targets.length),
        ...targets.slice(0, round % targets.length),
      ]) {
        if (ceremony === 'registration' && target.signInOnly) continue;
        const key = `${ceremony}\u0000${target.name}`;
        const r = await run(target, ceremony);
        if (!results.has(key)) results.set(key, []);
        results.get(key).push(r);
        process.stderr.write(
          `round ${round + 1}/${ROUNDS} ${ceremony} ${target.name}: ${Math.round(r.perSecond)}/s, ` +
            `${r.cpuPerCeremony.toFixed(3)} ms CPU, p99 ${r.p99.toFixed(1)} ms${r.failed ? `, ${r.failed} failed` : ''}\n`,
        );
      }
    }
  }
  if (process.env.BENCH_STORM !== '0') {
    const stormTarget = targets.find((t) => t.name === 'credkit, SQLite, 1 worker');
    for (let round = 0; stormTarget && round < ROUNDS; round++) {
      for (const storm of [false, true]) {
        const r = await stormRun(stormTarget, storm);
        if (!results.has(`storm\u0000${storm}`)) results.set(`storm\u0000${storm}`, []);
        results.get(`storm\u0000${storm}`).push(r);
        process.stderr.write(
          `round ${round + 1}/${ROUNDS} sign-in ${storm ? 'beside a password storm' : 'quiet'}: ` +
            `${Math.round(r.perSecond)}/s, p99 ${r.p99.toFixed(1)} ms` +
            `${storm ? `, ${r.passwordsPerSecond.toFixed(1)} password checks/s` : ''}\n`,
        );
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

for (const ceremony of CEREMONIES) {
  const rows = [];
  const anchor = results.get(`${ceremony}\u0000${SWA}`);
  const floor = results.get(`${ceremony}\u0000${FLOOR}`);
  const anchorCpu = anchor && median(anchor.map((r) => r.cpuPerCeremony));
  const floorCpu = floor && median(floor.map((r) => r.cpuPerCeremony));
  for (const target of targets) {
    const rs = results.get(`${ceremony}\u0000${target.name}`);
    if (!rs) continue;
    const cpu = median(rs.map((r) => r.cpuPerCeremony));
    rows.push({
      what: target.name,
      perSecond: median(rs.map((r) => r.perSecond)),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
      cpu,
      statements: median(rs.map((r) => r.statementsPerCeremony)),
      cores: `${median(rs.map((r) => r.serverCores)).toFixed(2)}+${median(rs.map((r) => r.clientCores)).toFixed(2)}`,
      failed: rs.reduce((n, r) => n + r.failed, 0),
      anchorRatio: anchorCpu ? cpu / anchorCpu : undefined,
      anchorRounds: anchor ? spread(perRound(rs, anchor, 'cpuPerCeremony')) : '-',
      floorRatio: floorCpu ? cpu / floorCpu : undefined,
    });
  }
  console.log(
    `\n${ceremony} ceremonies, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${SECONDS} s (medians), loopback, Node ${process.version}`,
  );
  console.log(
    formatTable(
      rows,
      {
        perSecond: 'ceremonies/s',
        p50: 'p50 ms',
        p99: 'p99 ms',
        cpu: 'server CPU ms/ceremony',
        statements: 'SQL statements/ceremony',
        cores: 'cores busy (server+client)',
        failed: 'failed',
        anchorRounds: 'CPU / anchor, each round',
      },
      { 'CPU / SWA anchor': (r) => r.anchorRatio, 'CPU / floor': (r) => r.floorRatio },
    ),
  );
  const scaling = [];
  for (const [two, one] of SCALING) {
    const a = results.get(`${ceremony}\u0000${two}`);
    const b = results.get(`${ceremony}\u0000${one}`);
    if (!a || !b) continue;
    const rounds = perRound(a, b, 'perSecond');
    scaling.push({
      what: two,
      rate: median(rounds),
      rounds: spread(rounds),
      cpu: median(perRound(a, b, 'cpuPerCeremony')),
    });
  }
  if (scaling.length) {
    console.log(
      `\n${ceremony}: 2 processes against 1, same run (the load client shares the machine's cores: bench:workers measures the gain)`,
    );
    console.log(
      formatTable(
        scaling,
        { rounds: 'ceremonies/s ratio, each round' },
        {
          'ceremonies/s ratio': (r) => r.rate,
          'CPU per ceremony, ratio': (r) => r.cpu,
        },
      ),
    );
  }
}

const quiet = results.get('storm\u0000false');
const stormy = results.get('storm\u0000true');
if (quiet && stormy) {
  const quietP99 = median(quiet.map((r) => r.p99));
  const stormP99 = median(stormy.map((r) => r.p99));
  console.log(
    `\npasskey sign-in beside a password-login storm (credkit, SQLite, 1 worker; ${STORM_CONNECTIONS} storm clients, rate limits off)`,
  );
  console.log(
    formatTable(
      [
        { what: 'quiet', perSecond: median(quiet.map((r) => r.perSecond)), p99: quietP99 },
        {
          what: 'beside the storm',
          perSecond: median(stormy.map((r) => r.perSecond)),
          p99: stormP99,
          passwords: median(stormy.map((r) => r.passwordsPerSecond)),
        },
      ],
      { perSecond: 'sign-ins/s', p99: 'sign-in p99 ms', passwords: 'password checks/s' },
      { 'p99 / quiet p99': (r) => r.p99 / quietP99 },
    ),
  );
}
