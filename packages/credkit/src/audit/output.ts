// The audit's output: one JSON line per check, then a summary line (stdout); a progress line redrawn in place on
// a terminal (stderr); and the exit status the results come to.
import type { Check } from './check.js';
import type { CheckResult } from './run.js';

/** One check's line: check, passed, step, and what the server answered or why the check was skipped. */
export function resultLine(result: CheckResult): string {
  const { check, outcome } = result;
  const line: Record<string, unknown> = {
    check: check.name,
    passed: outcome.result === 'passed',
    step: check.step,
    ceremony: check.ceremony,
    kind: check.kind,
  };
  if (outcome.result === 'skipped') {
    line.skipped = true;
    line.reason = outcome.reason;
  } else if ('error' in outcome) {
    line.error = outcome.error;
  } else {
    for (const key of ['httpStatus', 'errorMessage', 'detail', 'warning'] as const)
      if (outcome[key] !== undefined) line[key] = outcome[key];
  }
  return JSON.stringify(line);
}

export interface Summary {
  checks: number;
  passed: number;
  failed: number;
  skipped: number;
  failedChecks: string[];
  skippedChecks: string[];
}

export function summarize(results: readonly CheckResult[]): Summary {
  const named = (result: CheckResult['outcome']['result']) =>
    results.filter((r) => r.outcome.result === result).map((r) => r.check.name);
  const failedChecks = named('failed');
  const skippedChecks = named('skipped');
  return {
    checks: results.length,
    passed: named('passed').length,
    failed: failedChecks.length,
    skipped: skippedChecks.length,
    failedChecks,
    skippedChecks,
  };
}

/** The last line: {"summary": {...}, "target": URL}. */
export function summaryLine(results: readonly CheckResult[], target: string): string {
  return JSON.stringify({ summary: summarize(results), target });
}

/**
 * 0: every check passed; 1: a check failed (a hole, or the server could not be audited); 3: none failed but some
 * were skipped (a skipped check is never a passed one).
 */
export function exitStatus(results: readonly CheckResult[]): number {
  const { failed, skipped } = summarize(results);
  if (failed > 0 || results.length === 0) return 1;
  return skipped > 0 ? 3 : 0;
}

/** The writable side a progress line needs (process.stderr, or a test's stand-in). */
export interface Terminal {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** "[12/57] authentication.wrong-origin …", redrawn in place; nothing at all when the stream is not a terminal. */
export class ProgressLine {
  #shown = false;

  constructor(private readonly terminal: Terminal) {}

  get active(): boolean {
    return this.terminal.isTTY === true;
  }

  show(check: Check, index: number, total: number | undefined): void {
    if (!this.active) return;
    const text = `[${index + 1}/${total ?? '?'}] ${check.name} …`;
    this.terminal.write(`\r\x1b[2K${text}`);
    this.#shown = true;
  }

  /** Erases the line (before anything else is printed on the terminal). */
  clear(): void {
    if (!this.#shown) return;
    this.terminal.write('\r\x1b[2K');
    this.#shown = false;
  }
}
