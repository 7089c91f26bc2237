// Runs the audit's table against a server: each check in order, skipped when a check it needs did not pass,
// every thrown error turned into a failed check (the audit never stops half-way).
import { isAuthenticatorError } from '@credkit/provider';
import type { Check, Outcome } from './check.js';
import { TransportError } from './client.js';
import { AuditSession, type AuditOptions } from './session.js';
import { checksAfterOptions, FIRST_CHECK } from './table.js';

export interface CheckResult {
  check: Check;
  outcome: Outcome | { result: 'failed'; error: string };
}

export interface AuditHooks {
  /** A check starts: its position and the table's length (known once the first check has run). */
  onStart?(check: Check, index: number, total: number | undefined): void;
  onResult?(result: CheckResult, index: number, total: number | undefined): void;
}

function described(e: unknown): string {
  if (e instanceof TransportError) return e.message;
  // the software authenticator refused to use the options, as a browser would (e.g. no usable algorithm)
  if (isAuthenticatorError(e)) return `the authenticator refused the options: ${e.name}: ${e.message}`;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export async function runAudit(options: AuditOptions, hooks: AuditHooks = {}): Promise<CheckResult[]> {
  const audit = new AuditSession(options);
  const results: CheckResult[] = [];
  const passed = new Set<string>();

  const execute = async (check: Check, total: number | undefined) => {
    const index = results.length;
    hooks.onStart?.(check, index, total);
    const missing = (check.needs?.(audit) ?? []).filter((name) => !passed.has(name));
    let outcome: CheckResult['outcome'];
    if (missing.length > 0) {
      outcome = { result: 'skipped', reason: `needs ${missing.join(', ')}, which did not pass` };
    } else {
      try {
        outcome = await check.run(audit);
      } catch (e) {
        outcome = { result: 'failed', error: described(e) };
      }
    }
    if (outcome.result === 'passed') passed.add(check.name);
    const result = { check, outcome };
    results.push(result);
    hooks.onResult?.(result, index, total);
  };

  await execute(FIRST_CHECK, undefined);
  const rest = checksAfterOptions(audit.offered);
  for (const check of rest) await execute(check, 1 + rest.length);
  return results;
}
