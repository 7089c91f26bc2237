// Differential tests against @simplewebauthn/server 13 on generated responses (software authenticator, real
// keys): both verifiers accept the valid ones and agree on the facts they report; on mutated responses both
// reject, except for the known differences listed in DIFFERENCES, where credkit is right by the spec step named
// (docs/differences.md explains each).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, sign } from 'node:crypto';
import fc from 'fast-check';
import { decode, encode } from 'cborg';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { verifyAuthentication } from '../../src/webauthn/authentication.js';
import { verifyRegistration } from '../../src/webauthn/registration.js';
import { WebAuthnError } from '../../src/webauthn/errors.js';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../../src/webauthn/types.js';
import {
  b64u,
  CHALLENGE,
  fromB64u,
  generateCredential,
  ORIGIN,
  resignedAssertion,
  RP_ID,
  type GeneratedCredential,
} from './generated-responses.js';

const es256 = generateCredential(-7);
const credentials = [es256, generateCredential(-8), generateCredential(-257)];
const packed = [generateCredential(-7, 'packed'), generateCredential(-8, 'packed')];
const expected = { challenge: CHALLENGE, origins: ORIGIN, rpId: RP_ID };

/** 'ok' or the error: credkit's code, or 'rejected' for SimpleWebAuthn (its errors carry no stable code). */
type Verdict = string;

function credkitAuth(c: GeneratedCredential, response: unknown, counter = 0): Verdict {
  try {
    verifyAuthentication({
      response: response as AuthenticationResponseJSON,
      expected,
      credential: { id: c.credentialId, publicKey: c.publicKey, counter },
    });
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof WebAuthnError, String(err));
    return err.code;
  }
}

async function swaAuth(c: GeneratedCredential, response: unknown, counter = 0): Promise<Verdict> {
  try {
    const r = await verifyAuthenticationResponse({
      response: response as never,
      expectedChallenge: CHALLENGE,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential: { id: c.credentialId, publicKey: new Uint8Array(c.publicKey), counter },
      requireUserVerification: true,
    });
    return r.verified ? 'ok' : 'rejected';
  } catch (err) {
    if (process.env.DIFF_DEBUG) console.log('  swa:', (err as Error).message);
    return 'rejected';
  }
}

function credkitReg(response: unknown): Verdict {
  try {
    verifyRegistration({ response: response as RegistrationResponseJSON, expected });
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof WebAuthnError, String(err));
    return err.code;
  }
}

async function swaReg(response: unknown): Promise<Verdict> {
  try {
    const r = await verifyRegistrationResponse({
      response: response as never,
      expectedChallenge: CHALLENGE,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: true,
    });
    return r.verified ? 'ok' : 'rejected';
  } catch (err) {
    if (process.env.DIFF_DEBUG) console.log('  swa:', (err as Error).message);
    return 'rejected';
  }
}

// ---- building mutated responses -------------------------------------------------------------------------

function withFlags(authData: Uint8Array, flags: number): Buffer {
  const out = Buffer.from(authData);
  out[32] = flags;
  return out;
}

function clientData(members: Record<string, unknown>): Buffer {
  return Buffer.from(
    JSON.stringify({
      type: 'webauthn.get',
      challenge: CHALLENGE,
      origin: ORIGIN,
      crossOrigin: false,
      ...members,
    }),
  );
}

function attestationParts(r: RegistrationResponseJSON) {
  const attObj = decode(fromB64u(r.response.attestationObject), { useMaps: true }) as Map<string, any>;
  return {
    attObj,
    authData: attObj.get('authData') as Uint8Array,
    clientDataJSON: fromB64u(r.response.clientDataJSON),
  };
}

/** A registration whose attestationObject is re-encoded from `attObj` (plus optional trailing bytes). */
function withAttestationObject(
  r: RegistrationResponseJSON,
  attObj: Map<string, unknown>,
  trailing?: Uint8Array,
): RegistrationResponseJSON {
  const out = structuredClone(r);
  const bytes = encode(attObj);
  out.response.attestationObject = b64u(trailing ? Buffer.concat([bytes, trailing]) : bytes);
  delete out.response.authenticatorData; // derived data the client adds; keep it from disagreeing
  return out;
}

/** Packed self attestation over (authData, clientDataJSON), declared as `alg`, signed with `hash`. */
function packedSelf(
  c: GeneratedCredential,
  authData: Uint8Array,
  alg: number,
  hash: string | null,
): RegistrationResponseJSON {
  const { attObj, clientDataJSON } = attestationParts(c.registration);
  const signed = Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]);
  const sig = sign(hash, signed, c.privateKey);
  const next = new Map(attObj).set('authData', authData).set(
    'attStmt',
    new Map<string, unknown>([
      ['alg', alg],
      ['sig', sig],
    ]),
  );
  return withAttestationObject(c.registration, next);
}

function noneWithAuthData(c: GeneratedCredential, authData: Uint8Array): RegistrationResponseJSON {
  const { attObj } = attestationParts(c.registration);
  return withAttestationObject(c.registration, new Map(attObj).set('authData', authData));
}

/** Offsets of the DER structure bytes of an ECDSA Ecdsa-Sig-Value (SEQUENCE, INTEGER r, INTEGER s headers). */
function derHeaderIndexes(sig: Uint8Array): number[] {
  const rLength = sig[3];
  return [0, 1, 2, 3, 4 + rLength, 5 + rLength];
}

/** The assertion with one byte of its signature changed. */
function withSignatureByte(
  c: GeneratedCredential,
  index: number,
  value: (b: number) => number,
): AuthenticationResponseJSON {
  const r = structuredClone(c.authentication);
  const sig = fromB64u(r.response.signature);
  sig[index] = value(sig[index]);
  r.response.signature = b64u(sig);
  return r;
}

// ---- the scenarios ---------------------------------------------------------------------------------------

interface Scenario {
  name: string;
  run: () => Promise<[credkit: Verdict, swa: Verdict]>;
}

/** [credkit verdict, SimpleWebAuthn verdict] expected per scenario; where they differ, the spec step deciding it. */
const EXPECTED: Record<string, { verdicts: [Verdict, Verdict]; step?: string }> = {
  // both agree
  'BS set without BE (assertion)': { verdicts: ['backup_state_invalid', 'rejected'] },
  'BS set without BE (registration)': { verdicts: ['backup_state_invalid', 'rejected'] },
  'packed self attestation: genuine': { verdicts: ['ok', 'ok'] },
  'assertion authenticatorData with trailing bytes, ED clear': { verdicts: ['malformed_input', 'rejected'] },
  'UP clear': { verdicts: ['user_presence_required', 'rejected'] },
  'UV clear, UV required': { verdicts: ['user_verification_required', 'rejected'] },
  'clientDataJSON.type payment.get': { verdicts: ['type_mismatch', 'rejected'] },
  'sign count equal to a non-zero stored count': { verdicts: ['counter_regression', 'rejected'] },
  'unknown extra client data member (must be ignored)': { verdicts: ['ok', 'ok'] },
  'origin with trailing slash': { verdicts: ['origin_mismatch', 'rejected'] },
  'origin with explicit default port': { verdicts: ['origin_mismatch', 'rejected'] },
  'credential type missing': { verdicts: ['type_mismatch', 'rejected'] },
  'tokenBinding status unknown': { verdicts: ['token_binding_invalid', 'rejected'] },
  'extensions (ED) with a CBOR map': { verdicts: ['ok', 'ok'] },
  'ED with a CBOR non-map': { verdicts: ['malformed_input', 'rejected'] },
  'registration UP clear': { verdicts: ['user_presence_required', 'rejected'] },
  'registration authData leftover bytes, ED clear': { verdicts: ['malformed_input', 'rejected'] },
  'none attestation with a non-empty attStmt': { verdicts: ['attestation_invalid', 'rejected'] },
  'challenge with = padding': { verdicts: ['challenge_mismatch', 'rejected'] },
  // known differences: credkit stricter, by the step named
  'packed self attestation: alg ES384 declared, ES256 key': {
    verdicts: ['attestation_invalid', 'ok'],
    step: '§8.2 verification procedure, self attestation: "Validate that alg matches the algorithm of the credentialPublicKey in authenticatorData"',
  },
  'trailing bytes after the attestationObject CBOR item': {
    verdicts: ['malformed_input', 'ok'],
    step: '§7.1 step 12: CBOR-decode attestationObject (one well-formed data item, RFC 8949 §5.3.1; extra bytes are not part of it)',
  },
  'id/rawId differ from the attested credential ID': {
    verdicts: ['credential_id_mismatch', 'ok'],
    step: '§5.1.3 (create): [[identifier]] is attestedCredentialData.credentialId; §7.1 step 26 stores that credentialId',
  },
  'crossOrigin true, the RP allows no cross-origin use': {
    verdicts: ['cross_origin_not_allowed', 'ok'],
    step: '§7.2 step 13 (§7.1 step 10): crossOrigin true is accepted only when the RP expects to be embedded by topOrigin',
  },
  'topOrigin without crossOrigin': {
    verdicts: ['cross_origin_not_allowed', 'ok'],
    step: '§5.8.1 topOrigin is set only when crossOrigin is true; §7.2 step 13 (§7.1 step 10)',
  },
  'publicKeyAlgorithm member disagrees with the key': {
    verdicts: ['malformed_input', 'ok'],
    step: '§5.2.1 getPublicKeyAlgorithm() / RegistrationResponseJSON: the member is the alg of the attested credential key',
  },
  'authenticatorData member disagrees with attestationObject': {
    verdicts: ['malformed_input', 'ok'],
    step: '§5.2.1 getAuthenticatorData(): the member is the authData inside attestationObject',
  },
  'attestationObject with an unknown top-level member': {
    verdicts: ['malformed_input', 'ok'],
    step: '§6.5.4 attestationObject CDDL: a closed map of fmt, attStmt and authData',
  },
  'credential key with a private part (d)': {
    verdicts: ['public_key_invalid', 'ok'],
    step: '§6.5.2 credentialPublicKey is a COSE public key (RFC 9053 §7.1: d marks a private key)',
  },
  'ES256 signature with a wrong DER SEQUENCE length': {
    verdicts: ['bad_signature', 'ok'],
    step: '§6.5.6: ECDSA signatures are ASN.1 DER Ecdsa-Sig-Value (RFC 3279 §2.2.3); a changed encoding is a changed signature',
  },
};

const auth = (
  name: string,
  response: () => AuthenticationResponseJSON,
  counter = 0,
  c = es256,
): Scenario => ({
  name,
  run: async () => {
    const r = response();
    return [credkitAuth(c, r, counter), await swaAuth(c, r, counter)];
  },
});
const reg = (name: string, response: () => unknown): Scenario => ({
  name,
  run: async () => {
    const r = response();
    return [credkitReg(r), await swaReg(r)];
  },
});

const esAuthData = fromB64u(es256.authentication.response.authenticatorData);
const esRegAuthData = attestationParts(es256.registration).authData;
const packedEs = packed[0];
const packedRegAuthData = attestationParts(packedEs.registration).authData;
const otherId = b64u(Buffer.alloc(32, 0xee));

const SCENARIOS: Scenario[] = [
  auth('BS set without BE (assertion)', () =>
    resignedAssertion(es256, { authenticatorData: withFlags(esAuthData, 0x01 | 0x04 | 0x10) }),
  ),
  reg('BS set without BE (registration)', () =>
    noneWithAuthData(es256, withFlags(esRegAuthData, 0x01 | 0x04 | 0x10 | 0x40)),
  ),
  reg('packed self attestation: alg ES384 declared, ES256 key', () =>
    packedSelf(packedEs, packedRegAuthData, -35, 'sha384'),
  ),
  reg('packed self attestation: genuine', () => packedSelf(packedEs, packedRegAuthData, -7, 'sha256')),
  reg('trailing bytes after the attestationObject CBOR item', () => {
    const { attObj } = attestationParts(es256.registration);
    return withAttestationObject(es256.registration, attObj, Uint8Array.of(0x00));
  }),
  reg('id/rawId differ from the attested credential ID', () => ({
    ...structuredClone(es256.registration),
    id: otherId,
    rawId: otherId,
  })),
  auth('assertion authenticatorData with trailing bytes, ED clear', () =>
    resignedAssertion(es256, { authenticatorData: Buffer.concat([esAuthData, Buffer.from([0xa0])]) }),
  ),
  auth('crossOrigin true, the RP allows no cross-origin use', () =>
    resignedAssertion(es256, {
      clientDataJSON: clientData({ crossOrigin: true, topOrigin: 'https://top.example' }),
    }),
  ),
  auth('topOrigin without crossOrigin', () =>
    resignedAssertion(es256, { clientDataJSON: clientData({ topOrigin: 'https://top.example' }) }),
  ),
  auth('UP clear', () =>
    resignedAssertion(es256, { authenticatorData: withFlags(esAuthData, 0x04 | 0x08 | 0x10) }),
  ),
  auth('UV clear, UV required', () =>
    resignedAssertion(es256, { authenticatorData: withFlags(esAuthData, 0x01 | 0x08 | 0x10) }),
  ),
  auth('clientDataJSON.type payment.get', () =>
    resignedAssertion(es256, { clientDataJSON: clientData({ type: 'payment.get' }) }),
  ),
  auth(
    'sign count equal to a non-zero stored count',
    () => {
      const ad = Buffer.from(esAuthData);
      ad.writeUInt32BE(5, 33);
      return resignedAssertion(es256, { authenticatorData: ad });
    },
    5,
  ),
  auth('unknown extra client data member (must be ignored)', () =>
    resignedAssertion(es256, { clientDataJSON: clientData({ other: 'x' }) }),
  ),
  auth('ES256 signature with a wrong DER SEQUENCE length', () => withSignatureByte(es256, 1, (b) => b - 2)),
  auth('challenge with = padding', () =>
    resignedAssertion(es256, { clientDataJSON: clientData({ challenge: CHALLENGE + '=' }) }),
  ),
  auth('origin with trailing slash', () =>
    resignedAssertion(es256, { clientDataJSON: clientData({ origin: ORIGIN + '/' }) }),
  ),
  auth('origin with explicit default port', () =>
    resignedAssertion(es256, { clientDataJSON: clientData({ origin: ORIGIN + ':443' }) }),
  ),
  auth('credential type missing', () => {
    const r = structuredClone(es256.authentication) as any;
    delete r.type;
    return r;
  }),
  auth('tokenBinding status unknown', () =>
    resignedAssertion(es256, { clientDataJSON: clientData({ tokenBinding: { status: 'bogus' } }) }),
  ),
  auth('extensions (ED) with a CBOR map', () =>
    resignedAssertion(es256, {
      authenticatorData: Buffer.concat([
        withFlags(esAuthData, 0x1d | 0x80),
        encode(new Map([['credProtect', 2]])),
      ]),
    }),
  ),
  auth('ED with a CBOR non-map', () =>
    resignedAssertion(es256, {
      authenticatorData: Buffer.concat([withFlags(esAuthData, 0x1d | 0x80), encode(5)]),
    }),
  ),
  reg('publicKeyAlgorithm member disagrees with the key', () => {
    const r = structuredClone(es256.registration);
    r.response.publicKeyAlgorithm = -257;
    return r;
  }),
  reg('authenticatorData member disagrees with attestationObject', () => {
    const r = structuredClone(es256.registration);
    r.response.authenticatorData = b64u(withFlags(esRegAuthData, 0x45));
    return r;
  }),
  reg('registration UP clear', () =>
    noneWithAuthData(es256, withFlags(esRegAuthData, 0x04 | 0x08 | 0x10 | 0x40)),
  ),
  reg('registration authData leftover bytes, ED clear', () =>
    noneWithAuthData(es256, Buffer.concat([esRegAuthData, Buffer.from([0xa0])])),
  ),
  reg('none attestation with a non-empty attStmt', () => {
    const { attObj } = attestationParts(es256.registration);
    return withAttestationObject(es256.registration, new Map(attObj).set('attStmt', new Map([['x', 1]])));
  }),
  reg('attestationObject with an unknown top-level member', () => {
    const { attObj } = attestationParts(es256.registration);
    return withAttestationObject(es256.registration, new Map(attObj).set('extra', 1));
  }),
  reg('credential key with a private part (d)', () => {
    const ad = Buffer.from(esRegAuthData);
    const idLen = ad.readUInt16BE(53);
    const keyStart = 55 + idLen;
    const key = decode(ad.subarray(keyStart), { useMaps: true }) as Map<number, unknown>;
    key.set(-4, Buffer.alloc(32, 1));
    return noneWithAuthData(es256, Buffer.concat([ad.subarray(0, keyStart), encode(key)]));
  }),
];

test('mutated responses: both reject, except the known differences, each naming its spec step', async () => {
  assert.deepEqual(SCENARIOS.map((sc) => sc.name).sort(), Object.keys(EXPECTED).sort());
  for (const sc of SCENARIOS) {
    const want = EXPECTED[sc.name];
    assert.deepEqual(await sc.run(), want.verdicts, sc.name);
    const agree = (want.verdicts[0] === 'ok') === (want.verdicts[1] === 'ok');
    assert.equal(agree, want.step === undefined, `${sc.name}: a difference must name its spec step`);
  }
});

test('valid generated responses: both accept and report the same credential facts', async () => {
  for (const c of [...credentials, ...packed]) {
    const mine = verifyRegistration({ response: c.registration, expected }).registrationInfo;
    const theirs = await verifyRegistrationResponse({
      response: c.registration as never,
      expectedChallenge: CHALLENGE,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: true,
    });
    assert.equal(theirs.verified, true);
    const info = theirs.registrationInfo!;
    assert.equal(mine.credential.id, info.credential.id);
    assert.deepEqual(Buffer.from(mine.credential.publicKey), Buffer.from(info.credential.publicKey));
    assert.equal(mine.credential.counter, info.credential.counter);
    assert.equal(mine.fmt, info.fmt);
    assert.equal(mine.aaguid, info.aaguid);
    assert.equal(mine.userVerified, info.userVerified);
    assert.equal(mine.backedUp, info.credentialBackedUp);
    assert.equal(mine.backupEligible, info.credentialDeviceType === 'multiDevice');
    assert.equal(credkitAuth(c, c.authentication), 'ok');
    assert.equal(await swaAuth(c, c.authentication), 'ok');
  }
});

test('random byte changes in signed fields: both verifiers reject', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...credentials),
      fc.constantFrom('signature', 'authenticatorData', 'clientDataJSON'),
      fc.nat(),
      fc.integer({ min: 0, max: 7 }),
      async (c, field, at, bit) => {
        const r = structuredClone(c.authentication);
        const bytes = fromB64u(r.response[field]);
        const index = at % bytes.length;
        bytes[index] ^= 1 << bit;
        r.response[field] = b64u(bytes);
        assert.notEqual(credkitAuth(c, r), 'ok');
        if ((await swaAuth(c, r)) === 'ok') {
          // the one known difference (§6.5.6): SimpleWebAuthn re-reads a changed DER header of an ECDSA signature
          assert.equal(field, 'signature');
          assert.equal(c.alg, -7);
          assert.ok(
            derHeaderIndexes(fromB64u(c.authentication.response.signature)).includes(index),
            `byte ${index}`,
          );
        }
      },
    ),
    { numRuns: 60 },
  );
});
