// The software authenticator against credkit's own verification core (verifyRegistration §7.1,
// verifyAuthentication §7.2): every algorithm and attestation mode, and tampering is caught.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { SoftwareAuthenticator } from '../../packages/provider/src/authenticator.js';
import { verifyAuthentication, verifyRegistration } from '../../packages/webauthn/src/index.js';
import { WebAuthnError } from '../../packages/webauthn/src/errors.js';
import { KEY_ALGORITHMS } from '../../packages/provider/src/keys.js';
import { mintCertificate, PACKED_SUBJECT } from '../webauthn/attestation-certs.js';

const ORIGIN = 'https://example.com';
const b64 = (n: number): string => randomBytes(n).toString('base64url');

function options(alg: number, attestation = 'none') {
  return {
    rp: { id: 'example.com', name: 'Example' },
    user: { id: b64(16), name: 'alice', displayName: 'Alice' },
    challenge: b64(32),
    pubKeyCredParams: [{ type: 'public-key', alg }],
    attestation,
  };
}

describe('SoftwareAuthenticator with credkit/webauthn', () => {
  for (const alg of [-7, -8, -257]) {
    for (const mode of ['none', 'packed'] as const) {
      it(`registers and authenticates with alg ${alg}, attestation ${mode}`, () => {
        const auth = new SoftwareAuthenticator({ attestation: mode, signCounter: 'increment' });
        const o = options(alg, mode === 'packed' ? 'direct' : 'none');
        const { response } = auth.createCredential(o, { origin: ORIGIN });
        const reg = verifyRegistration({
          response,
          expected: { challenge: o.challenge, origins: ORIGIN, rpId: 'example.com' },
        });
        assert.equal(reg.registrationInfo.fmt, mode);
        assert.equal(reg.registrationInfo.attestationType, mode === 'packed' ? 'Self' : 'None');
        assert.equal(reg.registrationInfo.credential.algorithm, alg);
        assert.equal(reg.registrationInfo.backupEligible, true);

        const challenge = b64(32);
        const assertion = auth.getAssertion({ challenge, rpId: 'example.com' }, { origin: ORIGIN });
        const credential = {
          id: reg.registrationInfo.credential.id,
          publicKey: reg.registrationInfo.credential.publicKey,
          counter: 0,
          userHandle: o.user.id,
        };
        const expected = { challenge, origins: ORIGIN, rpId: 'example.com' };
        const auth1 = verifyAuthentication({ response: assertion, expected, credential });
        assert.equal(auth1.authenticationInfo.newCounter, 1);

        // a flipped signature byte is a bad signature
        const sig = Buffer.from(assertion.response.signature, 'base64url');
        sig[sig.length - 5]! ^= 1;
        const forged = {
          ...assertion,
          response: { ...assertion.response, signature: sig.toString('base64url') },
        };
        assert.throws(
          () => verifyAuthentication({ response: forged, expected, credential }),
          (e) => e instanceof WebAuthnError,
        );
      });
    }
  }
});

describe('SoftwareAuthenticator full packed attestation (attestationCertificate)', () => {
  for (const keyType of ['ec', 'rsa', 'ed25519'] as const) {
    it(`signs with a ${keyType} attestation key; x5c chains to the given root`, () => {
      const root = mintCertificate({ subject: [['2.5.4.3', 'attestation root']], ca: true });
      const keyPair =
        keyType === 'ec'
          ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
          : keyType === 'rsa'
            ? generateKeyPairSync('rsa', { modulusLength: 2048 })
            : generateKeyPairSync('ed25519');
      const batch = mintCertificate({ subject: PACKED_SUBJECT, issuer: root, keyPair });
      const auth = new SoftwareAuthenticator({
        attestation: 'packed',
        attestationCertificate: { privateKey: keyPair.privateKey, x5c: [batch.der] },
      });
      const o = options(-7, 'direct');
      const { response } = auth.createCredential(o, { origin: ORIGIN });
      const reg = verifyRegistration({
        response,
        expected: { challenge: o.challenge, origins: ORIGIN, rpId: 'example.com', trustAnchors: [root.der] },
      });
      assert.equal(reg.registrationInfo.attestationType, 'Basic');
      assert.equal(reg.registrationInfo.attestationTrusted, true);
      // asked for "none", the same authenticator sends no attestation
      const none = auth.createCredential(options(-7, 'none'), { origin: ORIGIN });
      assert.match(
        Buffer.from(none.response.response.attestationObject, 'base64url').toString('latin1'),
        /none/,
      );
    });
  }
});

describe('SoftwareAuthenticator with `algorithms` (a security key with other keys)', () => {
  for (const alg of KEY_ALGORITHMS) {
    it(`makes alg ${alg} credentials (packed self attestation) that credkit/webauthn verifies`, () => {
      const auth = new SoftwareAuthenticator({ algorithms: KEY_ALGORITHMS, attestation: 'packed' });
      const o = options(alg, 'direct');
      const { response } = auth.createCredential(o, { origin: ORIGIN });
      const reg = verifyRegistration({
        response,
        expected: { challenge: o.challenge, origins: ORIGIN, rpId: 'example.com' },
      });
      assert.equal(reg.registrationInfo.credential.algorithm, alg);
      assert.equal(reg.registrationInfo.attestationType, 'Self');
      const challenge = b64(32);
      const assertion = auth.getAssertion({ challenge, rpId: 'example.com' }, { origin: ORIGIN });
      const credential = {
        id: reg.registrationInfo.credential.id,
        publicKey: reg.registrationInfo.credential.publicKey,
        counter: 0,
      };
      const expected = { challenge, origins: ORIGIN, rpId: 'example.com' };
      assert.equal(verifyAuthentication({ response: assertion, expected, credential }).verified, true);
    });
  }

  it('offers only ES256, EdDSA and RS256 by default, and refuses an unknown algorithm list', () => {
    assert.throws(
      () => new SoftwareAuthenticator().createCredential(options(-35), { origin: ORIGIN }),
      (e: Error) => e.name === 'NotSupportedError',
    );
    assert.throws(() => new SoftwareAuthenticator({ algorithms: [] }), RangeError);
    assert.throws(() => new SoftwareAuthenticator({ algorithms: [-48 as never] }), RangeError);
  });
});
