// `credkit verify RESPONSE.json --rp-id ... --origin ... --challenge ...`: verifies one registration response
// (it has attestationObject) or one authentication response (with --public-key and --counter) and prints the
// outcome as JSON. Exit 0 when it verifies, 1 otherwise. With `--mds BLOB --mds-root ROOT.pem` a registration's
// authenticator is judged against the FIDO MDS3 BLOB (verified first) and reported as "authenticator".
import { verifyAuthentication } from '../webauthn/authentication.js';
import { fromBase64url } from '../webauthn/base64url.js';
import { isWebAuthnError } from '../webauthn/errors.js';
import { parseMetadataBlob } from '../webauthn/metadata/blob.js';
import { verifyRegistration } from '../webauthn/registration.js';
import { parseAuthenticationResponse, parseRegistrationResponse } from '../webauthn/parse-response.js';
import type {
  CommonExpectations,
  RegistrationExpectations,
  RegistrationResponseJSON,
} from '../webauthn/types.js';
import { CliError } from './errors.js';
import { readJson } from './input.js';
import { responseOf } from './inspect-model.js';
import { toJsonValue } from './json-value.js';
import { readMdsFiles, type MdsFiles } from './mds-files.js';

export interface SingleVerifyOptions {
  file: string;
  rpIds: string[];
  origins: string[];
  challenge: string;
  topOrigins: string[];
  requireUserVerification: boolean;
  /** COSE_Key, base64url (authentication only). */
  publicKey?: string;
  counter?: string;
  /** MDS BLOB file and PEM roots (registration only). */
  mds?: string;
  mdsRoot?: string;
  /** The verification time (certificates, the BLOB's nextUpdate). */
  now?: Date;
}

function expectations(o: SingleVerifyOptions): CommonExpectations {
  if (o.rpIds.length === 0) throw new CliError('--rp-id is required', 2);
  if (o.origins.length === 0) throw new CliError('--origin is required', 2);
  if (!o.challenge) throw new CliError('--challenge is required', 2);
  const expected: CommonExpectations = {
    challenge: o.challenge,
    origins: o.origins,
    rpId: o.rpIds,
    requireUserVerification: o.requireUserVerification,
  };
  if (o.topOrigins.length > 0) expected.topOrigins = o.topOrigins;
  return expected;
}

function parseCounter(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new CliError('--counter must be an integer 0..4294967295', 2);
  return n;
}

function verifyRegistrationWithMds(
  response: RegistrationResponseJSON,
  expected: RegistrationExpectations,
  mds: MdsFiles | undefined,
): unknown {
  if (!mds) return verifyRegistration({ response, expected });
  const now = expected.now ?? new Date();
  const metadata = parseMetadataBlob({ blob: mds.blob, roots: mds.roots, now });
  const { registrationInfo } = verifyRegistration({ response, expected: { ...expected, metadata, now } });
  const { authenticator, ...info } = registrationInfo;
  const { entry: _entry, ...summary } = authenticator!;
  return {
    verified: true,
    authenticator: summary,
    registrationInfo: info,
    mds: { no: metadata.no, nextUpdate: metadata.nextUpdate },
  };
}

function verifyOne(response: Record<string, unknown>, o: SingleVerifyOptions, mds?: MdsFiles): unknown {
  const expected: RegistrationExpectations = expectations(o);
  if (o.now) expected.now = o.now;
  const inner = response.response as Record<string, unknown>;
  if ('attestationObject' in inner) {
    return verifyRegistrationWithMds(parseRegistrationResponse(response), expected, mds);
  }
  if (mds) throw new CliError('--mds judges registrations; this is an authentication response', 2);
  if (!o.publicKey)
    throw new CliError('an authentication response needs --public-key (the stored COSE key, base64url)', 2);
  const id = typeof response.rawId === 'string' ? response.rawId : '';
  const credential = {
    id,
    publicKey: fromBase64url(o.publicKey, '--public-key'),
    counter: parseCounter(o.counter),
  };
  return verifyAuthentication({ response: parseAuthenticationResponse(response), expected, credential });
}

export async function verifySingle(o: SingleVerifyOptions): Promise<number> {
  const response = responseOf(await readJson(o.file));
  const mds = o.mds !== undefined ? await readMdsFiles(o.mds, o.mdsRoot) : undefined;
  try {
    console.log(JSON.stringify(toJsonValue(verifyOne(response, o, mds)), null, 2));
    return 0;
  } catch (err) {
    if (!isWebAuthnError(err)) throw err;
    console.log(JSON.stringify({ verified: false, code: err.code, message: err.message }, null, 2));
    return 1;
  }
}
