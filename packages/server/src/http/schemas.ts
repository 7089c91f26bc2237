// JSON schemas for every request body and parameter (validated by Fastify before a handler runs).
const b64url = { type: 'string', pattern: '^[A-Za-z0-9_-]*$', maxLength: 4096 } as const;
const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const kind = { type: 'string', enum: ['passkey', 'restore'] } as const;
const deviceId = { type: 'string', minLength: 1, maxLength: 128 } as const;
/** WebAuthn L3 §5.8.7 hints, in order of preference. */
const hints = {
  type: 'array',
  maxItems: 3,
  uniqueItems: true,
  items: { type: 'string', enum: ['security-key', 'client-device', 'hybrid'] },
} as const;

export const signUpBody = {
  type: 'object',
  required: ['username'],
  additionalProperties: false,
  properties: { username: text(256), displayName: text(256), password: text(1024) },
} as const;

/** A host app's passkey-first sign-up: no password (the app keeps passwords). */
export const hostSignUpBody = {
  type: 'object',
  required: ['username'],
  additionalProperties: false,
  properties: { username: text(256), displayName: text(256) },
} as const;

export const passwordSignInBody = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: { username: text(256), password: text(1024) },
} as const;

export const signOutBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { deviceId },
} as const;

export const updateMeBody = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: { username: text(256), displayName: text(256) },
} as const;

export const registrationOptionsBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kind,
    deviceId,
    conditional: { type: 'boolean' },
    residentKey: { type: 'string', enum: ['required', 'preferred', 'discouraged'] },
    hints,
  },
} as const;

export const authenticationOptionsBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { username: text(256), kind, hints },
} as const;

/** A credential id of WebAuthn's largest size (1,023 bytes) in base64url, rounded up: 1,364 characters. */
export const MAX_CREDENTIAL_ID_CHARS = 1400;

const credentialId = { ...b64url, minLength: 1, maxLength: MAX_CREDENTIAL_ID_CHARS } as const;

/** A PublicKeyCredential JSON body (§5.1): the members both ceremonies share around their `response` object. */
function publicKeyCredentialBody<Response extends object>(response: Response) {
  return {
    type: 'object',
    required: ['id', 'rawId', 'type', 'response'],
    properties: {
      id: credentialId,
      rawId: credentialId,
      type: text(32),
      authenticatorAttachment: { type: ['string', 'null'], maxLength: 32 },
      clientExtensionResults: { type: 'object' },
      response,
    },
  } as const;
}

export const registrationResponseBody = publicKeyCredentialBody({
  type: 'object',
  required: ['clientDataJSON', 'attestationObject'],
  properties: {
    clientDataJSON: b64url,
    attestationObject: { ...b64url, maxLength: 32768 },
    authenticatorData: { ...b64url, maxLength: 32768 },
    transports: { type: 'array', maxItems: 16, items: text(32) },
    publicKey: b64url,
    publicKeyAlgorithm: { type: 'integer' },
  },
} as const);

export const authenticationResponseBody = publicKeyCredentialBody({
  type: 'object',
  required: ['clientDataJSON', 'authenticatorData', 'signature'],
  properties: {
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: { type: ['string', 'null'], pattern: '^[A-Za-z0-9_-]*$', maxLength: 128 },
  },
} as const);

export const passkeyParams = {
  type: 'object',
  required: ['id'],
  properties: { id: credentialId },
} as const;

export const renamePasskeyBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: text(256) },
} as const;

export const revokeRestoreKeyBody = {
  type: 'object',
  required: ['deviceId'],
  additionalProperties: false,
  properties: { deviceId },
} as const;

// The FIDO conformance API (routes/conformance.ts): the profile's dictionaries. As WebIDL dictionaries, unknown
// members are ignored; known ones are checked.
const userVerification = { type: 'string', enum: ['required', 'preferred', 'discouraged'] } as const;

export const conformanceCreationOptionsBody = {
  type: 'object',
  required: ['username', 'displayName'],
  properties: {
    username: text(256),
    displayName: text(256),
    authenticatorSelection: {
      type: 'object',
      properties: {
        authenticatorAttachment: { type: 'string', enum: ['platform', 'cross-platform'] },
        residentKey: { type: 'string', enum: ['required', 'preferred', 'discouraged'] },
        requireResidentKey: { type: 'boolean' },
        userVerification,
      },
    },
    attestation: { type: 'string', enum: ['none', 'indirect', 'direct', 'enterprise'] },
    extensions: { type: 'object' },
  },
} as const;

export const conformanceGetOptionsBody = {
  type: 'object',
  properties: { username: text(256), userVerification, extensions: { type: 'object' } },
} as const;

/**
 * ServerPublicKeyCredential: `rawId` is optional (the profile has only `id`), and client extension outputs may come
 * as the profile's `getClientExtensionResults` or as WebAuthn L3's `clientExtensionResults`.
 */
function serverPublicKeyCredentialBody<Response extends object>(response: Response) {
  return {
    type: 'object',
    required: ['id', 'type', 'response'],
    properties: {
      id: credentialId,
      rawId: credentialId,
      type: text(32),
      authenticatorAttachment: { type: ['string', 'null'], maxLength: 32 },
      clientExtensionResults: { type: 'object' },
      getClientExtensionResults: { type: 'object' },
      response,
    },
  } as const;
}

export const conformanceAttestationResultBody = serverPublicKeyCredentialBody(
  registrationResponseBody.properties.response,
);

export const conformanceAssertionResultBody = serverPublicKeyCredentialBody(
  authenticationResponseBody.properties.response,
);
