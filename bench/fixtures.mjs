// Genuine responses for the benchmark, made by credkit's SoftwareAuthenticator (real node:crypto keys), plus the
// pre-decoded inputs the raw crypto.verify floor starts from.
import { createPublicKey } from 'node:crypto';
import { decode } from 'cborg';
import { SoftwareAuthenticator } from '@credkit/provider';

export const RP_ID = 'bench.example';
export const ORIGIN = 'https://bench.example';
const CHALLENGE = Buffer.alloc(32, 7).toString('base64url');
const USER = { id: Buffer.alloc(16, 1).toString('base64url'), name: 'bench', displayName: 'Bench' };

/** Node's hash argument for each COSE algorithm used here (EdDSA hashes internally). */
export const NODE_HASH = { [-7]: 'sha256', [-8]: null, [-257]: 'sha256' };

function creationOptions(alg, attestation) {
  return {
    rp: { id: RP_ID, name: 'bench' },
    user: USER,
    challenge: CHALLENGE,
    pubKeyCredParams: [{ type: 'public-key', alg }],
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    attestation,
  };
}

/** One registration (none or packed self attestation) and one assertion for a credential of `alg`. */
export function makeFixture(alg, attestation = 'none') {
  const authenticator = new SoftwareAuthenticator({
    attestation: attestation === 'none' ? 'none' : 'packed',
  });
  const { response: registration, credentialId } = authenticator.createCredential(
    creationOptions(alg, attestation),
    {
      origin: ORIGIN,
    },
  );
  const authentication = authenticator.getAssertion(
    {
      challenge: CHALLENGE,
      rpId: RP_ID,
      allowCredentials: [{ type: 'public-key', id: credentialId }],
      userVerification: 'required',
    },
    { origin: ORIGIN },
  );
  const stored = authenticator.credentials({ rpId: RP_ID }).find((c) => c.id === credentialId);
  const cosePublicKey = Buffer.from(stored.publicKey, 'base64url');
  const spki = Buffer.from(registration.response.publicKey, 'base64url');
  const a = authentication.response;
  const attestationObject = decode(Buffer.from(registration.response.attestationObject, 'base64url'), {
    useMaps: true,
  });
  const sig = attestationObject.get('attStmt').get('sig');
  return {
    alg,
    challenge: CHALLENGE,
    registration,
    authentication,
    credentialId,
    cosePublicKey,
    /** For the raw floor: the key imported once, the byte inputs decoded once. */
    raw: {
      key: createPublicKey({ key: spki, format: 'der', type: 'spki' }),
      hash: NODE_HASH[alg],
      clientDataJSON: Buffer.from(a.clientDataJSON, 'base64url'),
      authenticatorData: Buffer.from(a.authenticatorData, 'base64url'),
      signature: Buffer.from(a.signature, 'base64url'),
    },
    /**
     * For the raw registration floor (packed self): what any verifier has to do with node:crypto for a new
     * credential — hash clientDataJSON, import the new key (its SPKI DER given), verify over authData || hash —
     * from inputs decoded once.
     */
    rawRegistration: sig && {
      spki,
      clientDataJSON: Buffer.from(registration.response.clientDataJSON, 'base64url'),
      authData: Buffer.from(attestationObject.get('authData')),
      sig: Buffer.from(sig),
    },
  };
}
