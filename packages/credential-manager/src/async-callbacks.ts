// The callback twins of the suspend functions (`getCredentialAsync(…, cancellationSignal, executor, callback)`):
// CancellationSignal, Executor and CredentialManagerCallback, and the one helper that runs a call with them.

export interface CredentialManagerCallback<R, E extends Error> {
  onResult(result: R): void;
  onError(e: E): void;
}

/** Runs a callback; the default runs it on a later microtask (like posting to the main thread). */
export type Executor = (command: () => void) => void;

export const defaultExecutor: Executor = (command) => queueMicrotask(command);

/** android.os.CancellationSignal: once cancelled, a pending call delivers nothing. */
export class CancellationSignal {
  #canceled = false;
  #listener: (() => void) | null = null;

  get isCanceled(): boolean {
    return this.#canceled;
  }

  cancel(): void {
    if (this.#canceled) return;
    this.#canceled = true;
    this.#listener?.();
  }

  setOnCancelListener(listener: (() => void) | null): void {
    this.#listener = listener;
    if (this.#canceled) listener?.();
  }
}

/**
 * Starts `call` unless the signal is already cancelled, then hands its result or its error to `callback`
 * through `executor` — unless cancelled meanwhile. Callers make the synchronous checks (SecurityException,
 * IllegalArgumentException) before; an error outside the family here is delivered as the family's Unknown.
 */
export function runWithCallback<R, E extends Error>(
  call: () => Promise<R>,
  cancellationSignal: CancellationSignal | null,
  executor: Executor,
  callback: CredentialManagerCallback<R, E>,
  isFamily: (e: unknown) => e is E,
  unknown: (message: string) => E,
): void {
  if (cancellationSignal?.isCanceled) return;
  call().then(
    (result) => {
      if (!cancellationSignal?.isCanceled) executor(() => callback.onResult(result));
    },
    (e: unknown) => {
      if (cancellationSignal?.isCanceled) return;
      const error = isFamily(e) ? e : unknown(e instanceof Error ? e.message : String(e));
      executor(() => callback.onError(error));
    },
  );
}
