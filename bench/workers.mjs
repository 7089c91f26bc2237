#!/usr/bin/env node
// bench:workers: what a second worker process gains, with a load client light enough to leave the server both
// cores. bench:http's load client (autocannon, which signs every challenge in JavaScript) needs half a core or
// more of the 2 here, so there a second process mostly shares one core's worth with it. Here wrk (C, one thread)
// sends the load, and the signing happens before the measurement: for every run the bench fetches sign-in
// options, signs each challenge with the user's software authenticator, and writes the verify bodies to a file;
// under load each wrk connection alternates an options request (answered and dropped) and one of those verifies.
// The server does a whole ceremony's work per pair (options: a sealed challenge; verify: open it, spend it, check
// the signature, count the use, start a session), as in bench:http; only the challenge a verify answers was issued
// a few seconds earlier.
// Targets, each as 1 and 2 processes, interleaved round by round: credkit on SQLite and on PostgreSQL (WORKERS=1|2;
// PostgreSQL's pool, DATABASE_POOL_SIZE 10, is shared out by the workers), and the bare floor (FLOOR_WORKERS=1|2,
// FLOOR_REPLAY=1: a challenge another process issued passes).
// Needs wrk (Debian: apt-get install -y wrk). Usage: npm run bench:workers   env: BENCH_SECONDS (5 per run),
//   BENCH_WARMUP (15), BENCH_ROUNDS (5), BENCH_CONNECTIONS (32), BENCH_TARGETS (names to keep, separated by |)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  ROUNDS,
  SECONDS,
  assertionBody,
  cpuMs,
  credkitTarget,
  enrol,
  firstPostgres,
  json,
  median,
  perRound,
  root,
  signInRequests,
  spread,
  withServer,
} from './harness.mjs';
import { formatTable } from './report.mjs';

// V8 goes on compiling credkit's hot code for 10-15 s of a saturating load (--trace-opt: 450 functions optimized in
// the first 5 s, 60 in the next, 18, then a few), and each of 2 workers sees half the load: a warm-up of 2 s left
// the second worker still compiling inside the measurement.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const LUA = join(root, 'bench/wrk-sign-in.lua');

if (spawnSync('wrk', ['-v']).error) {
  console.error('bench:workers needs wrk on the PATH (Debian: apt-get install -y wrk)');
  process.exit(1);
}

/** `count` verify bodies: options fetched from the server, each signed by the next user's authenticator. */
async function signedVerifies(base, users, count) {
  const bodies = [];
  let next = 0;
  await autocannon({
    url: base,
    connections: 16,
    amount: count,
    requests: [
      {
        method: 'POST',
        path: '/api/webauthn/authentication/options',
        headers: json,
        body: '{}',
        onResponse: (status, body) => {
          if (status === 200) bodies.push(assertionBody(users[next++ % users.length], JSON.parse(body)));
        },
      },
    ],
  });
  return bodies;
}

/** wrk for SECONDS over the bodies in `file`; its result and the CPU time (ms) wrk itself used. */
function wrk(base, file) {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--timeout', '10s', '-s', LUA, base, '--', file];
  // bash's `times` prints its children's user and system time on its second line
  const child = spawn('bash', ['-c', 'wrk "$@" && times', 'bash', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      const result = /^WRK_RESULT (.*)$/m.exec(out);
      const times = out
        .trim()
        .split('\n')
        .at(-1)
        .match(/(\d+)m([\d.]+)s/g);
      if (code !== 0 || !result || times?.length !== 2)
        return reject(new Error(`wrk failed (${code}): ${out}`));
      const seconds = times.map((t) => {
        const [, m, s] = /(\d+)m([\d.]+)s/.exec(t);
        return Number(m) * 60 + Number(s);
      });
      resolve({ ...JSON.parse(result[1]), cpuMs: (seconds[0] + seconds[1]) * 1000 });
    }),
  );
}

/** The ceremonies/s a target reached so far: how many verify bodies its next run needs. */
const pace = new Map();

function run(target) {
  const file = join(dir, `verifies-${process.pid}.jsonl`);
  return withServer(target, async ({ child, base, tag }) => {
    const users = await enrol(base, tag, CONNECTIONS);
    // warm-up: the same ceremonies through autocannon, until every process's hot code is compiled
    let warmed = 0;
    const warm = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: WARMUP,
      requests: signInRequests(
        users,
        () => warmed++,
        () => {},
      ),
    });
    const perSecond = Math.max(pace.get(target.name) ?? 0, (3 * warmed) / warm.duration);
    const bodies = await signedVerifies(base, users, Math.ceil(perSecond * SECONDS * 1.3) + 500);
    writeFileSync(file, bodies.join('\n') + '\n');
    const cpuBefore = cpuMs(child.pid);
    const wallBefore = performance.now();
    const r = await wrk(base, file);
    const cpu = cpuMs(child.pid) - cpuBefore;
    const wall = performance.now() - wallBefore;
    const failed = r.status + r.connect + r.read + r.write + r.timeout;
    // half the requests are verifies; each that failed leaves its ceremony unfinished
    const ceremonies = r.requests / 2 - failed;
    // what failed, by error code (credkit's /metrics; the floor keeps none)
    const codes =
      r.status > 0 && target.statements
        ? [
            ...(await (await fetch(`${base}/metrics`)).text()).matchAll(
              /^credkit_ceremonies_total\{(.*outcome="failure".*)\} (\d+)/gm,
            ),
          ]
            .map(([, labels, n]) => `${/code="([^"]*)"/.exec(labels)?.[1]} ${n}`)
            .join(', ')
        : '';
    const result = {
      perSecond: ceremonies / (r.durationUs / 1e6),
      cpuPerCeremony: cpu / Math.max(1, ceremonies),
      serverCores: cpu / wall,
      clientCores: r.cpuMs / wall,
      p99: r.p99Us / 1000,
      failed,
      why: [
        codes,
        r.ranOut > 0 ? `${r.ranOut} past the last verify body` : '',
        ...['connect', 'read', 'write', 'timeout'].filter((k) => r[k] > 0).map((k) => `${r[k]} ${k} errors`),
      ]
        .filter(Boolean)
        .join(', '),
    };
    pace.set(target.name, Math.max(pace.get(target.name) ?? 0, result.perSecond));
    return result;
  }).finally(() => rmSync(file, { force: true }));
}

const dir = mkdtempSync(join(tmpdir(), 'credkit-bench-workers-'));
const pgUrl = await firstPostgres();
const credkit = (...args) => credkitTarget({ dir, pgUrl }, ...args);
const floor = (workers) => ({
  name: workers === 1 ? 'floor, 1 process' : 'floor, 2 processes',
  args: [join(root, 'bench/anchors/floor.mjs')],
  env: async () => ({ vars: { FLOOR_WORKERS: String(workers), FLOOR_REPLAY: '1' } }),
});
/** [2 processes, 1 process] */
let pairs = [
  [
    credkit('credkit, SQLite, 2 workers', 'sqlite', { WORKERS: '2' }),
    credkit('credkit, SQLite, 1 worker', 'sqlite', { WORKERS: '1' }),
  ],
  ...(pgUrl
    ? [
        [
          credkit('credkit, PostgreSQL, 2 workers', 'postgres', { WORKERS: '2' }),
          credkit('credkit, PostgreSQL, 1 worker', 'postgres', { WORKERS: '1' }),
        ],
      ]
    : []),
  [floor(2), floor(1)],
];
if (!pgUrl) console.error('PostgreSQL not reachable: its rows are skipped');
if (process.env.BENCH_TARGETS) {
  const keep = process.env.BENCH_TARGETS.split('|').map((s) => s.trim().toLowerCase());
  pairs = pairs.filter(([two]) => keep.some((k) => two.name.toLowerCase().includes(k)));
}

const results = new Map();
try {
  for (let round = 0; round < ROUNDS; round++) {
    // each round starts one pair further on, and every other round runs 1 process before 2
    for (const pair of [...pairs.slice(round % pairs.length), ...pairs.slice(0, round % pairs.length)]) {
      for (const target of round % 2 ? [...pair].reverse() : pair) {
        const r = await run(target);
        if (!results.has(target.name)) results.set(target.name, []);
        results.get(target.name).push(r);
        process.stderr.write(
          `round ${round + 1}/${ROUNDS} ${target.name}: ${Math.round(r.perSecond)}/s, ` +
            `${r.cpuPerCeremony.toFixed(3)} ms CPU, cores ${r.serverCores.toFixed(2)}+${r.clientCores.toFixed(2)}` +
            `${r.failed ? `, ${r.failed} failed (${r.why || 'non-2xx'})` : ''}\n`,
        );
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const cores = (rs) =>
  `${median(rs.map((r) => r.serverCores)).toFixed(2)}+${median(rs.map((r) => r.clientCores)).toFixed(2)}`;
const rows = pairs.flat().map(({ name }) => {
  const rs = results.get(name);
  return {
    what: name,
    perSecond: median(rs.map((r) => r.perSecond)),
    cpu: median(rs.map((r) => r.cpuPerCeremony)),
    p99: median(rs.map((r) => r.p99)),
    cores: cores(rs),
    failed: rs.reduce((n, r) => n + r.failed, 0),
  };
});
console.log(
  `\nsign-in ceremonies, wrk (1 thread, ${CONNECTIONS} connections) replaying pre-signed verifies, ${ROUNDS} interleaved rounds of ${SECONDS} s (medians), loopback, ${cpus().length} CPUs, Node ${process.version}`,
);
console.log(
  formatTable(
    rows,
    {
      perSecond: 'ceremonies/s',
      cpu: 'server CPU ms/ceremony',
      p99: 'request p99 ms',
      cores: 'cores busy (server+wrk)',
      failed: 'failed',
    },
    {},
  ),
);
const scaling = pairs.map(([two, one]) => {
  const [a, b] = [results.get(two.name), results.get(one.name)];
  const ratios = perRound(a, b, 'perSecond');
  return {
    what: two.name,
    rounds: spread(ratios),
    rate: median(ratios),
    // what a ceremony costs with 2 processes against 1: the second process's own cost, apart from the load
    cpu: median(perRound(a, b, 'cpuPerCeremony')),
    cores: median(a.map((r) => r.serverCores)) / median(b.map((r) => r.serverCores)),
  };
});
console.log(`\n2 processes against 1, round by round`);
console.log(
  formatTable(
    scaling,
    { rounds: 'ceremonies/s ratio, each round' },
    {
      'server cores busy, ratio': (r) => r.cores,
      'CPU per ceremony, ratio': (r) => r.cpu,
      'ceremonies/s ratio': (r) => r.rate,
    },
  ),
);
