// base64url, options JSON → binary options, and credential → JSON, in Node (no browser statics: the hand path).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { base64urlDecode, base64urlEncode } from '../../packages/browser/src/base64url.js';
import { toCreationOptions, toRequestOptions } from '../../packages/browser/src/options-json.js';
import { credentialToJSON } from '../../packages/browser/src/credential-json.js';

const bytes = (...b: number[]) => new Uint8Array(b);

test('base64url matches Node for random lengths, both ways', () => {
  for (let n = 0; n < 70; n++) {
    const data = randomBytes(n);
    const encoded = base64urlEncode(data);
    assert.equal(encoded, data.toString('base64url'));
    assert.deepEqual(new Uint8Array(base64urlDecode(encoded)), new Uint8Array(data));
  }
});

test('base64url encodes an ArrayBuffer and a view into a larger buffer', () => {
  const big = bytes(0, 0xfb, 0xff, 0xbf, 9);
  assert.equal(base64urlEncode(big.buffer), 'APv_vwk');
  assert.equal(base64urlEncode(big.subarray(1, 4)), '-_-_');
});

test('base64url decode accepts padding and rejects other alphabets', () => {
  assert.deepEqual(new Uint8Array(base64urlDecode('AQ==')), bytes(1));
  assert.throws(() => base64urlDecode('a+b/'), TypeError);
  assert.throws(() => base64urlDecode('abcde'), TypeError);
});

test('creation options: binary members decoded by hand, the rest kept', () => {
  const json = {
    rp: { id: 'localhost', name: 'credkit' },
    user: { id: 'AQID', name: 'alice', displayName: 'Alice' },
    challenge: '-_-_',
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    excludeCredentials: [{ id: 'BAU', type: 'public-key', transports: ['internal'] }],
    authenticatorSelection: { residentKey: 'required' },
    hints: ['client-device'],
  };
  const o = toCreationOptions(json, undefined);
  assert.deepEqual(new Uint8Array(o.challenge as ArrayBuffer), bytes(0xfb, 0xff, 0xbf));
  assert.deepEqual(new Uint8Array(o.user.id as ArrayBuffer), bytes(1, 2, 3));
  assert.equal(o.user.name, 'alice');
  assert.deepEqual(new Uint8Array(o.excludeCredentials![0].id as ArrayBuffer), bytes(4, 5));
  assert.deepEqual(o.excludeCredentials![0].transports, ['internal']);
  assert.deepEqual(o.authenticatorSelection, { residentKey: 'required' });
  assert.deepEqual((o as unknown as { hints: string[] }).hints, ['client-device']);
  assert.equal(json.challenge, '-_-_', 'input not mutated');
});

test('request options: challenge and allowCredentials decoded; empty list kept empty', () => {
  const o = toRequestOptions(
    { challenge: 'AQ', rpId: 'localhost', allowCredentials: [{ id: 'Ag', type: 'public-key' }] },
    undefined,
  );
  assert.deepEqual(new Uint8Array(o.challenge as ArrayBuffer), bytes(1));
  assert.deepEqual(new Uint8Array(o.allowCredentials![0].id as ArrayBuffer), bytes(2));
  assert.deepEqual(
    toRequestOptions({ challenge: 'AQ', allowCredentials: [] }, undefined).allowCredentials,
    [],
  );
});

test("the browser's parse*FromJSON is preferred when present", () => {
  const seen: unknown[] = [];
  const statics = {
    parseCreationOptionsFromJSON: (j: unknown) => (seen.push(j), { native: 'create' }),
    parseRequestOptionsFromJSON: (j: unknown) => (seen.push(j), { native: 'get' }),
  } as never;
  const create = {
    rp: { name: 'x' },
    user: { id: 'AA', name: 'a', displayName: 'a' },
    challenge: 'AA',
    pubKeyCredParams: [],
  };
  assert.deepEqual(toCreationOptions(create, statics), { native: 'create' });
  assert.deepEqual(toRequestOptions({ challenge: 'AA' }, statics), { native: 'get' });
  assert.equal(seen[0], create);
});

test('registration credential encoded by hand as RegistrationResponseJSON', () => {
  const json = credentialToJSON({
    id: 'AQI',
    rawId: bytes(1, 2).buffer,
    type: 'public-key',
    authenticatorAttachment: 'platform',
    getClientExtensionResults: () => ({
      credProps: { rk: true },
      prf: { results: { first: bytes(9).buffer } },
    }),
    response: {
      clientDataJSON: bytes(0x7b, 0x7d).buffer,
      attestationObject: bytes(0xa0).buffer,
      getTransports: () => ['internal', 'hybrid'],
      getAuthenticatorData: () => bytes(5, 6).buffer,
      getPublicKey: () => bytes(7).buffer,
      getPublicKeyAlgorithm: () => -7,
    },
  });
  assert.deepEqual(json, {
    id: 'AQI',
    rawId: 'AQI',
    type: 'public-key',
    authenticatorAttachment: 'platform',
    clientExtensionResults: { credProps: { rk: true }, prf: { results: { first: 'CQ' } } },
    response: {
      clientDataJSON: 'e30',
      attestationObject: 'oA',
      authenticatorData: 'BQY',
      transports: ['internal', 'hybrid'],
      publicKey: 'Bw',
      publicKeyAlgorithm: -7,
    },
  });
});

test('assertion credential encoded by hand; null userHandle omitted; toJSON() preferred', () => {
  const base = {
    id: 'AQ',
    rawId: bytes(1).buffer,
    type: 'public-key',
    response: {
      clientDataJSON: bytes(1).buffer,
      authenticatorData: bytes(2).buffer,
      signature: bytes(3).buffer,
      userHandle: bytes(4).buffer,
    },
  };
  assert.deepEqual(credentialToJSON(base).response, {
    clientDataJSON: 'AQ',
    authenticatorData: 'Ag',
    signature: 'Aw',
    userHandle: 'BA',
  });
  assert.equal(credentialToJSON(base).authenticatorAttachment, null);
  const noHandle = credentialToJSON({ ...base, response: { ...base.response, userHandle: null } });
  assert.equal('userHandle' in noHandle.response, false);
  assert.deepEqual(credentialToJSON({ ...base, toJSON: () => ({ native: true }) }), { native: true });
  assert.throws(
    () => credentialToJSON({ ...base, response: { clientDataJSON: bytes(1).buffer } }),
    TypeError,
  );
});
