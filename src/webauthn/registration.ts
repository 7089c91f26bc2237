// verifyRegistration: WebAuthn Level 3 §7.1 "Registering a New Credential", steps 3-28 as an RP performs them on
// a RegistrationResponseJSON (browser toJSON(), Credential Manager registrationResponseJson, restore keys).
// Step numbers follow the Level 3 text; RP-state steps (26 "not yet registered", 27 "store") are the caller's.
import { hash } from 'node:crypto';
import { COSE_ALG, DEFAULT_ALGORITHMS, algorithmName } from './algorithms.js';
import { decodeAttestationObject } from './attestation-object.js';
import { attestationVerifiers, isAttestationFormat } from './attestation/index.js';
import { verifyTrustPath } from './attestation/trust.js';
import { verifyAttestationMetadata } from './metadata/verify.js';
import {
  AAGUID_OFFSET,
  CREDENTIAL_ID_OFFSET,
  aaguidToString,
  readAuthenticatorData,
} from './authenticator-data.js';
import { copyBytes } from './bytes.js';
import {
  base64urlEquals,
  fromBase64url,
  isCanonicalBase64url,
  toBase64url,
  utf8FromBase64url,
} from './base64url.js';
import { parsedClientData, verifyClientData } from './client-data.js';
import { coseKeyFromMap } from './cose.js';
import { WebAuthnError, type WebAuthnErrorCode } from './errors.js';
import { residentKeyOf } from './extensions.js';
import {
  checkAttestationResponseCopies,
  checkCredentialType,
  clientExtensionResultsOf,
  credentialIdText,
  extensionsToRecord,
  requireObject,
  requireString,
} from './response-json.js';
import { matchRpId } from './rp-id.js';
import type {
  RegistrationExpectations,
  RegistrationInfo,
  RegistrationResponseJSON,
  VerifiedRegistration,
} from './types.js';

/** The §7.1 step 11 hash for "none", whose verification procedure (§8.7) never reads it. */
const NOT_HASHED = new Uint8Array(0);

const TPM_DEFAULT_ALGORITHMS: readonly number[] = [...DEFAULT_ALGORITHMS, COSE_ALG.RS1];

export interface VerifyRegistrationInput {
  /** From untrusted JSON: parseRegistrationResponse first. Checked here again all the same. */
  response: RegistrationResponseJSON;
  expected: RegistrationExpectations;
}

function transportsOf(response: Record<string, unknown>): string[] {
  const t = response.transports;
  if (t === undefined || t === null) return [];
  if (!Array.isArray(t) || !t.every((v) => typeof v === 'string')) {
    throw new WebAuthnError('malformed_input', 'response.transports is not a list of strings');
  }
  return [...t];
}

/** Runs a format verifier; anything it throws that is not a WebAuthnError becomes `code` (never an untyped error). */
function typed<I, T>(code: WebAuthnErrorCode, run: (input: I) => T, input: I): T {
  try {
    return run(input);
  } catch (cause) {
    if (cause instanceof WebAuthnError) throw cause;
    throw new WebAuthnError(code, `attestation check failed: ${(cause as Error)?.message ?? String(cause)}`, {
      cause,
    });
  }
}

export function verifyRegistration({ response, expected }: VerifyRegistrationInput): VerifiedRegistration {
  const credential = requireObject(response, 'registration response');
  checkCredentialType(credential);
  const rawId = credentialIdText(credential);
  // §7.1 step 3: response is an AuthenticatorAttestationResponse
  const attestationResponse = requireObject(credential.response, 'response');
  // (§7.1 step 5 "UTF-8 decode" done here: only the text is kept, it stands for the bytes)
  const encodedClientData = requireString(attestationResponse, 'clientDataJSON', 'response');
  const clientDataJSON = utf8FromBase64url(encodedClientData, 'clientDataJSON');
  const attestationObject = fromBase64url(
    requireString(attestationResponse, 'attestationObject', 'response'),
    'attestationObject',
  );
  // §7.1 step 4: clientExtensionResults
  const clientExtensionResults = clientExtensionResultsOf(credential);
  const transports = transportsOf(attestationResponse);

  // §7.1 steps 5-10: clientDataJSON parsed (or as challengeOf parsed it) and checked (type, challenge, origin,
  // crossOrigin/topOrigin; Level 2's tokenBinding)
  const c = verifyClientData(
    clientDataJSON,
    expected,
    'webauthn.create',
    parsedClientData(attestationResponse, encodedClientData),
  );
  // §7.1 step 12: CBOR-decode attestationObject into fmt, authData, attStmt
  const { fmt, attStmt, authData } = decodeAttestationObject(attestationObject);
  // (§6.1) authenticatorData read strictly; its parts are read in place, by offset
  const authenticatorData = readAuthenticatorData(authData);
  const { flags } = authenticatorData;
  // §7.1 step 13: rpIdHash (its first 32 bytes) is SHA-256 of an expected RP ID
  const rpId = matchRpId(authData, expected.rpId);
  // §7.1 step 14: UP set, unless this is a conditional create
  if (!flags.up && expected.conditionalCreate !== true) {
    throw new WebAuthnError('user_presence_required', 'the UP flag is not set');
  }
  // §7.1 step 15: UV set when user verification is required (default)
  if (!flags.uv && expected.requireUserVerification !== false) {
    throw new WebAuthnError('user_verification_required', 'the UV flag is not set');
  }
  // §7.1 step 16: BS without BE is invalid
  if (flags.bs && !flags.be) throw new WebAuthnError('backup_state_invalid', 'BS is set but BE is not');
  // (§6.5.2) a registration's authenticator data carries the attested credential data
  const {
    credentialIdEnd: keyStart,
    credentialPublicKeyEnd: keyEnd,
    credentialPublicKeyMap,
  } = authenticatorData;
  if (!credentialPublicKeyMap)
    throw new WebAuthnError('malformed_input', 'authenticatorData has no attested credential data');
  // §7.1 step 25 (checked early, it only needs authData): credentialId at most 1023 bytes, enforced by the parser;
  // and the credential ID the client reports is the attested one (§5.1 [[identifier]])
  if (!base64urlEquals(rawId, authData, 'rawId', CREDENTIAL_ID_OFFSET, keyStart!)) {
    throw new WebAuthnError('credential_id_mismatch', 'rawId is not the credential ID in authenticatorData');
  }
  // §7.1 step 19: the credential key's alg is one the RP asked for (the map readAuthenticatorData decoded: same
  // strict CBOR, the key bytes are exactly one item). Its bytes are the copy the record hands the caller.
  const publicKey = copyBytes(authData, keyStart, keyEnd);
  const credentialPublicKey = coseKeyFromMap(credentialPublicKeyMap, publicKey);
  checkAttestationResponseCopies(attestationResponse, authData, credentialPublicKey.alg);
  // (RS1 is allowed by default only for "tpm": old TPMs can make nothing else; WebAuthn §5.8.5 lists it for them)
  const allowedAlgs = expected.algorithms ?? (fmt === 'tpm' ? TPM_DEFAULT_ALGORITHMS : DEFAULT_ALGORITHMS);
  if (!allowedAlgs.includes(credentialPublicKey.alg)) {
    throw new WebAuthnError(
      'unsupported_algorithm',
      `credential algorithm ${algorithmName(credentialPublicKey.alg)} is not allowed`,
    );
  }
  // §7.1 step 20: extension outputs (authenticator outputs must be a text-keyed map; the caller judges values)
  const rk = residentKeyOf(clientExtensionResults);
  const authenticatorExtensionResults = authenticatorData.extensions
    ? extensionsToRecord(authenticatorData.extensions)
    : undefined;
  // §7.1 step 21: fmt is a supported (and allowed) attestation statement format
  if (
    !isAttestationFormat(fmt) ||
    (expected.attestationFormats && !expected.attestationFormats.includes(fmt))
  ) {
    throw new WebAuthnError(
      'attestation_unsupported',
      `attestation format ${JSON.stringify(fmt)} is not supported`,
    );
  }
  // §7.1 step 11: hash = SHA-256(clientDataJSON), for the formats whose procedure reads it ("none" does not);
  // hashing the text hashes its UTF-8 encoding, which is the bytes received (they were valid UTF-8)
  const clientDataHash = fmt === 'none' ? NOT_HASHED : hash('sha256', clientDataJSON, 'buffer');
  // §7.1 step 22: the format's verification procedure over attStmt, authData and hash
  const attestation = typed('attestation_invalid', attestationVerifiers[fmt], {
    attStmt,
    authData,
    clientDataHash,
    credentialPublicKey,
    expected,
  });
  // §7.1 steps 23-24: trust anchors and trustworthiness of the trust path
  let trusted =
    attestation.trustPath.length > 0
      ? typed('attestation_untrusted', verifyTrustPath, { trustPath: attestation.trustPath, expected })
          .trusted
      : false;
  // §7.1 steps 23-24 with the FIDO Metadata Service: the statement's roots anchor the chain, its status reports
  // and the caller's policy decide (MDS3 §3.3)
  const authenticator = expected.metadata
    ? typed('attestation_untrusted', verifyAttestationMetadata, {
        metadata: expected.metadata,
        registration: { aaguid: aaguidToString(authData, AAGUID_OFFSET), trustPath: attestation.trustPath },
        policy: expected.attestationPolicy,
        now: expected.now ?? new Date(),
        skipCertificateTimeChecks: expected.skipCertificateTimeChecks,
      })
    : undefined;
  if (authenticator?.attested) trusted = true;
  // §7.1 step 28: an untrustworthy attestation fails when the caller requires trusted attestation
  if (!trusted && expected.requireTrustedAttestation === true) {
    throw new WebAuthnError('attestation_untrusted', 'the attestation is not anchored to a trusted root');
  }
  const attachment = credential.authenticatorAttachment;
  // the members every record has in one literal, the optional ones assigned after (as in authentication): no spread
  // of conditional literals, and no property store grown member by member on the common path
  const registrationInfo: RegistrationInfo = {
    credential: {
      // rawId decodes to the attested ID (checked above): in its canonical form it is that ID's encoding already
      id: isCanonicalBase64url(rawId)
        ? rawId
        : toBase64url(authData.subarray(CREDENTIAL_ID_OFFSET, keyStart!)),
      publicKey, // a copy the caller owns
      algorithm: credentialPublicKey.alg,
      counter: authenticatorData.signCount,
      transports,
    },
    aaguid: aaguidToString(authData, AAGUID_OFFSET),
    fmt,
    attestationType: attestation.type,
    trustPath: attestation.trustPath,
    attestationTrusted: trusted,
    userVerified: flags.uv,
    userPresent: flags.up,
    backupEligible: flags.be,
    backedUp: flags.bs,
    flags,
    clientExtensionResults,
    origin: c.origin,
    rpId,
  };
  if (rk !== undefined) registrationInfo.residentKey = rk;
  if (typeof attachment === 'string') registrationInfo.authenticatorAttachment = attachment;
  if (c.topOrigin !== undefined) registrationInfo.topOrigin = c.topOrigin;
  if (authenticatorExtensionResults)
    registrationInfo.authenticatorExtensionResults = authenticatorExtensionResults;
  if (authenticator) registrationInfo.authenticator = authenticator;
  return { verified: true, registrationInfo };
}
