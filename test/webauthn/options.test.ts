// Options builders: PublicKeyCredentialCreationOptionsJSON / PublicKeyCredentialRequestOptionsJSON shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialHint,
} from '../../packages/webauthn/src/options.js';
import { WebAuthnError } from '../../packages/webauthn/src/errors.js';
import {
  creationOptionsProblem,
  requestOptionsProblem,
} from '../../packages/credential-manager/src/webauthn-format.js';

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

// ---- WebAuthn L3 §5.1.10 JSON dictionaries, member by member, as a browser's parse*OptionsFromJSON converts them.
// Each member: [required, type check]. A member the IDL does not name would be dropped silently by WebIDL, so
// the builders must not emit one (it would be a misspelt option).
type Member = [required: boolean, ok: (v: unknown) => boolean];
type Dictionary = Record<string, Member>;

const isString = (v: unknown) => typeof v === 'string';
const isB64u = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9_-]+$/.test(v) && v.length % 4 !== 1;
const isUnsignedLong = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < 2 ** 32;
const isLong = (v: unknown) => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31;
const oneOf =
  (...values: string[]) =>
  (v: unknown) =>
    typeof v === 'string' && values.includes(v);
const dict = (d: Dictionary) => (v: unknown) => conforms(v, d) === null;
const sequence = (ok: (v: unknown) => boolean) => (v: unknown) => Array.isArray(v) && v.every(ok);

const DESCRIPTOR: Dictionary = {
  type: [true, oneOf('public-key')],
  id: [true, isB64u],
  transports: [false, sequence(oneOf('usb', 'nfc', 'ble', 'smart-card', 'hybrid', 'internal'))],
};
const HINTS = sequence(oneOf('security-key', 'client-device', 'hybrid'));
const EXTENSIONS = dict({ credProps: [false, (v) => typeof v === 'boolean'] });
const USER_VERIFICATION = oneOf('required', 'preferred', 'discouraged');
const CREATION: Dictionary = {
  rp: [true, dict({ name: [true, isString], id: [false, isString] })],
  user: [true, dict({ id: [true, isB64u], name: [true, isString], displayName: [true, isString] })],
  challenge: [true, isB64u],
  pubKeyCredParams: [true, sequence(dict({ type: [true, oneOf('public-key')], alg: [true, isLong] }))],
  timeout: [false, isUnsignedLong],
  excludeCredentials: [false, sequence(dict(DESCRIPTOR))],
  authenticatorSelection: [
    false,
    dict({
      authenticatorAttachment: [false, oneOf('platform', 'cross-platform')],
      residentKey: [false, oneOf('required', 'preferred', 'discouraged')],
      requireResidentKey: [false, (v) => typeof v === 'boolean'],
      userVerification: [false, USER_VERIFICATION],
    }),
  ],
  hints: [false, HINTS],
  attestation: [false, oneOf('none', 'indirect', 'direct', 'enterprise')],
  attestationFormats: [false, sequence(isString)],
  extensions: [false, EXTENSIONS],
};
const REQUEST: Dictionary = {
  challenge: [true, isB64u],
  timeout: [false, isUnsignedLong],
  rpId: [false, isString],
  allowCredentials: [false, sequence(dict(DESCRIPTOR))],
  userVerification: [false, USER_VERIFICATION],
  hints: [false, HINTS],
  extensions: [false, EXTENSIONS],
};

/** null when `value` conforms to `d`, else the first offending member. */
function conforms(value: unknown, d: Dictionary): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return '(not a dictionary)';
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (!(key in d)) return `${key} (not in the IDL)`;
  for (const [key, [required, ok]] of Object.entries(d)) {
    if (v[key] === undefined) {
      if (required) return `${key} (required)`;
    } else if (!ok(v[key])) return key;
  }
  return null;
}

test('the checker itself rejects what a browser would not take', () => {
  const o = generateRegistrationOptions({ rpName: 'E', rpId: 'example.com', userName: 'a' });
  assert.equal(
    conforms({ ...o, userVerification: 'required' }, CREATION),
    'userVerification (not in the IDL)',
  );
  assert.equal(conforms({ ...o, challenge: o.challenge + '=' }, CREATION), 'challenge');
  assert.equal(conforms({ ...o, user: { ...o.user, displayName: undefined } }, CREATION), 'user');
  assert.equal(conforms({ ...o, timeout: -1 }, CREATION), 'timeout');
});

test('builder output is a PublicKeyCredentialCreationOptionsJSON / RequestOptionsJSON, member for member', () => {
  const minimal = generateRegistrationOptions({ rpName: 'E', rpId: 'example.com', userName: 'a' });
  const full = generateRegistrationOptions({
    rpName: 'Example',
    rpId: 'example.com',
    userName: 'alice',
    userDisplayName: 'Alice',
    excludeCredentials: [{ id: 'AQID', transports: ['internal', 'hybrid'] }],
    authenticatorSelection: { authenticatorAttachment: 'cross-platform' },
    residentKey: 'discouraged',
    attestation: 'direct',
    attestationFormats: ['packed', 'tpm'],
    hints: ['security-key'],
  });
  for (const o of [minimal, full]) assert.equal(conforms(JSON.parse(JSON.stringify(o)), CREATION), null);
  const request = generateAuthenticationOptions({
    rpId: 'example.com',
    allowCredentials: [{ id: 'AQID', transports: ['usb', 'nfc'] }],
    hints: ['client-device'],
    extensions: { credProps: true },
  });
  assert.equal(conforms(JSON.parse(JSON.stringify(request)), REQUEST), null);
  assert.equal(conforms(generateAuthenticationOptions({ rpId: 'example.com' }), REQUEST), null);
  // the Credential Manager model's requestJson checks accept them too
  for (const o of [minimal, full]) assert.equal(creationOptionsProblem(JSON.stringify(o)), null);
  assert.equal(requestOptionsProblem(JSON.stringify(request)), null);
});

test('user.id is 1-64 bytes and the challenge at least 16 bytes, at the boundaries', () => {
  const base = { rpName: 'E', rpId: 'example.com', userName: 'a' };
  const fails = (f: () => unknown) =>
    assert.throws(f, (e: unknown) => e instanceof WebAuthnError && e.code === 'malformed_input');
  fails(() => generateRegistrationOptions({ ...base, userId: new Uint8Array(0) }));
  fails(() => generateRegistrationOptions({ ...base, userId: '' }));
  assert.equal(generateRegistrationOptions({ ...base, userId: new Uint8Array(1) }).user.id, 'AA');
  const u64 = generateRegistrationOptions({ ...base, userId: new Uint8Array(64).fill(1) });
  assert.equal(Buffer.from(u64.user.id, 'base64url').length, 64);
  fails(() => generateRegistrationOptions({ ...base, userId: new Uint8Array(65) }));
  const c16 = generateRegistrationOptions({ ...base, challenge: new Uint8Array(16) });
  assert.equal(Buffer.from(c16.challenge, 'base64url').length, 16);
  fails(() => generateRegistrationOptions({ ...base, challenge: new Uint8Array(15) }));
  fails(() => generateAuthenticationOptions({ rpId: 'example.com', challenge: new Uint8Array(15) }));
  // a random source that under-delivers cannot slip a short challenge through
  fails(() => generateAuthenticationOptions({ rpId: 'example.com', randomBytes: () => new Uint8Array(8) }));
});

test('passkeys: resident key required unless the caller asks otherwise, requireResidentKey kept consistent', () => {
  const base = { rpName: 'E', rpId: 'example.com', userName: 'a' };
  const selection = (input: Partial<Parameters<typeof generateRegistrationOptions>[0]>) =>
    generateRegistrationOptions({ ...base, ...input }).authenticatorSelection;
  assert.equal(selection({}).residentKey, 'required');
  assert.equal(selection({}).requireResidentKey, true);
  // an L2-style requireResidentKey: false alone does not weaken the passkey default
  assert.equal(selection({ authenticatorSelection: { requireResidentKey: false } }).requireResidentKey, true);
  assert.deepEqual(
    [
      selection({ residentKey: 'preferred' }).residentKey,
      selection({ residentKey: 'preferred' }).requireResidentKey,
    ],
    ['preferred', false],
  );
});

test('hints (§5.8.7): an unknown or repeated hint is malformed_input, in both builders', () => {
  const base = { rpName: 'Example', rpId: 'example.com', userName: 'alice' };
  for (const hints of [['security-keys'], ['hybrid', 'hybrid']] as unknown as PublicKeyCredentialHint[][]) {
    assert.throws(() => generateRegistrationOptions({ ...base, hints }), { code: 'malformed_input' });
    assert.throws(() => generateAuthenticationOptions({ rpId: 'example.com', hints }), {
      code: 'malformed_input',
    });
  }
  const ordered = generateRegistrationOptions({ ...base, hints: ['security-key', 'hybrid'] });
  assert.deepEqual(ordered.hints, ['security-key', 'hybrid']);
});
