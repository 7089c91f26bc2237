// Fault injection: a plan of exceptions the device (Credential Manager itself) or the software provider
// raises instead of doing its work, so an app's error handling can be tested for every exception the guides
// name. Typed per call site: a get point only takes a GetCredentialException, and so on.
// docs/guides/android-faults.md lists the points and the exceptions each can produce.
import { ClearCredentialException } from '@credkit/credential-manager';
import { CreateCredentialException } from '@credkit/credential-manager';
import { GetCredentialException } from '@credkit/credential-manager';
import { SignalCredentialStateException } from '@credkit/credential-manager';
import type { CredentialManagerApi, PlatformCall } from '@credkit/credential-manager';

/** Credential Manager on the device: the failure reaches the app before any provider is asked. */
export interface DeviceFaultPoints {
  createCredential: CreateCredentialException;
  getCredential: GetCredentialException;
  prepareGetCredential: GetCredentialException;
  clearCredentialState: ClearCredentialException;
  signalCredentialState: SignalCredentialStateException;
}

/** The software provider's callbacks: the failure comes from the provider, in the phase named. */
export interface ProviderFaultPoints {
  /** Query phase of createCredential (no UI yet). */
  onBeginCreateCredential: CreateCredentialException;
  /** After the user picked where to save. */
  onCreateCredential: CreateCredentialException;
  /** Query phase of getCredential and prepareGetCredential. */
  onBeginGetCredential: GetCredentialException;
  /** After the user picked an entry (also a restore key's silent get). */
  onGetCredential: GetCredentialException;
  onClearCredentialState: ClearCredentialException;
  onSignalCredentialState: SignalCredentialStateException;
}

/** Which calls a fault applies to; every field given must match. */
export interface FaultMatch {
  /** The calling app. */
  packageName?: string;
  /** The request's or option's credential type, e.g. TYPE_PUBLIC_KEY_CREDENTIAL, TYPE_RESTORE_CREDENTIAL. */
  type?: string;
}

/** What a fault point knows about the call it interrupts. */
export interface FaultCall {
  packageName: string;
  /** The credential type(s) of the request. */
  types: readonly string[];
}

export interface FaultRule<E extends Error> {
  /** The exception, or a factory for a fresh one per call. */
  error: E | (() => E);
  /** How many calls it fails (default 1); Infinity: until cleared. */
  times?: number;
  match?: FaultMatch;
}

interface Armed {
  point: string;
  rule: FaultRule<Error>;
  left: number;
}

/** The exception family (base class) each point accepts, checked when a fault is armed and raised. */
export interface FaultFamily {
  readonly name: string;
  has(error: Error): boolean;
}
export type FaultFamilies<Points> = { readonly [K in keyof Points]: FaultFamily };

const CREATE: FaultFamily = {
  name: 'CreateCredentialException',
  has: (e) => e instanceof CreateCredentialException,
};
const GET: FaultFamily = { name: 'GetCredentialException', has: (e) => e instanceof GetCredentialException };
const CLEAR: FaultFamily = {
  name: 'ClearCredentialException',
  has: (e) => e instanceof ClearCredentialException,
};
const SIGNAL: FaultFamily = {
  name: 'SignalCredentialStateException',
  has: (e) => e instanceof SignalCredentialStateException,
};

export const DEVICE_FAULT_FAMILIES: FaultFamilies<DeviceFaultPoints> = {
  createCredential: CREATE,
  getCredential: GET,
  prepareGetCredential: GET,
  clearCredentialState: CLEAR,
  signalCredentialState: SIGNAL,
};

export const PROVIDER_FAULT_FAMILIES: FaultFamilies<ProviderFaultPoints> = {
  onBeginCreateCredential: CREATE,
  onCreateCredential: CREATE,
  onBeginGetCredential: GET,
  onGetCredential: GET,
  onClearCredentialState: CLEAR,
  onSignalCredentialState: SIGNAL,
};

/**
 * An ordered plan of faults. Each call at a point takes the first armed rule that matches it; a rule
 * disarms after `times` calls. Points with nothing armed run normally.
 */
export class FaultPlan<Points extends { [K in keyof Points]: Error }> {
  readonly #armed: Armed[] = [];
  readonly #fired: { point: string; error: Error }[] = [];
  readonly #families: FaultFamilies<Points>;

  /** `families`: the exception family of each point (a TypeError for anything else, e.g. a get exception at a create point). */
  constructor(families: FaultFamilies<Points>) {
    this.#families = families;
  }

  /** Fail the next matching call at `point` with `error`. */
  next<P extends keyof Points & string>(
    point: P,
    error: Points[P] | (() => Points[P]),
    match?: FaultMatch,
  ): this {
    return this.add(point, { error, times: 1, ...(match ? { match } : {}) });
  }

  /** Fail every matching call at `point` until `clear`. */
  always<P extends keyof Points & string>(
    point: P,
    error: Points[P] | (() => Points[P]),
    match?: FaultMatch,
  ): this {
    return this.add(point, { error, times: Infinity, ...(match ? { match } : {}) });
  }

  add<P extends keyof Points & string>(point: P, rule: FaultRule<Points[P]>): this {
    const times = rule.times ?? 1;
    if (!(times >= 1)) throw new RangeError('times must be at least 1');
    if (typeof rule.error !== 'function') this.#check(point, rule.error);
    this.#armed.push({ point, rule: rule as FaultRule<Error>, left: times });
    return this;
  }

  /** Disarms the faults at `point`, or all of them. */
  clear(point?: keyof Points & string): void {
    for (let i = this.#armed.length - 1; i >= 0; i--) {
      if (point === undefined || this.#armed[i]!.point === point) this.#armed.splice(i, 1);
    }
  }

  /** Armed rules (at `point`, or anywhere). */
  pending(point?: keyof Points & string): number {
    return this.#armed.filter((a) => point === undefined || a.point === point).length;
  }

  /** The faults raised so far, oldest first. */
  fired(): { point: string; error: Error }[] {
    return [...this.#fired];
  }

  #check(point: keyof Points & string, error: Error): void {
    const family: FaultFamily | undefined = this.#families[point];
    if (!family) throw new TypeError(`unknown fault point ${point}`);
    if (!family.has(error))
      throw new TypeError(`${error.name} is not a ${family.name}, the exception family of ${point}`);
  }

  /** Throws the armed fault for this call, if any (used by the device and the provider). */
  raise(point: keyof Points & string, call: FaultCall): void {
    const error = this.take(point, call);
    if (error) throw error;
  }

  /** The armed fault for this call, disarming it when spent; undefined when the call should run. */
  take(point: keyof Points & string, call: FaultCall): Error | undefined {
    const index = this.#armed.findIndex((a) => a.point === point && matches(a.rule.match, call));
    if (index < 0) return undefined;
    const armed = this.#armed[index]!;
    armed.left -= 1;
    if (armed.left <= 0) this.#armed.splice(index, 1);
    const { error } = armed.rule;
    const raised = typeof error === 'function' ? error() : error;
    this.#check(point, raised);
    this.#fired.push({ point, error: raised });
    return raised;
  }
}

function matches(match: FaultMatch | undefined, call: FaultCall): boolean {
  if (!match) return true;
  if (match.packageName !== undefined && match.packageName !== call.packageName) return false;
  if (match.type !== undefined && !call.types.includes(match.type)) return false;
  return true;
}

/** The device's plan, as Credential Manager consults it at the start of each API call. */
export class DeviceFaultPlan extends FaultPlan<DeviceFaultPoints> {
  constructor() {
    super(DEVICE_FAULT_FAMILIES);
  }

  /** Context.platformFault: the fault for a Credential Manager call, if one is armed. */
  forCall(api: CredentialManagerApi, call: PlatformCall): Error | undefined {
    return this.take(api, { packageName: call.packageName, types: call.types });
  }
}

/** The software provider's plan. */
export class ProviderFaultPlan extends FaultPlan<ProviderFaultPoints> {
  constructor() {
    super(PROVIDER_FAULT_FAMILIES);
  }
}
