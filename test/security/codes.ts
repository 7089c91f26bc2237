// Every error code the server may answer with, and its status (the two tables).
import { SERVER_ERROR_CODES } from '../../packages/server/src/index.js';
import { WEBAUTHN_ERROR_CODES } from '../../packages/webauthn/src/index.js';

export { SERVER_ERROR_CODES };
export const WEBAUTHN_ERROR_CODES_FOR_TESTS: Record<string, number> = Object.fromEntries(
  Object.entries(WEBAUTHN_ERROR_CODES).map(([code, { status }]) => [code, status]),
);
