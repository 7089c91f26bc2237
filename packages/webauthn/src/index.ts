// credkit/webauthn: the public API of the WebAuthn verification core (pure: no I/O; time, randomness and
// trust anchors come from the caller).
export { verifyRegistration, type VerifyRegistrationInput } from './registration.js';
export { parseRegistrationResponse, parseAuthenticationResponse } from './parse-response.js';
export {
  verifyAuthentication,
  verifyAuthenticationAsync,
  type VerifyAuthenticationInput,
} from './authentication.js';
export {
  generateRegistrationOptions,
  generateAuthenticationOptions,
  DEFAULT_OPTION_ALGORITHMS,
  type RegistrationOptionsInput,
  type AuthenticationOptionsInput,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type PublicKeyCredentialDescriptorJSON,
  type AuthenticatorSelectionCriteria,
  type PublicKeyCredentialHint,
  type ResidentKeyRequirement,
  type CredentialDescriptorInput,
} from './options.js';
export { parseAuthenticatorData, parseFlags, aaguidToString } from './authenticator-data.js';
export type { AuthenticatorData, AttestedCredentialData } from './authenticator-data.js';
export {
  challengeOf,
  parseClientDataJSON,
  type CollectedClientData,
  type TokenBinding,
} from './client-data.js';
export { decodeAttestationObject, type AttestationObject } from './attestation-object.js';
export { parseCoseKey, coseKeyFromMap, coseKeyToKeyObject, type CoseKey } from './cose.js';
export {
  verifySignature,
  verifySignatureAsync,
  verificationKeyFromCose,
  verificationKeyFromKeyObject,
  type VerificationKey,
} from './signature.js';
export { KeyCache, defaultKeyCache } from './key-cache.js';
export { BoundedCache } from './bounded-cache.js';
export { COSE_ALG, DEFAULT_ALGORITHMS, algorithmName, type CoseAlgorithmName } from './algorithms.js';
export {
  androidOriginFromFingerprint,
  isAllowedOrigin,
  originMatches,
  ANDROID_ORIGIN_PREFIX,
} from './origins.js';
export { RP_ID_NOT_CHECKED } from './rp-id.js';
export { attestationVerifiers, isAttestationFormat } from './attestation/index.js';
export { verifyTrustPath, type TrustPathInput } from './attestation/trust.js';
export type { AttestationInput, AttestationResult, AttestationVerifier } from './attestation/types.js';
export {
  parseMetadataBlob,
  decodeMetadataBlob,
  verifyBlobChain,
  blobSignatureVerifies,
  checkFresh,
  type ParseMetadataBlobInput,
} from './metadata/blob.js';
// Inspection helpers (credkit inspect): strict CBOR decoding and the SafetyNet JWS reader.
export { decodeCbor } from './cbor.js';
export { parseSafetyNetJws, type SafetyNetJws } from './attestation/safetynet-jws.js';
export {
  verifyAttestationMetadata,
  findMetadataEntry,
  attestationKeyIdentifier,
  type VerifyAttestationMetadataInput,
} from './metadata/verify.js';
export {
  REJECTING_STATUSES,
  CERTIFICATION_LEVELS,
  currentStatus,
  certificationStatus,
  isCertificationLevel,
} from './metadata/status.js';
export type {
  AttestationPolicy,
  AuthenticatorMetadata,
  AuthenticatorStatus,
  CertificationLevel,
  MetadataBlob,
  MetadataEntry,
  MetadataStatement,
  StatusReport,
} from './metadata/types.js';
export {
  authenticatorDisplay,
  communityAuthenticator,
  COMMUNITY_AAGUID_COUNT,
  type AuthenticatorDisplay,
} from './metadata/authenticator-names.js';
export { certificatesFromPem, certificateToPem } from './x509/pem.js';
export { WebAuthnError, WEBAUTHN_ERROR_CODES, isWebAuthnError, type WebAuthnErrorCode } from './errors.js';
export { fromBase64url, toBase64url, isBase64url } from './base64url.js';
export type * from './types.js';
