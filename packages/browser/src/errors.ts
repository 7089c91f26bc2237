// Typed results. Every client call resolves to a Result: never a thrown error a page must guess at.
// `kind` tells the page what happened; `code` is stable (a DOMException name or the server's error code).
import type { SignalsPayload } from './types.js';

export type ClientErrorKind =
  /** The user dismissed or timed out the browser prompt (NotAllowedError). */
  | 'cancelled'
  /** The authenticator already holds a credential from excludeCredentials (InvalidStateError). */
  | 'already_registered'
  /** The request was aborted by the page (AbortError), e.g. an autofill request replaced by a button press. */
  | 'aborted'
  /** The browser refused for security reasons: wrong RP ID, insecure context (SecurityError). */
  | 'security'
  /** The browser or authenticator cannot do what was asked (NotSupportedError, or a missing API). */
  | 'unsupported'
  /** The server answered with an error body: `code` is its stable code. */
  | 'server'
  /** The server could not be reached. */
  | 'network'
  | 'unknown';

export interface ClientError {
  kind: ClientErrorKind;
  code: string;
  message: string;
  /** HTTP status, for `server` errors. */
  status?: number;
  /** Signals the server attached to the error (e.g. unknownCredential); the client has already applied them. */
  signals?: SignalsPayload;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ClientError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: ClientError): Result<T> => ({ ok: false, error });

const DOM_ERROR_KINDS: Record<string, ClientErrorKind> = {
  NotAllowedError: 'cancelled',
  InvalidStateError: 'already_registered',
  AbortError: 'aborted',
  SecurityError: 'security',
  NotSupportedError: 'unsupported',
};

const DOM_ERROR_MESSAGES: Partial<Record<ClientErrorKind, string>> = {
  cancelled: 'The passkey request was cancelled or timed out.',
  already_registered: 'This authenticator already holds a passkey for this account.',
  aborted: 'The passkey request was stopped.',
  security: 'The browser refused the request for this site (check the origin and RP ID).',
  unsupported: 'This browser or authenticator does not support the request.',
};

/** Maps what navigator.credentials.create/get rejected with to a ClientError. */
export function ceremonyError(e: unknown): ClientError {
  const name = e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '';
  const kind = DOM_ERROR_KINDS[name] ?? 'unknown';
  const detail =
    e instanceof Error || (e && typeof e === 'object' && 'message' in e)
      ? String((e as Error).message)
      : String(e);
  return {
    kind,
    code: name || 'Error',
    message: DOM_ERROR_MESSAGES[kind] ?? `The browser reported an error: ${detail}`,
  };
}

/** Maps a non-2xx HTTP answer (status + parsed body, if any) to a ClientError. */
export function serverError(status: number, body: unknown): ClientError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const signals =
    (body as { error?: { signals?: SignalsPayload }; signals?: SignalsPayload } | null)?.error?.signals ??
    (body as { signals?: SignalsPayload } | null)?.signals;
  const result: ClientError = {
    kind: 'server',
    code: typeof error?.code === 'string' ? error.code : `http_${status}`,
    message: typeof error?.message === 'string' ? error.message : `The server answered with HTTP ${status}.`,
    status,
  };
  if (signals) result.signals = signals;
  return result;
}

/** Maps a fetch() rejection to a ClientError. */
export function networkError(e: unknown): ClientError {
  return {
    kind: 'network',
    code: 'network_error',
    message: `Could not reach the server (${e instanceof Error ? e.message : String(e)}).`,
  };
}
