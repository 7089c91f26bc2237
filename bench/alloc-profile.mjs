// `npm run bench:alloc -- [none|packed]`: where verifyRegistration allocates, by V8's sampling heap profiler
// (every object sampled at a 32-byte interval, also those a GC collected): bytes per call for each allocating
// frame with its two callers, largest first. Runs on the BUILT package (dist/), like bench/verify.mjs.
import { Session } from 'node:inspector/promises';
import { verifyRegistration } from '@credkit/webauthn';
import { makeFixture, ORIGIN, RP_ID } from './fixtures.mjs';

const format = process.argv[2] ?? 'none';
if (format !== 'none' && format !== 'packed') {
  console.error('usage: node bench/alloc-profile.mjs [none|packed]');
  process.exit(2);
}
const CALLS = 20_000;
const f = format === 'none' ? makeFixture(-7) : makeFixture(-7, 'direct');
const run = () =>
  verifyRegistration({
    response: f.registration,
    expected: { challenge: f.challenge, origins: ORIGIN, rpId: RP_ID },
  });

for (let i = 0; i < 2000; i++) run(); // warm-up: optimised code allocates differently
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 32,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
for (let i = 0; i < CALLS; i++) run();
const { profile } = await session.post('HeapProfiler.stopSampling');

const bySite = new Map();
const frameName = ({ functionName, url, lineNumber }) =>
  `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
(function walk(node, stack) {
  const path = [...stack, frameName(node.callFrame)];
  if (node.selfSize) {
    const site = path.slice(-3).reverse().join(' < ');
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
  }
  for (const child of node.children) walk(child, path);
})(profile.head, []);

const total = [...bySite.values()].reduce((a, b) => a + b, 0);
console.log(`verifyRegistration ${format}: about ${(total / CALLS).toFixed(0)} bytes sampled per call`);
for (const [site, bytes] of [...bySite]
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(process.env.ALLOC_ROWS ?? 25))) {
  if (bytes / CALLS >= 1) console.log(`${(bytes / CALLS).toFixed(0).padStart(6)}  ${site}`);
}
