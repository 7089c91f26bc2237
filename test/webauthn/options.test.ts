// Options builders: PublicKeyCredentialCreationOptionsJSON / PublicKeyCredentialRequestOptionsJSON shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateAuthenticationOptions, generateRegistrationOptions } from '../../src/webauthn/options.js';
import { WebAuthnError } from '../../src/webauthn/errors.js';

const counting = (): ((n: number) => Uint8Array) => {
  let next = 0;
  return (n) => Uint8Array.from({ length: n }, () => next++ & 0xff);
};

test('registration options: defaults for passkeys', () => {
  const o = generateRegistrationOptions({
    rpName: 'Example',
    rpId: 'example.com',
    userName: 'alice',
    randomBytes: counting(),
  });
  assert.deepEqual(o.rp, { name: 'Example', id: 'example.com' });
  assert.equal(o.user.name, 'alice');
  assert.equal(o.user.displayName, 'alice');
  assert.equal(Buffer.from(o.user.id, 'base64url').length, 32);
  assert.equal(Buffer.from(o.challenge, 'base64url').length, 32);
  assert.notEqual(o.user.id, o.challenge);
  assert.deepEqual(
    o.pubKeyCredParams.map((p) => p.alg),
    [-7, -8, -35, -36, -37, -257, -38, -39, -258, -259, -53],
  );
  assert.ok(o.pubKeyCredParams.every((p) => p.type === 'public-key'));
  assert.deepEqual(o.authenticatorSelection, {
    residentKey: 'required',
    requireResidentKey: true,
    userVerification: 'required',
  });
  assert.equal(o.attestation, 'none');
  assert.deepEqual(o.extensions, { credProps: true });
  assert.deepEqual(o.excludeCredentials, []);
  assert.equal(o.timeout, 300000);
  assert.equal('hints' in o, false);
  // what a browser or Credential Manager receives is plain JSON
  assert.deepEqual(JSON.parse(JSON.stringify(o)), o);
});

test('registration options: caller choices', () => {
  const o = generateRegistrationOptions({
    rpName: 'Example',
    rpId: 'example.com',
    userName: 'alice@example.com',
    userDisplayName: 'Alice',
    userId: new Uint8Array(16).fill(9),
    challenge: 'AAAAAAAAAAAAAAAAAAAAAA',
    excludeCredentials: [{ id: 'AQID', transports: ['internal', 'hybrid'] }, { id: new Uint8Array([4, 5]) }],
    authenticatorSelection: { authenticatorAttachment: 'platform' },
    residentKey: 'preferred',
    userVerification: 'preferred',
    attestation: 'direct',
    algorithms: [-7, -48],
    hints: ['client-device'],
    timeout: 60000,
  });
  assert.equal(o.user.id, Buffer.alloc(16, 9).toString('base64url'));
  assert.equal(o.challenge, 'AAAAAAAAAAAAAAAAAAAAAA');
  assert.deepEqual(o.excludeCredentials, [
    { type: 'public-key', id: 'AQID', transports: ['internal', 'hybrid'] },
    { type: 'public-key', id: 'BAU' },
  ]);
  assert.deepEqual(o.authenticatorSelection, {
    authenticatorAttachment: 'platform',
    residentKey: 'preferred',
    requireResidentKey: false,
    userVerification: 'preferred',
  });
  assert.deepEqual(o.pubKeyCredParams, [
    { type: 'public-key', alg: -7 },
    { type: 'public-key', alg: -48 },
  ]);
  assert.deepEqual(o.hints, ['client-device']);
  assert.equal(o.attestation, 'direct');
});

test('short challenges and oversized user handles are refused', () => {
  const base = { rpName: 'E', rpId: 'example.com', userName: 'a' };
  assert.throws(() => generateRegistrationOptions({ ...base, challenge: new Uint8Array(15) }), WebAuthnError);
  assert.throws(() => generateRegistrationOptions({ ...base, userId: new Uint8Array(65) }), WebAuthnError);
  assert.throws(
    () => generateAuthenticationOptions({ rpId: 'example.com', challenge: 'AAAA' }),
    WebAuthnError,
  );
});

test('authentication options', () => {
  const o = generateAuthenticationOptions({
    rpId: 'example.com',
    allowCredentials: [{ id: 'AQID', transports: ['usb'] }],
    randomBytes: counting(),
  });
  assert.deepEqual(o, {
    challenge: Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('base64url'),
    timeout: 300000,
    rpId: 'example.com',
    allowCredentials: [{ type: 'public-key', id: 'AQID', transports: ['usb'] }],
    userVerification: 'required',
  });
  const d = generateAuthenticationOptions({
    rpId: 'example.com',
    userVerification: 'preferred',
    hints: ['hybrid'],
  });
  assert.equal(Buffer.from(d.challenge, 'base64url').length, 32);
  assert.deepEqual(d.allowCredentials, []);
  assert.deepEqual(d.hints, ['hybrid']);
});
