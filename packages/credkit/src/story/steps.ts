// Runs a list of named steps in order with timing, stopping at the first failure (later steps depend on
// earlier ones), and reports each as it finishes. A step that cannot be played against this server (it throws
// NotPlayed, e.g. a challenge TTL too long to wait out) is skipped with its reason, and so are the rest.

/** Thrown by a step that cannot be played here; not a failure. */
export class NotPlayed extends Error {
  override readonly name = 'NotPlayed';
}

export interface Step<W> {
  title: string;
  /** Throws when the step did not behave as the guides say; may return a short detail line. */
  run(world: W): Promise<string | void>;
}

export interface StepResult {
  index: number;
  title: string;
  status: 'passed' | 'failed' | 'skipped';
  ms: number;
  detail?: string;
  error?: string;
}

export async function runSteps<W>(
  world: W,
  steps: readonly Step<W>[],
  onResult: (result: StepResult, total: number) => void = () => {},
  clock: () => number = () => performance.now(),
  onStart: (index: number, title: string, total: number) => void = () => {},
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let stopped = false;
  for (const [index, step] of steps.entries()) {
    let result: StepResult;
    if (stopped) {
      result = { index, title: step.title, status: 'skipped', ms: 0 };
    } else {
      onStart(index, step.title, steps.length);
      const start = clock();
      try {
        const detail = await step.run(world);
        result = {
          index,
          title: step.title,
          status: 'passed',
          ms: clock() - start,
          ...(detail ? { detail } : {}),
        };
      } catch (e) {
        stopped = true;
        const ms = clock() - start;
        if (e instanceof NotPlayed) {
          result = { index, title: step.title, status: 'skipped', ms, detail: `not played: ${e.message}` };
        } else {
          const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
          result = { index, title: step.title, status: 'failed', ms, error };
        }
      }
    }
    results.push(result);
    onResult(result, steps.length);
  }
  return results;
}
