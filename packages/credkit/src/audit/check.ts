// What one audit check is (a row of the table: stable name, spec step, what it sends, what counts as passed) and
// the verdicts its run can reach, with the rules that turn a server's answer into one.
import { algorithmName } from '@credkit/webauthn';
import type { Exchange } from './client.js';
import type { AuditSession } from './session.js';

export type Ceremony = 'registration' | 'authentication';

/** "valid": a genuine ceremony the server must accept; "attack": one it must refuse. */
export type CheckKind = 'valid' | 'attack';

export type Outcome =
  | {
      result: 'passed' | 'failed';
      httpStatus?: number;
      errorMessage?: string;
      detail?: string;
      warning?: string;
    }
  | { result: 'skipped'; reason: string };

export interface Check {
  /** Stable: `<ceremony>.<what>`. */
  name: string;
  ceremony: Ceremony;
  kind: CheckKind;
  /** The WebAuthn Level 3 step (§7.1 registration, §7.2 authentication) the server's answer rests on. */
  step: string;
  /** What the audit sends. */
  sends: string;
  /** What counts as passed. */
  passes: string;
  /** Checks that must have passed first (else this one is skipped: an attack is never passed by a broken baseline). */
  needs?: (audit: AuditSession) => readonly string[];
  run(audit: AuditSession): Promise<Outcome>;
}

/** The name fragment of a COSE algorithm: es256, eddsa, rs256, ... */
export function algorithmSlug(alg: number): string {
  const name = algorithmName(alg);
  return name.startsWith('COSE(') ? `cose${alg}` : name.toLowerCase();
}

/** The per-algorithm checks' names. */
export const registrationOf = (alg: number) => `registration.algorithm.${algorithmSlug(alg)}`;
export const authenticationOf = (alg: number) => `authentication.algorithm.${algorithmSlug(alg)}`;

/** The baseline every attack on the primary credential needs: its registration (and sign-in) passed. */
export function primaryRegistration(audit: AuditSession): string[] {
  return audit.primaryAlgorithm === undefined
    ? ['registration.options']
    : [registrationOf(audit.primaryAlgorithm)];
}

export function primarySignIn(audit: AuditSession): string[] {
  return audit.primaryAlgorithm === undefined
    ? ['registration.options']
    : [authenticationOf(audit.primaryAlgorithm)];
}

function answer(exchange: Exchange): { httpStatus: number; errorMessage?: string } {
  return {
    httpStatus: exchange.httpStatus,
    ...(exchange.errorMessage ? { errorMessage: exchange.errorMessage } : {}),
  };
}

/** Passed when the server accepted (2xx and status "ok"). */
export function expectAccepted(exchange: Exchange, detail?: string): Outcome {
  return {
    result: exchange.accepted ? 'passed' : 'failed',
    ...answer(exchange),
    ...(detail ? { detail } : {}),
  };
}

/**
 * Passed when the server refused (anything but 2xx with status "ok"). A refusal that is a 5xx, or a 2xx that
 * says "failed", still refuses, with a warning: the profile answers failures with a 4xx.
 */
export function expectRefused(exchange: Exchange, detail?: string): Outcome {
  const warning = exchange.accepted
    ? undefined
    : exchange.httpStatus >= 500
      ? 'refused with a 5xx: malformed or hostile input should get a 4xx'
      : exchange.httpStatus < 400
        ? `refused with HTTP ${exchange.httpStatus}: the profile answers failures with a 4xx`
        : undefined;
  return {
    result: exchange.accepted ? 'failed' : 'passed',
    ...answer(exchange),
    ...(detail ? { detail } : {}),
    ...(warning ? { warning } : {}),
  };
}

export function skipped(reason: string): Outcome {
  return { result: 'skipped', reason };
}

/** When a genuine step an attack builds on was refused: the attack cannot be judged. */
export function baselineRefused(what: string, exchange: Exchange): Outcome {
  const why = exchange.errorMessage ? `: ${exchange.errorMessage}` : '';
  return skipped(`${what} was refused (HTTP ${exchange.httpStatus}${why})`);
}
