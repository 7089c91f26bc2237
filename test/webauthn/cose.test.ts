// COSE key parsing (strict kty/alg/crv/coordinates), import, signature verification for every algorithm, and
// the bounded key cache.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { encode } from 'cborg';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { parseCoseKey, coseKeyToKeyObject } from '../../packages/webauthn/src/cose.js';
import {
  verifySignature,
  verifySignatureAsync,
  verifySignatureOnce,
  verificationKeyFromKeyObject,
} from '../../packages/webauthn/src/signature.js';
import { KeyCache } from '../../packages/webauthn/src/key-cache.js';
import { WebAuthnError, type WebAuthnErrorCode } from '../../packages/webauthn/src/errors.js';

const data = Buffer.from('authenticatorData || clientDataHash');
const jwkBytes = (k: KeyObject, f: 'x' | 'y' | 'n' | 'e'): Buffer =>
  Buffer.from(k.export({ format: 'jwk' })[f]!, 'base64url');

function code(fn: () => unknown): WebAuthnErrorCode | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof WebAuthnError) return e.code;
    throw e;
  }
  return undefined;
}

function ec(alg: number, crv: number, curve: string, hashName: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
  const cose = encode(
    new Map<number, unknown>([
      [1, 2],
      [3, alg],
      [-1, crv],
      [-2, jwkBytes(publicKey, 'x')],
      [-3, jwkBytes(publicKey, 'y')],
    ]),
  );
  return { cose, sig: sign(hashName, data, privateKey), publicKey };
}

function okp(alg: number, crv: number, type: 'ed25519' | 'ed448') {
  const { publicKey, privateKey } = generateKeyPairSync(type as 'ed25519');
  const cose = encode(
    new Map<number, unknown>([
      [1, 1],
      [3, alg],
      [-1, crv],
      [-2, jwkBytes(publicKey, 'x')],
    ]),
  );
  return { cose, sig: sign(null, data, privateKey), publicKey };
}

const rsaPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
function rsa(alg: number, hashName: string, pss: boolean) {
  const cose = encode(
    new Map<number, unknown>([
      [1, 3],
      [3, alg],
      [-1, jwkBytes(rsaPair.publicKey, 'n')],
      [-2, jwkBytes(rsaPair.publicKey, 'e')],
    ]),
  );
  const key = pss
    ? { key: rsaPair.privateKey, padding: 6, saltLength: Number(hashName.slice(3)) / 8 }
    : rsaPair.privateKey;
  return { cose, sig: sign(hashName, data, key), publicKey: rsaPair.publicKey };
}

function mldsa(alg: number, impl: typeof ml_dsa44) {
  const { publicKey, secretKey } = impl.keygen();
  const cose = encode(
    new Map<number, unknown>([
      [1, 7],
      [3, alg],
      [-1, publicKey],
    ]),
  );
  return { cose, sig: impl.sign(data, secretKey), publicKey: undefined };
}

const CASES: [string, number, () => { cose: Uint8Array; sig: Uint8Array }][] = [
  ['ES256', -7, () => ec(-7, 1, 'P-256', 'sha256')],
  ['ES384', -35, () => ec(-35, 2, 'P-384', 'sha384')],
  ['ES512', -36, () => ec(-36, 3, 'P-521', 'sha512')],
  ['EdDSA (Ed25519)', -8, () => okp(-8, 6, 'ed25519')],
  ['EdDSA with crv Ed448', -8, () => okp(-8, 7, 'ed448')],
  ['Ed448', -53, () => okp(-53, 7, 'ed448')],
  ['RS256', -257, () => rsa(-257, 'sha256', false)],
  ['RS384', -258, () => rsa(-258, 'sha384', false)],
  ['RS512', -259, () => rsa(-259, 'sha512', false)],
  ['RS1', -65535, () => rsa(-65535, 'sha1', false)],
  ['PS256', -37, () => rsa(-37, 'sha256', true)],
  ['PS384', -38, () => rsa(-38, 'sha384', true)],
  ['PS512', -39, () => rsa(-39, 'sha512', true)],
  ['ML-DSA-44', -48, () => mldsa(-48, ml_dsa44)],
  ['ML-DSA-65', -49, () => mldsa(-49, ml_dsa65)],
  ['ML-DSA-87', -50, () => mldsa(-50, ml_dsa87)],
];

describe('verifySignature: every supported algorithm', () => {
  for (const [name, alg, make] of CASES) {
    test(name, async () => {
      const { cose, sig } = make();
      const key = parseCoseKey(cose);
      assert.equal(key.alg, alg);
      assert.equal(verifySignature(alg, key, data, sig), true);
      assert.equal(await verifySignatureAsync(alg, key, data, sig), true);
      const flipped = Buffer.from(sig);
      flipped[flipped.length >> 1] ^= 0x10;
      assert.equal(verifySignature(alg, key, data, flipped), false);
      assert.equal(await verifySignatureAsync(alg, key, data, flipped), false);
      assert.equal(verifySignature(alg, key, Buffer.from('other data'), sig), false);
      assert.equal(verifySignature(alg, key, data, sig.subarray(0, 10)), false);
      // the one-shot form (a new credential's self attestation) reaches the same verdicts without a KeyObject
      assert.equal(verifySignatureOnce(key, data, sig), true);
      assert.equal(verifySignatureOnce(key, data, flipped), false);
      assert.equal(verifySignatureOnce(key, data, sig.subarray(0, 10)), false);
    });
  }
});

describe('parseCoseKey is strict', () => {
  const p256 = ec(-7, 1, 'P-256', 'sha256');
  const base = (): Map<number, unknown> =>
    new Map<number, unknown>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, jwkBytes(p256.publicKey, 'x')],
      [-3, jwkBytes(p256.publicKey, 'y')],
    ]);
  const with_ = (label: number, value: unknown): Uint8Array => encode(base().set(label, value));
  const without = (label: number): Uint8Array => {
    const m = base();
    m.delete(label);
    return encode(m);
  };

  test('unknown or missing algorithm', () => {
    assert.equal(
      code(() => parseCoseKey(with_(3, -47))),
      'unsupported_algorithm',
    );
    assert.equal(
      code(() => parseCoseKey(without(3))),
      'public_key_invalid',
    );
  });
  test('kty does not fit alg', () =>
    assert.equal(
      code(() => parseCoseKey(with_(1, 3))),
      'public_key_invalid',
    ));
  test('ES256 on P-521 / EdDSA on X25519 / Ed448 alg on Ed25519', () => {
    assert.equal(
      code(() => parseCoseKey(with_(-1, 3))),
      'public_key_invalid',
    );
    const ed = okp(-8, 6, 'ed25519');
    const edMap = new Map<number, unknown>([
      [1, 1],
      [3, -8],
      [-1, 4],
      [-2, jwkBytes(ed.publicKey, 'x')],
    ]);
    assert.equal(
      code(() => parseCoseKey(encode(edMap))),
      'public_key_invalid',
    );
    assert.equal(
      code(() => parseCoseKey(encode(edMap.set(-1, 6).set(3, -53)))),
      'public_key_invalid',
    );
  });
  test('coordinates of the wrong length, compressed point, private key', () => {
    assert.equal(
      code(() => parseCoseKey(with_(-2, new Uint8Array(33)))),
      'public_key_invalid',
    );
    assert.equal(
      code(() => parseCoseKey(with_(-3, true))),
      'public_key_invalid',
    );
    assert.equal(
      code(() => parseCoseKey(with_(-4, new Uint8Array(32)))),
      'public_key_invalid',
    );
  });
  test('point not on the curve does not import', () => {
    const key = parseCoseKey(with_(-3, Buffer.alloc(32, 1)));
    assert.equal(
      code(() => coseKeyToKeyObject(key)),
      'public_key_invalid',
    );
    assert.equal(
      code(() => verifySignatureOnce(key, data, p256.sig)),
      'public_key_invalid',
    );
  });
  test('not CBOR, not a map, trailing bytes', () => {
    assert.equal(
      code(() => parseCoseKey(new Uint8Array([0xa5, 0x01]))),
      'malformed_input',
    );
    assert.equal(
      code(() => parseCoseKey(encode([1, 2]))),
      'public_key_invalid',
    );
    assert.equal(
      code(() => parseCoseKey(Buffer.concat([p256.cose, Buffer.from([0])]))),
      'malformed_input',
    );
  });
  test('ML-DSA public key of the wrong size', () => {
    const m = new Map<number, unknown>([
      [1, 7],
      [3, -48],
      [-1, new Uint8Array(1000)],
    ]);
    assert.equal(
      code(() => parseCoseKey(encode(m))),
      'public_key_invalid',
    );
  });
  test('a KeyObject must fit the algorithm', () => {
    assert.equal(
      code(() => verificationKeyFromKeyObject(-7, rsaPair.publicKey)),
      'public_key_invalid',
    );
    assert.equal(
      code(() => verificationKeyFromKeyObject(-35, p256.publicKey)),
      'public_key_invalid',
    );
    assert.equal(verifySignature(-7, p256.publicKey, data, p256.sig), true);
  });
  test("alg argument must be the key's algorithm", () =>
    assert.equal(
      code(() => verifySignature(-257, parseCoseKey(p256.cose), data, p256.sig)),
      'unsupported_algorithm',
    ));
});

describe('KeyCache', () => {
  test('imports once per COSE key, bounded, least recently used evicted', () => {
    const cache = new KeyCache(2);
    const [a, b, c] = [ec(-7, 1, 'P-256', 'sha256'), ec(-7, 1, 'P-256', 'sha256'), okp(-8, 6, 'ed25519')];
    const ka = cache.get(a.cose);
    assert.equal(cache.get(Uint8Array.from(a.cose)), ka);
    cache.get(b.cose);
    cache.get(a.cose); // a is now the most recent
    cache.get(c.cose); // evicts b
    assert.equal(cache.size, 2);
    assert.equal(cache.get(a.cose), ka);
    assert.notEqual(cache.get(b.cose), undefined);
    assert.equal(cache.size, 2);
  });
  test('invalid keys are not cached', () => {
    const cache = new KeyCache(2);
    assert.throws(() => cache.get(new Uint8Array([0xa0])), WebAuthnError);
    assert.equal(cache.size, 0);
  });
});
