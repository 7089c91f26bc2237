// Measurement: throughput with a hand loop (best of several short interleaved rounds, which filters out the
// noise of other processes on a shared machine), allocation per call (heapUsed delta corrected for any GC that
// ran, using v8.GCProfiler's before/after heap sizes), and throughput with many calls in flight.
import { GCProfiler } from 'node:v8';

const now = () => performance.now();

/** Runs `fn` (sync or async) repeatedly for about `ms` milliseconds; returns ops/s. */
export async function opsPerSecond(fn, ms) {
  let n = 0;
  const start = now();
  let elapsed = 0;
  const probe = fn();
  const isAsync = probe && typeof probe.then === 'function';
  if (isAsync) await probe;
  n++;
  while (elapsed < ms) {
    // batches of 16 keep the clock out of the loop
    if (isAsync) for (let i = 0; i < 16; i++) await fn();
    else for (let i = 0; i < 16; i++) fn();
    n += 16;
    elapsed = now() - start;
  }
  return (n * 1000) / elapsed;
}

/** Keeps `inFlight` calls of async `fn` running for about `ms` milliseconds; returns completed ops/s. */
export async function opsPerSecondInFlight(fn, inFlight, ms) {
  let n = 0;
  const start = now();
  const deadline = start + ms;
  const worker = async () => {
    while (now() < deadline) {
      await fn();
      n++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (n * 1000) / (now() - start);
}

/**
 * Best ops/s per task over `rounds` interleaved rounds of `ms` each. `tasks`: [{ name, fn, inFlight? }].
 * Returns Map name -> ops/s.
 */
export async function throughput(tasks, { rounds, ms }) {
  const best = new Map(tasks.map((t) => [t.name, 0]));
  for (const t of tasks)
    await (t.inFlight ? opsPerSecondInFlight(t.fn, t.inFlight, 50) : opsPerSecond(t.fn, 50)); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const t of tasks) {
      const ops = t.inFlight
        ? await opsPerSecondInFlight(t.fn, t.inFlight, ms)
        : await opsPerSecond(t.fn, ms);
      if (ops > best.get(t.name)) best.set(t.name, ops);
    }
  }
  return best;
}

/** Bytes allocated on the JS heap per call of `fn` over `iterations` calls (after a warm-up). */
export async function bytesPerCall(fn, iterations) {
  for (let i = 0; i < 200; i++) await fn();
  globalThis.gc();
  const profiler = new GCProfiler();
  profiler.start();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < iterations; i++) {
    const p = fn();
    if (p && typeof p.then === 'function') await p;
  }
  const after = process.memoryUsage().heapUsed;
  const { statistics } = profiler.stop();
  // memory a GC freed during the loop had been allocated by the loop too
  const freed = statistics.reduce(
    (sum, s) => sum + (s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize),
    0,
  );
  return { bytes: (after - before + freed) / iterations, gcs: statistics.length };
}
