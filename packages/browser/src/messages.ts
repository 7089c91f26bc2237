// A sentence a page can show for every ClientError: each code the credkit server answers with (its own codes
// and the credkit/webauthn core's), each code the client itself produces, and a sentence per kind for the rest.
// Never the raw code alone: describeError appends the code in parentheses, for support.
import type { ClientError, ClientErrorKind } from './errors.js';

const TRY_AGAIN = 'Try again; if it keeps happening, add a new passkey from your account page.';
const PASSKEY_REJECTED = `The server could not accept the answer from your passkey. ${TRY_AGAIN}`;

/** Codes of the server's error bodies (docs/api.md "Error codes"). */
const SERVER_MESSAGES: Record<string, string> = {
  malformed_request: 'The server did not understand the request. Reload the page and try again.',
  malformed_url: 'That web address is not valid. Reload the page.',
  method_not_allowed: 'The server does not accept this action here. Reload the page and try again.',
  request_timeout: 'The request took too long to reach the server. Check your connection and try again.',
  body_too_large: 'That is more than the server accepts in one request. Shorten it and try again.',
  uri_too_long: 'That web address is too long for the server. Reload the page.',
  unsupported_media_type:
    'The server did not accept the format of this request. Reload the page and try again.',
  headers_too_large:
    'The request carried too much data in its headers. Clear this site’s cookies and try again.',
  invalid_username:
    'That username is not valid. Use 3 to 64 letters, digits, dots, dashes, underscores, @ or +.',
  invalid_display_name: 'That display name is not valid. Use 1 to 64 characters.',
  weak_password:
    'That password is too weak. Use at least 8 characters, or leave it empty to use passkeys only.',
  invalid_name: 'That passkey name is not valid. Use 1 to 64 characters.',
  challenge_not_found: 'The passkey request was already used or has ended. Try again.',
  challenge_expired: 'The passkey request took too long and expired. Try again.',
  conditional_create_not_allowed:
    'A passkey can only be created automatically right after a password sign-in.',
  unauthenticated: 'You are signed out. Sign in again.',
  invalid_credentials: 'The username or password is not right.',
  origin_not_allowed: 'This page is not allowed to talk to the server (origin not allowed).',
  not_found: 'That passkey or page no longer exists. Reload the page.',
  unknown_credential:
    'This passkey is no longer registered for any account. Your passkey provider has been told to forget it.',
  username_taken: 'That username is taken. Choose another one.',
  credential_exists: 'This passkey is already registered.',
  last_credential:
    'This is your last way to sign in, so it cannot be deleted. Add another passkey or a password first.',
  rate_limited: 'Too many attempts. Wait a minute and try again.',
  internal_error: 'Something went wrong on the server. Try again later.',
  unavailable: 'The server cannot take this request right now. Try again in a moment.',
  database_unavailable: 'The server cannot reach its database right now. Try again in a moment.',
  migrations_pending: 'The server is being updated. Try again in a moment.',
  shutting_down: 'The server is restarting. Try again in a moment.',
  // The credkit/webauthn core's verification codes.
  malformed_input: PASSKEY_REJECTED,
  type_mismatch: PASSKEY_REJECTED,
  challenge_mismatch: 'The passkey request expired or was replaced. Try again.',
  origin_mismatch: 'The passkey was used on a web address this server does not accept.',
  cross_origin_not_allowed:
    'The passkey was used from a page embedded in another site, which is not allowed.',
  token_binding_invalid: PASSKEY_REJECTED,
  rp_id_mismatch: 'The passkey belongs to a different site.',
  user_presence_required: 'Your authenticator did not confirm that you were present. Try again.',
  user_verification_required:
    'Your authenticator did not verify you (PIN, fingerprint or face). Try again and confirm it is you.',
  backup_state_invalid: PASSKEY_REJECTED,
  credential_id_mismatch: 'That passkey cannot be used for this request. Choose another one.',
  user_handle_mismatch: 'That passkey belongs to a different account.',
  unsupported_algorithm: 'Your authenticator uses a kind of key this server does not accept.',
  public_key_invalid: PASSKEY_REJECTED,
  attestation_unsupported: 'This server does not accept this kind of authenticator.',
  attestation_invalid: 'Your authenticator could not prove what it is. Try another authenticator.',
  attestation_untrusted: 'This server does not trust this kind of authenticator.',
  extension_invalid: PASSKEY_REJECTED,
  metadata_invalid: 'The server cannot check authenticators right now. Try again later.',
  metadata_expired: 'The server cannot check authenticators right now. Try again later.',
  authenticator_revoked:
    'This authenticator has been reported as compromised or withdrawn, so it cannot be used. Try another one.',
  bad_signature: `The passkey signature did not verify. ${TRY_AGAIN}`,
  counter_regression:
    'This passkey may have been copied to another authenticator, so it was refused. Contact support.',
};

/** Codes the client produces itself (errors.ts, ceremonies.ts, client.ts). */
const CLIENT_MESSAGES: Record<string, string> = {
  webauthn_unavailable: 'This browser does not support passkeys. Sign in with your password instead.',
  conditional_unavailable:
    'Passkey autofill is not available in this browser. Use a button or your password.',
  no_credential: 'The browser returned no passkey. Try again.',
  network_error: 'The server could not be reached. Check your connection and try again.',
};

const KIND_MESSAGES: Record<ClientErrorKind, string> = {
  cancelled: 'The passkey request was cancelled or timed out. Nothing was changed.',
  already_registered: 'This device or security key already has a passkey for your account.',
  aborted: 'The passkey request was stopped.',
  security: 'The browser refused the passkey request for this site.',
  unsupported: 'This browser or authenticator cannot do that. Use a password instead.',
  server: 'The server could not do that. Try again later.',
  network: 'The server could not be reached. Check your connection and try again.',
  unknown: 'Something went wrong in the browser. Try again.',
};

/** The human sentence for an error, without its code. */
export function errorMessage(error: Pick<ClientError, 'kind' | 'code'>): string {
  const table = error.kind === 'server' ? SERVER_MESSAGES : CLIENT_MESSAGES;
  return (Object.hasOwn(table, error.code) ? table[error.code] : undefined) ?? KIND_MESSAGES[error.kind];
}

/** The sentence with the stable code for support: "The username or password is not right. (invalid_credentials)". */
export function describeError(error: Pick<ClientError, 'kind' | 'code'>): string {
  return `${errorMessage(error)} (${error.code})`;
}

/** The server codes this module has a specific sentence for (tests check it against the server's tables). */
export const DESCRIBED_SERVER_CODES: readonly string[] = Object.keys(SERVER_MESSAGES);
