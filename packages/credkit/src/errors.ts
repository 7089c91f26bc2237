// The error a command reports to its user: a message and an exit status, printed without a stack trace.
export class CliError extends Error {
  override readonly name = 'CliError';
  /** 1: the input is bad; 2: the command line is bad. */
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A one-line description of any thrown value (WebAuthnError codes included), never a stack trace. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && err.name === 'WebAuthnError' ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

/** Prints `command: message` on stderr and returns the exit status for it. */
export function reportError(command: string, err: unknown): number {
  console.error(`credkit ${command}: ${describeError(err)}`);
  return err instanceof CliError ? err.exitCode : 1;
}
