// The one error class of credkit/webauthn and the table of its stable codes.
// Callers branch on `code`, never on `message`. `status` is the HTTP status a server should answer with: 4xx for
// a response that fails, 503 for the server's own trust data (the MDS BLOB) being unusable.

export const WEBAUTHN_ERROR_CODES = {
  malformed_input: {
    status: 400,
    meaning: 'JSON, base64url, CBOR, client data or authenticator data is not well formed',
  },
  type_mismatch: {
    status: 400,
    meaning: 'credential type is not "public-key" or clientDataJSON.type is not the expected ceremony type',
  },
  challenge_mismatch: { status: 400, meaning: 'clientDataJSON.challenge is not the expected challenge' },
  origin_mismatch: { status: 400, meaning: 'clientDataJSON.origin is not one of the allowed origins' },
  cross_origin_not_allowed: {
    status: 400,
    meaning: 'clientDataJSON.crossOrigin is true and the caller did not allow its topOrigin',
  },
  token_binding_invalid: {
    status: 400,
    meaning: 'clientDataJSON.tokenBinding has an unknown or unusable status',
  },
  rp_id_mismatch: {
    status: 400,
    meaning: 'rpIdHash in authenticatorData is not the SHA-256 of an expected RP ID',
  },
  user_presence_required: { status: 400, meaning: 'the UP flag is not set' },
  user_verification_required: {
    status: 400,
    meaning: 'the UV flag is not set and user verification was required',
  },
  backup_state_invalid: {
    status: 400,
    meaning: 'BS is set without BE, or BE changed from the stored credential',
  },
  credential_id_mismatch: {
    status: 400,
    meaning:
      'id/rawId differ from each other, from the attested credential ID, or the credential was not allowed',
  },
  user_handle_mismatch: {
    status: 400,
    meaning: 'the returned userHandle is not the user handle stored with the credential',
  },
  unsupported_algorithm: {
    status: 400,
    meaning: 'the COSE algorithm or key type is unknown, or not among the algorithms the caller allows',
  },
  public_key_invalid: {
    status: 400,
    meaning: 'the COSE public key is malformed or does not match its algorithm',
  },
  attestation_unsupported: {
    status: 400,
    meaning: 'the attestation statement format is unknown or not allowed',
  },
  attestation_invalid: { status: 400, meaning: 'the attestation statement does not verify' },
  attestation_untrusted: {
    status: 400,
    meaning:
      'the attestation trust path does not chain to a supplied trust anchor (or the MDS statement roots) at the given time, there is no metadata statement or chain for the authenticator, or the attestation policy is not met',
  },
  metadata_invalid: {
    status: 503,
    meaning:
      'the FIDO MDS BLOB is malformed, its signature does not verify, or its signing chain does not end at a configured root',
  },
  metadata_expired: { status: 503, meaning: "the FIDO MDS BLOB's nextUpdate day has passed" },
  authenticator_revoked: {
    status: 400,
    meaning:
      'the MDS status in effect for the authenticator is REVOKED, a key compromise or USER_VERIFICATION_BYPASS',
  },
  extension_invalid: { status: 400, meaning: 'an extension output is malformed or unsolicited' },
  bad_signature: {
    status: 401,
    meaning: 'the assertion signature does not verify with the stored public key',
  },
  counter_regression: {
    status: 401,
    meaning: 'the signature counter did not increase (possible cloned authenticator)',
  },
} as const;

export type WebAuthnErrorCode = keyof typeof WEBAUTHN_ERROR_CODES;

export class WebAuthnError extends Error {
  override readonly name = 'WebAuthnError';
  readonly code: WebAuthnErrorCode;
  /** The HTTP status that fits this failure. */
  readonly status: number;

  constructor(code: WebAuthnErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.status = WEBAUTHN_ERROR_CODES[code].status;
  }
}

/** Throws a WebAuthnError with `code` unless `condition` holds. */
export function check(condition: unknown, code: WebAuthnErrorCode, message: string): asserts condition {
  if (!condition) throw new WebAuthnError(code, message);
}

export function isWebAuthnError(e: unknown): e is WebAuthnError {
  return e instanceof WebAuthnError;
}
