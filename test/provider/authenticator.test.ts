// The software authenticator produces genuine WebAuthn: every response verifies with @simplewebauthn/server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { decode } from 'cborg';
import { SoftwareAuthenticator } from '../../packages/provider/src/authenticator.js';
import { isAuthenticatorError } from '../../packages/provider/src/errors.js';
import type { PublicKeyCredentialCreationOptionsJSON } from '../../packages/provider/src/types.js';

const RP_ID = 'example.com';
const ORIGIN = 'https://example.com';
const b64 = (n: number): string => randomBytes(n).toString('base64url');

function creationOptions(
  over: Partial<PublicKeyCredentialCreationOptionsJSON> = {},
): PublicKeyCredentialCreationOptionsJSON {
  return {
    rp: { id: RP_ID, name: 'Example' },
    user: { id: b64(16), name: 'alice@example.com', displayName: 'Alice' },
    challenge: b64(32),
    pubKeyCredParams: [
      { type: 'public-key', alg: -7 },
      { type: 'public-key', alg: -257 },
    ],
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    extensions: { credProps: true },
    ...over,
  };
}

async function register(auth: SoftwareAuthenticator, options = creationOptions(), origin = ORIGIN) {
  const { response, credentialId } = auth.createCredential(options, { origin });
  const verification = await verifyRegistrationResponse({
    response: response as never,
    expectedChallenge: options.challenge,
    expectedOrigin: origin,
    expectedRPID: RP_ID,
    requireUserVerification: false,
  });
  assert.equal(verification.verified, true);
  return { response, credentialId, info: verification.registrationInfo!, options };
}

describe('SoftwareAuthenticator registration', () => {
  for (const alg of [-7, -8, -257]) {
    it(`creates a verifiable credential with COSE algorithm ${alg}`, async () => {
      const auth = new SoftwareAuthenticator();
      const { response, info } = await register(
        auth,
        creationOptions({ pubKeyCredParams: [{ type: 'public-key', alg }] }),
      );
      assert.equal(response.response.publicKeyAlgorithm, alg);
      assert.equal(info.fmt, 'none');
      assert.equal(info.credentialDeviceType, 'multiDevice');
      assert.equal(info.credentialBackedUp, true);
      assert.equal(info.userVerified, true);
      assert.equal(info.aaguid, '00000000-0000-0000-0000-000000000000');
      assert.deepEqual(response.response.transports, ['internal', 'hybrid']);
      assert.deepEqual(response.clientExtensionResults, { credProps: { rk: true } });
    });
  }

  it('picks the first supported algorithm of pubKeyCredParams', () => {
    const auth = new SoftwareAuthenticator();
    const { response } = auth.createCredential(
      creationOptions({
        pubKeyCredParams: [
          { type: 'public-key', alg: -48 },
          { type: 'public-key', alg: -8 },
          { type: 'public-key', alg: -7 },
        ],
      }),
      { origin: ORIGIN },
    );
    assert.equal(response.response.publicKeyAlgorithm, -8);
    assert.throws(
      () =>
        auth.createCredential(creationOptions({ pubKeyCredParams: [{ type: 'public-key', alg: -48 }] }), {
          origin: ORIGIN,
        }),
      (e) => isAuthenticatorError(e, 'NotSupportedError'),
    );
  });

  it('produces packed self attestation that verifies', async () => {
    const aaguid = new Uint8Array(randomBytes(16));
    const auth = new SoftwareAuthenticator({ attestation: 'packed', aaguid });
    for (const alg of [-7, -8, -257]) {
      const { info } = await register(
        auth,
        creationOptions({ attestation: 'direct', pubKeyCredParams: [{ type: 'public-key', alg }] }),
      );
      assert.equal(info.fmt, 'packed');
      assert.equal(info.aaguid.replaceAll('-', ''), Buffer.from(aaguid).toString('hex'));
      const attObj = decode(Buffer.from((info as { attestationObject: Uint8Array }).attestationObject)) as {
        attStmt: { alg: number; x5c?: unknown };
      };
      assert.equal(attObj.attStmt.alg, alg);
      assert.equal(attObj.attStmt.x5c, undefined);
    }
  });

  it('sets BE/BS as configured and UV per userVerification', async () => {
    const auth = new SoftwareAuthenticator({ backupEligible: true, backedUp: false });
    const { info } = await register(
      auth,
      creationOptions({ authenticatorSelection: { userVerification: 'discouraged' } }),
    );
    assert.equal(info.credentialDeviceType, 'multiDevice');
    assert.equal(info.credentialBackedUp, false);
    assert.equal(info.userVerified, false);
    const single = new SoftwareAuthenticator({ backupEligible: false });
    const r = await register(single);
    assert.equal(r.info.credentialDeviceType, 'singleDevice');
  });

  it('refuses when it holds an excluded credential (InvalidStateError)', async () => {
    const auth = new SoftwareAuthenticator();
    const { credentialId } = await register(auth);
    const other = new SoftwareAuthenticator();
    const options = creationOptions({ excludeCredentials: [{ type: 'public-key', id: credentialId }] });
    assert.throws(
      () => auth.createCredential(options, { origin: ORIGIN }),
      (e) => isAuthenticatorError(e, 'InvalidStateError'),
    );
    assert.doesNotThrow(() => other.createCredential(options, { origin: ORIGIN }));
  });

  it('requires user verification when asked and unsupported (NotAllowedError)', () => {
    const auth = new SoftwareAuthenticator({ supportsUserVerification: false });
    assert.throws(
      () =>
        auth.createCredential(creationOptions({ authenticatorSelection: { userVerification: 'required' } }), {
          origin: ORIGIN,
        }),
      (e) => isAuthenticatorError(e, 'NotAllowedError'),
    );
  });

  it('rejects user.id outside 1..64 bytes and a bad challenge (DataError), and a foreign rp.id (SecurityError)', () => {
    const auth = new SoftwareAuthenticator();
    const bad = (o: Partial<PublicKeyCredentialCreationOptionsJSON>, name: string, origin = ORIGIN) =>
      assert.throws(
        () => auth.createCredential(creationOptions(o), { origin }),
        (e) => isAuthenticatorError(e, name as never),
      );
    bad({ user: { id: '', name: 'a', displayName: 'a' } }, 'DataError');
    bad({ user: { id: b64(65), name: 'a', displayName: 'a' } }, 'DataError');
    bad({ challenge: 'not base64url!' }, 'DataError');
    bad({}, 'SecurityError', 'https://evil.example');
    bad({}, 'SecurityError', 'https://notexample.com');
    assert.doesNotThrow(() =>
      auth.createCredential(creationOptions(), { origin: 'https://login.example.com' }),
    );
    assert.equal(auth.credentials().length, 1);
  });

  it('carries androidPackageName and an apk-key-hash origin in clientDataJSON', async () => {
    const auth = new SoftwareAuthenticator();
    const origin = `android:apk-key-hash:${b64(32)}`;
    const options = creationOptions();
    const { response } = auth.createCredential(options, { origin, androidPackageName: 'com.example.app' });
    const clientData = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString());
    assert.deepEqual(clientData, {
      type: 'webauthn.create',
      challenge: options.challenge,
      origin,
      crossOrigin: false,
      androidPackageName: 'com.example.app',
    });
    const v = await verifyRegistrationResponse({
      response: response as never,
      expectedChallenge: options.challenge,
      expectedOrigin: origin,
      expectedRPID: RP_ID,
    });
    assert.equal(v.verified, true);
  });
});

describe('SoftwareAuthenticator authentication', () => {
  async function signIn(
    auth: SoftwareAuthenticator,
    reg: Awaited<ReturnType<typeof register>>,
    allow: string[] = [],
    counter = 0,
  ) {
    const challenge = b64(32);
    const response = auth.getAssertion(
      {
        challenge,
        rpId: RP_ID,
        allowCredentials: allow.map((id) => ({ type: 'public-key', id })),
        userVerification: 'preferred',
      },
      { origin: ORIGIN },
    );
    const v = await verifyAuthenticationResponse({
      response: response as never,
      expectedChallenge: challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential: { id: reg.info.credential.id, publicKey: reg.info.credential.publicKey, counter },
    });
    assert.equal(v.verified, true);
    return { response, info: v.authenticationInfo };
  }

  for (const alg of [-7, -8, -257]) {
    it(`signs a verifiable assertion with COSE algorithm ${alg}`, async () => {
      const auth = new SoftwareAuthenticator();
      const reg = await register(auth, creationOptions({ pubKeyCredParams: [{ type: 'public-key', alg }] }));
      const { response, info } = await signIn(auth, reg);
      assert.equal(response.id, reg.credentialId);
      assert.equal(response.response.userHandle, reg.options.user.id);
      assert.equal(info.newCounter, 0);
      assert.equal(info.userVerified, true);
      assert.equal(info.credentialBackedUp, true);
    });
  }

  it('discoverable: picks the given credential, else the most recent; honours allowCredentials', async () => {
    let t = 1000;
    const auth = new SoftwareAuthenticator({ now: () => t++ });
    const first = await register(auth);
    const second = await register(auth);
    assert.equal((await signIn(auth, second)).response.id, second.credentialId);
    assert.equal((await signIn(auth, first, [first.credentialId])).response.id, first.credentialId);
    const chosen = auth.getAssertion(
      { challenge: b64(32), rpId: RP_ID },
      { origin: ORIGIN, credentialId: first.credentialId },
    );
    assert.equal(chosen.id, first.credentialId);
    assert.throws(
      () =>
        auth.getAssertion(
          { challenge: b64(32), rpId: RP_ID, allowCredentials: [{ type: 'public-key', id: b64(32) }] },
          { origin: ORIGIN },
        ),
      (e) => isAuthenticatorError(e, 'NotAllowedError'),
    );
  });

  it('never offers a hidden credential', async () => {
    const auth = new SoftwareAuthenticator();
    const reg = await register(auth);
    auth.store.update(reg.credentialId, { hidden: true });
    assert.throws(
      () => auth.getAssertion({ challenge: b64(32), rpId: RP_ID }, { origin: ORIGIN }),
      (e) => isAuthenticatorError(e, 'NotAllowedError'),
    );
    auth.store.update(reg.credentialId, { hidden: false });
    await signIn(auth, reg);
  });

  it('increments the counter when configured, and survives an exported state', async () => {
    const auth = new SoftwareAuthenticator({ signCounter: 'increment', backupEligible: false });
    const reg = await register(auth);
    assert.equal((await signIn(auth, reg, [], 0)).info.newCounter, 1);
    const restored = new SoftwareAuthenticator({
      signCounter: 'increment',
      backupEligible: false,
      state: JSON.parse(JSON.stringify(auth.exportState())),
    });
    const { info } = await signIn(restored, reg, [], 1);
    assert.equal(info.newCounter, 2);
    assert.equal(info.credentialDeviceType, 'singleDevice');
  });

  it("signs a privileged caller's clientDataHash as is", () => {
    const auth = new SoftwareAuthenticator();
    const { response: reg } = auth.createCredential(creationOptions(), { origin: ORIGIN });
    const clientDataHash = new Uint8Array(randomBytes(32));
    const r = auth.getAssertion({ challenge: b64(32), rpId: RP_ID }, { origin: ORIGIN, clientDataHash });
    assert.equal(r.response.clientDataJSON, '');
    const key = createPublicKey({
      key: Buffer.from(reg.response.publicKey!, 'base64url'),
      format: 'der',
      type: 'spki',
    });
    const signed = Buffer.concat([Buffer.from(r.response.authenticatorData, 'base64url'), clientDataHash]);
    assert.equal(verify('sha256', signed, key, Buffer.from(r.response.signature, 'base64url')), true);
    assert.equal(
      verify(
        'sha256',
        Buffer.concat([signed, Buffer.from([0])]),
        key,
        Buffer.from(r.response.signature, 'base64url'),
      ),
      false,
    );
  });
});
