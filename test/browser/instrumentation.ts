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

export const NO_AUTOFILL = '__credkitNoAutofill';

/**
 * Runs in every page before its scripts: records signal and ceremony calls through exposed functions, and
 * hides conditional mediation when the test asks for a browser without autofill.
 */
export function INSTRUMENTATION(): void {
  const w = globalThis as unknown as Record<string, (arg: string) => Promise<void>> & {
    PublicKeyCredential?: Record<string, unknown>;
    navigator: Navigator;
  };
  const pkc = w.PublicKeyCredential;
  if (!pkc) return;
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
        { allowCredentials?: unknown[]; excludeCredentials?: unknown[] } | undefined;
      const list = op === 'get' ? pk?.allowCredentials : pk?.excludeCredentials;
      await w.__credkitRecordCeremony(
        JSON.stringify({ op, mediation: options.mediation ?? null, credentials: list?.length ?? 0 }),
      );
      return original(options);
    };
  }
  let noAutofill = false;
  try {
    noAutofill = localStorage.getItem('__credkitNoAutofill') === '1';
  } catch {
    noAutofill = false;
  }
  if (noAutofill) {
    pkc.isConditionalMediationAvailable = async () => false;
    const caps = pkc.getClientCapabilities as (() => Promise<Record<string, boolean>>) | undefined;
    if (caps) pkc.getClientCapabilities = async () => ({ ...(await caps.call(pkc)), conditionalGet: false });
  }
}
