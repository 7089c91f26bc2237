// `credkit verify --cases FILE...`: runs test-vector cases (schema: ../shared/vectors/README.md) through the core's
// own case runner, printing one JSON line per case and a final "N passed, M failed" line on stdout; notes on
// known deviations (vector-deviations.ts) and on unmatched cases go to stderr.
import { runVectorCase, type VectorCase, type VectorOutcome } from './vectors/vector-case.js';
import { KeyCache } from '@credkit/webauthn';
import { CliError, describeError } from './errors.js';
import { readJson } from './input.js';

function casesIn(doc: unknown, file: string): VectorCase[] {
  const list = Array.isArray(doc) ? doc : [doc];
  list.forEach((c, i) => {
    const ok = typeof c === 'object' && c !== null && typeof (c as VectorCase).expected === 'object';
    if (!ok) throw new CliError(`${file}: case ${i} is not a vector case (no "expected" object)`);
  });
  return list as VectorCase[];
}

/** Runs one case; a case the runner cannot interpret counts as unmatched instead of stopping the run. */
function outcomeOf(c: VectorCase, cache: KeyCache): VectorOutcome {
  try {
    return runVectorCase(c, cache);
  } catch (err) {
    const name = typeof c.name === 'string' ? c.name : '(unnamed case)';
    return { name, verified: false, code: 'invalid_case', matched: false, mismatches: [describeError(err)] };
  }
}

/** Runs every case of every file; returns the exit status (0 only when every case matched). */
export async function verifyCases(files: string[]): Promise<number> {
  if (files.length === 0) throw new CliError('--cases needs at least one FILE', 2);
  const all: VectorCase[] = [];
  for (const file of files) all.push(...casesIn(await readJson(file), file));
  const cache = new KeyCache(64);
  let passed = 0;
  let deviations = 0;
  for (const c of all) {
    const outcome = outcomeOf(c, cache);
    const { name, verified, code, matched, deviation } = outcome;
    // stdout: exactly one JSON line per case with these four members, then the summary line
    console.log(JSON.stringify({ name, verified, code, matched }));
    if (deviation) {
      deviations++;
      console.error(`credkit verify: ${name}: known deviation, credkit is stricter (${code}): ${deviation}`);
    }
    if (matched) passed++;
    else console.error(`credkit verify: ${name}: ${outcome.mismatches.join('; ')}`);
  }
  if (deviations > 0)
    console.error(
      `credkit verify: ${deviations} matched case(s) are known deviations where credkit is stricter than the peer; see docs/differences.md`,
    );
  console.log(`${passed} passed, ${all.length - passed} failed`);
  return all.length > 0 && passed === all.length ? 0 : 1;
}
