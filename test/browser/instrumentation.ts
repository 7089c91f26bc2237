// The init script every test page runs before its own scripts: it records each PublicKeyCredential.signal*
// and navigator.credentials.create/get call (through functions the harness exposes) and can hide conditional
// mediation to play a browser without autofill.

export interface SignalCall {
  method: string;
  options: Record<string, unknown>;
}

export interface CeremonyCall {
  op: 'create' | 'get';
  mediation: string | null;
  /** allowCredentials (get) or excludeCredentials (create) length. */
  credentials: number;
}

/** What a navigator.credentials.create/get call asked for, as the page handed it to the browser. */
export interface CeremonyOptions {
  op: 'create' | 'get';
  /** publicKey.hints (WebAuthn L3 §5.8.7), or null when absent. */
  hints: string[] | null;
  /** publicKey.attestation (create only), or null. */
  attestation: string | null;
}

export const NO_AUTOFILL = '__credkitNoAutofill';

/** Browser features a test can hide (a localStorage flag each, read by the init script on every page load). */
export const HIDDEN_FEATURES = {
  /** Conditional mediation (autofill). */
  autofill: NO_AUTOFILL,
  /** PublicKeyCredential.parseCreationOptionsFromJSON / parseRequestOptionsFromJSON and toJSON(). */
  jsonHelpers: '__credkitNoJsonHelpers',
  /** PublicKeyCredential and navigator.credentials altogether. */
  webauthn: '__credkitNoWebAuthn',
} as const;

export type HideableFeature = keyof typeof HIDDEN_FEATURES;

/** sessionStorage key listing the WebAuthn JSON helpers the pages called (see INSTRUMENTATION). */
export const JSON_HELPER_LOG = '__credkitJsonHelpers';

/**
 * Runs in every page before its scripts: records signal and ceremony calls through exposed functions and the
 * JSON helpers used, and hides the features a test asks to hide (HIDDEN_FEATURES).
 */
export function INSTRUMENTATION(): void {
  const w = globalThis as unknown as Record<string, (arg: string) => Promise<void>> & {
    PublicKeyCredential?: Record<string, unknown>;
    navigator: Navigator;
  };
  const pkc = w.PublicKeyCredential;
  if (!pkc) return;
  // No named inner functions here: tsx would wrap them in a helper that does not exist in the page.
  const flags: Record<string, boolean> = {};
  for (const key of ['__credkitNoAutofill', '__credkitNoJsonHelpers', '__credkitNoWebAuthn']) {
    try {
      flags[key] = localStorage.getItem(key) === '1';
    } catch {
      flags[key] = false;
    }
  }
  const proto = (pkc as { prototype?: Record<string, unknown> }).prototype;
  if (flags.__credkitNoJsonHelpers) {
    delete pkc.parseCreationOptionsFromJSON;
    delete pkc.parseRequestOptionsFromJSON;
    if (proto) delete proto.toJSON;
  } else {
    for (const [target, name] of [
      [pkc, 'parseCreationOptionsFromJSON'],
      [pkc, 'parseRequestOptionsFromJSON'],
      [proto, 'toJSON'],
    ] as const) {
      const original = target?.[name];
      if (!target || typeof original !== 'function') continue;
      target[name] = function (this: unknown, ...args: unknown[]) {
        // Which JSON helpers the page used, so a test can tell the browser's path from the hand-encoding one.
        const log = JSON.parse(sessionStorage.getItem('__credkitJsonHelpers') ?? '[]') as string[];
        sessionStorage.setItem('__credkitJsonHelpers', JSON.stringify([...log, name]));
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
    }
  }
  for (const method of [
    'signalUnknownCredential',
    'signalAllAcceptedCredentials',
    'signalCurrentUserDetails',
  ]) {
    const original = pkc[method];
    if (typeof original !== 'function') continue;
    pkc[method] = async function (this: unknown, options: unknown) {
      await w.__credkitRecordSignal(JSON.stringify({ method, options }));
      return (original as (o: unknown) => Promise<void>).call(this, options);
    };
  }
  const container = w.navigator.credentials;
  for (const op of ['create', 'get'] as const) {
    const original = container[op].bind(container) as (
      o: CredentialCreationOptions & CredentialRequestOptions,
    ) => Promise<Credential | null>;
    container[op] = async (options: CredentialCreationOptions & CredentialRequestOptions) => {
      const pk = options.publicKey as
        | {
            allowCredentials?: unknown[];
            excludeCredentials?: unknown[];
            hints?: string[];
            attestation?: string;
          }
        | undefined;
      const list = op === 'get' ? pk?.allowCredentials : pk?.excludeCredentials;
      await w.__credkitRecordCeremony(
        JSON.stringify({ op, mediation: options.mediation ?? null, credentials: list?.length ?? 0 }),
      );
      await w.__credkitRecordOptions(
        JSON.stringify({
          op,
          hints: Array.isArray(pk?.hints) ? [...pk.hints] : null,
          attestation: pk?.attestation ?? null,
        }),
      );
      return original(options);
    };
  }
  if (flags.__credkitNoAutofill) {
    pkc.isConditionalMediationAvailable = async () => false;
    const caps = pkc.getClientCapabilities as (() => Promise<Record<string, boolean>>) | undefined;
    if (caps) pkc.getClientCapabilities = async () => ({ ...(await caps.call(pkc)), conditionalGet: false });
  }
  if (flags.__credkitNoWebAuthn) {
    delete (w as { PublicKeyCredential?: unknown }).PublicKeyCredential;
    Object.defineProperty(w.navigator, 'credentials', { value: undefined, configurable: true });
  }
}
