// The relying party's own typed errors (verification errors stay WebAuthnError from the core).
import type { Signals } from './signals.js';

export const SERVER_ERROR_CODES = {
  malformed_request: 400,
  malformed_url: 400,
  invalid_username: 400,
  invalid_display_name: 400,
  weak_password: 400,
  invalid_name: 400,
  challenge_not_found: 400,
  challenge_expired: 400,
  conditional_create_not_allowed: 403,
  unauthenticated: 401,
  invalid_credentials: 401,
  origin_not_allowed: 403,
  not_found: 404,
  unknown_credential: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  username_taken: 409,
  credential_exists: 409,
  last_credential: 409,
  body_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  rate_limited: 429,
  headers_too_large: 431,
  internal_error: 500,
  unavailable: 503,
  database_unavailable: 503,
  migrations_pending: 503,
  shutting_down: 503,
} as const;

export type ServerErrorCode = keyof typeof SERVER_ERROR_CODES;

export class ServerError extends Error {
  override readonly name = 'ServerError';
  readonly code: ServerErrorCode;
  readonly status: number;
  /** Signals the client should send even though the request failed (e.g. unknownCredential). */
  readonly signals?: Signals;

  constructor(code: ServerErrorCode, message: string, signals?: Signals) {
    super(message);
    this.code = code;
    this.status = SERVER_ERROR_CODES[code];
    if (signals) this.signals = signals;
  }
}
