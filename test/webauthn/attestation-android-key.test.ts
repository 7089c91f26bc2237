// "android-key" attestation (WebAuthn L3 §8.4): vectors (the W3C main-branch vector must fail) and a negative
// test per step, on statements minted with a KeyDescription built by @peculiar/asn1-android.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { OctetString } from '@peculiar/asn1-schema';
import {
  IntegerSet,
  NonStandardAuthorization,
  NonStandardAuthorizationList,
  NonStandardKeyDescription,
} from '@peculiar/asn1-android';
import {
  verifyAndroidKey,
  type AndroidKeyExpectations,
} from '../../packages/webauthn/src/attestation/android-key.js';
import type { AttestationInput } from '../../packages/webauthn/src/attestation/types.js';
import { parseCoseKey } from '../../packages/webauthn/src/cose.js';
import { coseEncodePublicKey } from '../../packages/provider/src/keys.js';
import { OID_ANDROID_KEY_DESCRIPTION } from '../../packages/webauthn/src/x509/android-key-description.js';
import {
  attestationInputFor,
  casesWithFormat,
  code,
  findCase,
  flipBit,
  w3c,
  withStmt,
} from './attestation-helpers.js';
import { extension, mintCertificate } from './attestation-certs.js';

describe('android-key attestation: vectors', () => {
  for (const c of casesWithFormat('android-key')) {
    it(c.name, () => {
      const { input } = attestationInputFor(c);
      if (!c.expected.verified) {
        // W3C main branch: empty authorization lists, so origin/purpose cannot be checked (README caveat)
        assert.throws(() => verifyAndroidKey(input), code('attestation_invalid'));
        return;
      }
      assert.equal(verifyAndroidKey(input).type, 'Basic');
    });
  }
});

const base = attestationInputFor(findCase(w3c, 'android-key.ES256 registration')).input;
const credential = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const credentialPublicKey = parseCoseKey(coseEncodePublicKey(-7, credential.publicKey));

type Auth = Partial<NonStandardAuthorization>;
interface Description {
  challenge?: Uint8Array;
  tee?: Auth[];
  software?: Auth[];
}
const list = (items: Auth[]) =>
  new NonStandardAuthorizationList(items.map((i) => new NonStandardAuthorization(i)));
const SIGN_GENERATED: Auth[] = [{ purpose: new IntegerSet([2]) }, { origin: 0 }];

/** An android-key statement: the leaf certifies and signs with `attestationKey` (default: the credential key). */
function minted(d: Description, attestationKey = credential): AttestationInput {
  const description = new NonStandardKeyDescription({
    attestationVersion: 3,
    attestationSecurityLevel: 1,
    keymasterVersion: 4,
    keymasterSecurityLevel: 1,
    attestationChallenge: new OctetString(d.challenge ?? base.clientDataHash),
    uniqueId: new OctetString(0),
    softwareEnforced: list(d.software ?? []),
    teeEnforced: list(d.tee ?? SIGN_GENERATED),
  });
  const cert = mintCertificate({
    subject: [['2.5.4.3', 'Android Keystore Key']],
    subjectPublicKey: attestationKey.publicKey,
    extensions: [extension(OID_ANDROID_KEY_DESCRIPTION, description)],
  });
  const sig = sign('sha256', Buffer.concat([base.authData, base.clientDataHash]), attestationKey.privateKey);
  return {
    ...base,
    credentialPublicKey,
    attStmt: new Map<unknown, unknown>([
      ['alg', -7],
      ['sig', sig],
      ['x5c', [cert.der]],
    ]),
  };
}

describe('android-key attestation: negative (§8.4)', () => {
  it('accepts a minted statement meeting every step', () => {
    assert.equal(verifyAndroidKey(minted({})).type, 'Basic');
  });
  it('step 1: rejects a missing x5c, alg or sig', () => {
    for (const key of ['x5c', 'alg', 'sig'])
      assert.throws(() => verifyAndroidKey(withStmt(base, key, undefined)), code('attestation_invalid'), key);
  });
  it('step 2: rejects a changed signature or signed data', () => {
    assert.throws(
      () => verifyAndroidKey(withStmt(base, 'sig', flipBit(base.attStmt.get('sig') as Uint8Array, -1))),
      code('attestation_invalid'),
    );
    assert.throws(
      () => verifyAndroidKey({ ...base, authData: flipBit(base.authData, 33) }),
      code('attestation_invalid'),
    );
  });
  it('step 3: rejects a certificate whose key is not the credential key', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    assert.throws(
      () => verifyAndroidKey(minted({}, other)),
      code('attestation_invalid', /credential public key/),
    );
  });
  it('step 4: rejects an attestationChallenge that is not the clientDataHash', () => {
    assert.throws(
      () => verifyAndroidKey(minted({ challenge: flipBit(base.clientDataHash, 0) })),
      code('attestation_invalid', /attestationChallenge/),
    );
  });
  it('step 4: rejects a certificate without the key description extension', () => {
    const cert = mintCertificate({ subjectPublicKey: credential.publicKey });
    assert.throws(
      () => verifyAndroidKey(withStmt(minted({}), 'x5c', [cert.der])),
      code('attestation_invalid'),
    );
  });
  it('step 5: rejects allApplications in teeEnforced or in softwareEnforced', () => {
    assert.throws(
      () => verifyAndroidKey(minted({ tee: [...SIGN_GENERATED, { allApplications: null }] })),
      code('attestation_invalid', /allApplications/),
    );
    assert.throws(
      () => verifyAndroidKey(minted({ software: [{ allApplications: null }] })),
      code('attestation_invalid', /allApplications/),
    );
  });
  it('step 5: rejects an origin other than KM_ORIGIN_GENERATED and a purpose without KM_PURPOSE_SIGN', () => {
    assert.throws(
      () => verifyAndroidKey(minted({ tee: [{ purpose: new IntegerSet([2]) }, { origin: 2 }] })),
      code('attestation_invalid', /origin/),
    );
    assert.throws(
      () => verifyAndroidKey(minted({ tee: [{ purpose: new IntegerSet([0, 3]) }, { origin: 0 }] })),
      code('attestation_invalid', /purpose/),
    );
    assert.throws(() => verifyAndroidKey(minted({ tee: [] })), code('attestation_invalid'));
  });
  it('step 5: the union of both lists by default; teeEnforced only when the RP asks for TEE keys', () => {
    const softwareKey = minted({ tee: [], software: SIGN_GENERATED });
    assert.equal(verifyAndroidKey(softwareKey).type, 'Basic');
    const teeOnly = {
      ...softwareKey,
      expected: { ...softwareKey.expected, androidKeyTeeEnforcedOnly: true },
    };
    assert.throws(() => verifyAndroidKey(teeOnly), code('attestation_invalid', /teeEnforced/));
    const teeKey = minted({});
    const teeKeyTeeOnly: AndroidKeyExpectations = { ...teeKey.expected, androidKeyTeeEnforcedOnly: true };
    assert.equal(verifyAndroidKey({ ...teeKey, expected: teeKeyTeeOnly }).type, 'Basic');
  });
});
