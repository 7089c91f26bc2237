// verifyAuthentication: WebAuthn Level 3 §7.2 "Verifying an Authentication Assertion", steps 5-23 on an
// AuthenticationResponseJSON against a stored credential record. The sync and async forms share every check;
// the async form runs the signature check on libuv's threadpool. Kept lean: each input is decoded once,
// clientDataJSON parsed once, imported keys cached (key-cache.ts), rpId hashes memoised (rp-id.ts).
import { hash } from 'node:crypto';
import {
  parseAuthenticatorData,
  parseShortAuthenticatorData,
  type AuthenticatorData,
} from './authenticator-data.js';
import { fromBase64url, isBase64url, toBase64url } from './base64url.js';
import { parsedClientData, verifyClientData, type CollectedClientData } from './client-data.js';
import { WebAuthnError } from './errors.js';
import { appIdUsed } from './extensions.js';
import { defaultKeyCache } from './key-cache.js';
import {
  checkCredentialType,
  clientExtensionResultsOf,
  credentialIdFrom,
  extensionsToRecord,
  requireObject,
  requireString,
} from './response-json.js';
import { matchRpId } from './rp-id.js';
import { verifySignature, verifySignatureAsync, type VerificationKey } from './signature.js';
import type {
  AuthenticationExpectations,
  AuthenticationInfo,
  AuthenticationResponseJSON,
  CredentialRecord,
  VerifiedAuthentication,
} from './types.js';

export interface VerifyAuthenticationInput {
  /** From untrusted JSON: parseAuthenticationResponse first. Checked here again all the same. */
  response: AuthenticationResponseJSON;
  expected: AuthenticationExpectations;
  credential: CredentialRecord;
}

interface Prepared {
  key: VerificationKey;
  signedData: Buffer;
  signature: Buffer;
  authenticatorData: Pick<AuthenticatorData, 'flags' | 'signCount' | 'extensions'>;
  clientData: CollectedClientData;
  credentialId: string;
  userHandle: string | undefined;
  rpId: string;
  clientExtensionResults: Record<string, unknown>;
  authenticatorAttachment: unknown;
}

function sameId(bytes: Buffer, stored: string | Uint8Array): boolean {
  if (typeof stored !== 'string') return bytes.equals(stored);
  return isBase64url(stored) && Buffer.from(stored, 'base64url').equals(bytes);
}

/** Decodes base64url `value` into a new buffer with `extra` spare bytes at the end. */
function decodeWithRoomFor(extra: number, value: string, field: string): Buffer {
  if (!isBase64url(value)) throw new WebAuthnError('malformed_input', `${field} is not base64url`);
  const length = Buffer.byteLength(value, 'base64url');
  const out = Buffer.allocUnsafe(length + extra);
  out.write(value, 0, length, 'base64url');
  return out;
}

/** Every check that precedes the signature (§7.2 steps 5-21). */
function prepare({ response, expected, credential }: VerifyAuthenticationInput): Prepared {
  const cred = requireObject(response, 'authentication response');
  checkCredentialType(cred);
  // §7.2 steps 5-6: the credential is the one the RP looked up (id/rawId equal the stored credential ID)
  let credentialId: string;
  const storedId = credential.id;
  if (
    typeof storedId === 'string' &&
    cred.id === storedId &&
    cred.rawId === storedId &&
    storedId !== '' &&
    isBase64url(storedId)
  ) {
    credentialId = storedId; // the common case, without decoding
  } else {
    const bytes = credentialIdFrom(cred);
    if (!sameId(bytes, storedId))
      throw new WebAuthnError('credential_id_mismatch', 'the assertion is for another credential');
    credentialId = toBase64url(bytes);
  }
  // §7.2 step 3: response is an AuthenticatorAssertionResponse
  const assertion = requireObject(cred.response, 'response');
  // §7.2 step 7: cData, authData and sig
  const encodedClientData = requireString(assertion, 'clientDataJSON', 'response');
  const cData = fromBase64url(encodedClientData, 'clientDataJSON');
  // authData is decoded straight into the buffer that will hold authData || hash (no concatenation later)
  const signedData = decodeWithRoomFor(
    32,
    requireString(assertion, 'authenticatorData', 'response'),
    'authenticatorData',
  );
  const authDataLength = signedData.length - 32;
  const signature = fromBase64url(requireString(assertion, 'signature', 'response'), 'signature');
  // §7.2 step 4: clientExtensionResults
  const clientExtensionResults = clientExtensionResultsOf(cred);
  // §7.2 step 6: a returned userHandle must be the user handle of the credential's account
  let userHandle: string | undefined;
  const uh = assertion.userHandle;
  if (uh !== undefined && uh !== null && uh !== '') {
    const stored = credential.userHandle;
    if (typeof stored === 'string' && uh === stored && isBase64url(uh)) {
      userHandle = stored;
    } else {
      const bytes = fromBase64url(uh, 'userHandle');
      if (stored !== undefined && !sameId(bytes, stored)) {
        throw new WebAuthnError('user_handle_mismatch', 'userHandle is not the credential owner');
      }
      userHandle = toBase64url(bytes);
    }
  }
  if (userHandle === undefined && expected.requireUserHandle === true) {
    throw new WebAuthnError('user_handle_mismatch', 'userHandle is required to identify the user');
  }
  // §7.2 steps 8-13: clientDataJSON parsed (or as challengeOf parsed it) and checked (type, challenge, origin,
  // crossOrigin/topOrigin; Level 2's tokenBinding)
  const clientData = verifyClientData(
    cData,
    expected,
    'webauthn.get',
    parsedClientData(assertion, encodedClientData),
  );
  const authenticatorData =
    authDataLength === 37
      ? parseShortAuthenticatorData(signedData, 37) // no view needed for the common case
      : parseAuthenticatorData(signedData.subarray(0, authDataLength));
  const { flags } = authenticatorData;
  // §7.2 step 14: rpIdHash is SHA-256 of an expected RP ID
  // (§10.1.1: after the appid extension was used, rpIdHash is that of the AppID; both compare bytes 0-31 in place)
  const rpId =
    appIdUsed(clientExtensionResults, signedData, expected.appId) ?? matchRpId(signedData, expected.rpId);
  // §7.2 step 15: UP set
  if (!flags.up) throw new WebAuthnError('user_presence_required', 'the UP flag is not set');
  // §7.2 step 16: UV set when user verification is required (default)
  if (!flags.uv && expected.requireUserVerification !== false) {
    throw new WebAuthnError('user_verification_required', 'the UV flag is not set');
  }
  // §7.2 step 17: BS without BE is invalid
  if (flags.bs && !flags.be) throw new WebAuthnError('backup_state_invalid', 'BS is set but BE is not');
  // §7.2 step 18: BE equals the backup eligibility recorded at registration
  if (credential.backupEligible !== undefined && credential.backupEligible !== flags.be) {
    throw new WebAuthnError('backup_state_invalid', 'BE differs from the stored backup eligibility');
  }
  // §7.2 step 20: extension outputs are a text-keyed map (checked when building the result)
  // §7.2 step 21: hash = SHA-256(cData)
  // (as a one-byte string written into place: a 32-char string costs far less heap than a new Buffer)
  const clientDataHash = hash('sha256', cData, 'binary');
  const key = (expected.keyCache ?? defaultKeyCache).get(credential.publicKey);
  signedData.write(clientDataHash, authDataLength, 32, 'latin1');
  return {
    key,
    signedData,
    signature,
    authenticatorData,
    clientData,
    credentialId,
    userHandle,
    rpId,
    clientExtensionResults,
    authenticatorAttachment: cred.authenticatorAttachment,
  };
}

/** §7.2 step 23 and the result. */
function finish(p: Prepared, credential: CredentialRecord): VerifiedAuthentication {
  const { flags, signCount } = p.authenticatorData;
  // §7.2 step 23: when either counter is non-zero the new one must be greater (else a possible clone)
  if ((signCount !== 0 || credential.counter !== 0) && signCount <= credential.counter) {
    throw new WebAuthnError('counter_regression', 'the signature counter did not increase');
  }
  const cd = p.clientData;
  // built by assignment: conditional spreads would allocate temporaries on the hot path
  const info: AuthenticationInfo = {
    credentialId: p.credentialId,
    newCounter: signCount,
    userVerified: flags.uv,
    userPresent: flags.up,
    backupEligible: flags.be,
    backedUp: flags.bs,
    backupStateChanged: credential.backedUp !== undefined && credential.backedUp !== flags.bs,
    flags,
    origin: cd.origin,
    rpId: p.rpId,
    clientExtensionResults: p.clientExtensionResults,
  };
  if (p.userHandle !== undefined) info.userHandle = p.userHandle;
  if (typeof p.authenticatorAttachment === 'string') info.authenticatorAttachment = p.authenticatorAttachment;
  if (cd.topOrigin !== undefined) info.topOrigin = cd.topOrigin;
  const ext = p.authenticatorData.extensions;
  if (ext) info.authenticatorExtensionResults = extensionsToRecord(ext);
  return { verified: true, authenticationInfo: info };
}

const badSignature = (): WebAuthnError =>
  new WebAuthnError('bad_signature', 'the assertion signature does not verify with the stored public key');

export function verifyAuthentication(input: VerifyAuthenticationInput): VerifiedAuthentication {
  const p = prepare(input);
  // §7.2 step 22: sig verifies over authData || hash with the stored public key
  if (!verifySignature(p.key.alg, p.key, p.signedData, p.signature)) throw badSignature();
  return finish(p, input.credential);
}

/** verifyAuthentication with the signature check off the main thread; rejects with WebAuthnError. */
export async function verifyAuthenticationAsync(
  input: VerifyAuthenticationInput,
): Promise<VerifiedAuthentication> {
  const p = prepare(input);
  // §7.2 step 22 (on the threadpool)
  if (!(await verifySignatureAsync(p.key.alg, p.key, p.signedData, p.signature))) throw badSignature();
  return finish(p, input.credential);
}
