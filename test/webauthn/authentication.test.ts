// verifyAuthentication / verifyAuthenticationAsync (§7.2): valid assertions verify; breaking one thing at a time
// fails with the error code of that step, identically in the sync and async forms.
import type { AuthenticationResponseJSON } from '../../src/webauthn/index.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { encode } from 'cborg';
import { verifyAuthentication, verifyAuthenticationAsync } from '../../src/webauthn/authentication.js';
import { WebAuthnError, type WebAuthnErrorCode } from '../../src/webauthn/errors.js';
import { KeyCache } from '../../src/webauthn/key-cache.js';
import type { AuthenticationExpectations, CredentialRecord } from '../../src/webauthn/types.js';
import { CHALLENGE, FLAGS, ORIGIN, RP_ID, TestAuthenticator } from './authenticator.js';

const es256 = new TestAuthenticator('ES256');
const expected: AuthenticationExpectations = { challenge: CHALLENGE, origins: [ORIGIN], rpId: RP_ID };

async function fails(
  code: WebAuthnErrorCode,
  response: unknown,
  exp: Partial<AuthenticationExpectations> = {},
  credential: CredentialRecord = es256.record(),
): Promise<void> {
  // junk on purpose: the verifier checks what a JavaScript caller passes, typed or not
  const input = {
    response: response as AuthenticationResponseJSON,
    expected: { ...expected, ...exp },
    credential,
  };
  const isCode = (e: unknown): boolean => e instanceof WebAuthnError && e.code === code;
  assert.throws(() => verifyAuthentication(input), isCode, `sync: expected ${code}`);
  await assert.rejects(verifyAuthenticationAsync(input), isCode, `async: expected ${code}`);
}

async function all(checks: Promise<void>[]): Promise<void> {
  await Promise.all(checks);
}

describe('verifyAuthentication accepts valid assertions', () => {
  for (const alg of ['ES256', 'ES384', 'EdDSA', 'RS256', 'PS256'] as const) {
    test(`${alg}, sync and async`, async () => {
      const a = new TestAuthenticator(alg);
      const input = { response: a.authenticate({ signCount: 5 }), expected, credential: a.record(4) };
      const info = verifyAuthentication(input).authenticationInfo;
      assert.equal(info.newCounter, 5);
      assert.equal(info.userVerified, true);
      assert.equal(info.credentialId, a.credentialId.toString('base64url'));
      assert.equal(info.userHandle, a.userHandle.toString('base64url'));
      assert.deepEqual((await verifyAuthenticationAsync(input)).authenticationInfo, info);
    });
  }

  test('both counters zero is not a regression', () => {
    const info = verifyAuthentication({
      response: es256.authenticate(),
      expected,
      credential: es256.record(0),
    });
    assert.equal(info.authenticationInfo.newCounter, 0);
  });

  test('UV may be relaxed; BE/BS reported; backup state change flagged', () => {
    const response = es256.authenticate({ flags: FLAGS.UP | FLAGS.BE | FLAGS.BS });
    const credential = { ...es256.record(), backupEligible: true, backedUp: false };
    const info = verifyAuthentication({
      response,
      expected: { ...expected, requireUserVerification: false },
      credential,
    });
    assert.equal(info.authenticationInfo.userVerified, false);
    assert.equal(info.authenticationInfo.backedUp, true);
    assert.equal(info.authenticationInfo.backupStateChanged, true);
  });

  test('null userHandle is fine; stored credential id as bytes', () => {
    const response = es256.authenticate({ userHandle: null });
    verifyAuthentication({ response, expected, credential: { ...es256.record(), id: es256.credentialId } });
  });

  test('padded base64url members are accepted', () => {
    const r = es256.authenticate({ signCount: 1 });
    const pad = (v: string): string => v + '='.repeat((4 - (v.length % 4)) % 4);
    const response = {
      ...r,
      response: {
        ...r.response,
        authenticatorData: pad(r.response.authenticatorData),
        clientDataJSON: pad(r.response.clientDataJSON),
        signature: pad(r.response.signature),
      },
    };
    assert.equal(verifyAuthentication({ response, expected, credential: es256.record() }).verified, true);
  });

  test('Android app origin', () => {
    const origin = 'android:apk-key-hash:gx7sq_pxhxhrIQdLyfG0pxKwiJ7hOk2DJQ4xvKd438Q';
    verifyAuthentication({
      response: es256.authenticate({ origin }),
      expected: { ...expected, origins: [ORIGIN, origin] },
      credential: es256.record(),
    });
  });

  test('32 async verifications in flight all resolve', async () => {
    const cache = new KeyCache(4);
    const results = await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        verifyAuthenticationAsync({
          response: es256.authenticate({ signCount: i + 1 }),
          expected: { ...expected, keyCache: cache },
          credential: es256.record(i),
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.authenticationInfo.newCounter),
      Array.from({ length: 32 }, (_, i) => i + 1),
    );
    assert.equal(cache.size, 1);
  });
});

describe('verifyAuthentication rejects (one broken step each)', () => {
  test('credential type is not public-key', () =>
    fails('type_mismatch', { ...es256.authenticate(), type: 'otp' }));
  test('id and rawId differ', () => fails('credential_id_mismatch', es256.authenticate({ id: 'AAAA' })));
  test('§7.2 steps 5-6: another credential', () =>
    fails('credential_id_mismatch', es256.authenticate(), {}, { ...es256.record(), id: 'b3RoZXI' }));
  test('§7.2 step 6: userHandle is not the owner', () =>
    fails('user_handle_mismatch', es256.authenticate({ userHandle: 'b3RoZXItdXNlcg' })));
  test('§7.2 step 6: no userHandle in a discoverable-credential flow', () =>
    fails('user_handle_mismatch', es256.authenticate({ userHandle: null }), { requireUserHandle: true }));
  test('malformed base64url in signature / authenticatorData', () => {
    const r = es256.authenticate();
    return all([
      fails('malformed_input', { ...r, response: { ...r.response, signature: 'not base64url!' } }),
      fails('malformed_input', { ...r, response: { ...r.response, authenticatorData: 'A' } }),
      fails('malformed_input', { ...r, response: { ...r.response, signature: undefined } }),
    ]);
  });
  test('§7.2 steps 8-9: clientDataJSON not JSON', () =>
    fails('malformed_input', es256.authenticate({ raw: Buffer.from('nope') })));
  test('§7.2 step 10: type is not webauthn.get', () =>
    fails('type_mismatch', es256.authenticate({ type: 'webauthn.create' })));
  test('§7.2 step 11: challenge differs', () =>
    fails('challenge_mismatch', es256.authenticate({ challenge: 'b3RoZXItY2hhbGxlbmdl' })));
  test('§7.2 step 11: the issued challenge padded is not its base64url encoding', () => {
    const issued = Buffer.alloc(20, 7);
    const padded = es256.authenticate({ extra: { challenge: issued.toString('base64url') + '=' } });
    return all([
      fails('challenge_mismatch', padded, { challenge: issued }),
      fails('challenge_mismatch', padded, { challenge: issued.toString('base64url') }),
    ]);
  });
  test('§7.2 step 12: origin not allowed', () =>
    fails('origin_mismatch', es256.authenticate({ origin: 'https://example.com:8443' })));
  test('§7.2 step 13: crossOrigin true without permission', () =>
    fails(
      'cross_origin_not_allowed',
      es256.authenticate({ extra: { crossOrigin: true, topOrigin: 'https://top.example' } }),
    ));
  test('tokenBinding present without id', () =>
    fails('token_binding_invalid', es256.authenticate({ extra: { tokenBinding: { status: 'present' } } })));
  test('§7.2 step 14: rpIdHash of another RP ID', () =>
    fails('rp_id_mismatch', es256.authenticate({ rpId: 'evil.example' })));
  test('§7.2 step 15: UP not set', () =>
    fails('user_presence_required', es256.authenticate({ flags: FLAGS.UV })));
  test('§7.2 step 16: UV required but not set', () =>
    fails('user_verification_required', es256.authenticate({ flags: FLAGS.UP })));
  test('§7.2 step 17: BS without BE', () =>
    fails('backup_state_invalid', es256.authenticate({ flags: FLAGS.UP | FLAGS.UV | FLAGS.BS })));
  test('§7.2 step 18: BE differs from the stored backup eligibility', () =>
    fails(
      'backup_state_invalid',
      es256.authenticate({ flags: FLAGS.UP | FLAGS.UV }),
      {},
      { ...es256.record(), backupEligible: true },
    ));
  test('authData: leftover bytes without ED, ED without extensions, shorter than 37 bytes', () =>
    all([
      fails('malformed_input', es256.authenticate({ trailing: Buffer.from([0]) })),
      fails('malformed_input', es256.authenticate({ flags: FLAGS.UP | FLAGS.UV | FLAGS.ED })),
      fails('malformed_input', {
        ...es256.authenticate(),
        response: { ...es256.authenticate().response, authenticatorData: 'AAAA' },
      }),
    ]));
  test('§10.1.1 appid: rpIdHash must be the AppID hash when the client used it', async () => {
    const appId = 'https://example.com/appid.json';
    const withAppId = { ...es256.authenticate({ rpId: appId }), clientExtensionResults: { appid: true } };
    const info = verifyAuthentication({
      response: withAppId,
      expected: { ...expected, appId },
      credential: es256.record(),
    });
    assert.equal(info.authenticationInfo.rpId, appId);
    await fails('extension_invalid', withAppId); // appid output although no AppID was requested
    await fails(
      'rp_id_mismatch',
      { ...es256.authenticate(), clientExtensionResults: { appid: true } },
      { appId },
    );
    await fails(
      'extension_invalid',
      { ...es256.authenticate(), clientExtensionResults: { appid: 'yes' } },
      { appId },
    );
  });
  test('§7.2 step 22: corrupted signature / other key / changed client data', () => {
    const r = es256.authenticate();
    const other = es256.authenticate({ extra: { note: 'x' } });
    return all([
      fails('bad_signature', es256.authenticate({ corruptSignature: true })),
      fails(
        'bad_signature',
        es256.authenticate({ signWith: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey }),
      ),
      fails('bad_signature', {
        ...r,
        response: { ...r.response, clientDataJSON: other.response.clientDataJSON },
      }),
      fails('bad_signature', {
        ...r,
        response: { ...r.response, signature: Buffer.from('garbage').toString('base64url') },
      }),
    ]);
  });
  test('§7.2 step 22: stored key is truncated CBOR / not a usable COSE key', () => {
    const wrongCurve = encode(new Map(es256.cose).set(-1, 2));
    return all([
      fails(
        'malformed_input',
        es256.authenticate(),
        {},
        { ...es256.record(), publicKey: new Uint8Array([0xa1]) },
      ),
      fails('public_key_invalid', es256.authenticate(), {}, { ...es256.record(), publicKey: wrongCurve }),
    ]);
  });
  test('§7.2 step 23: counter did not increase', () =>
    all([
      fails('counter_regression', es256.authenticate({ signCount: 144 }), {}, es256.record(144)),
      fails('counter_regression', es256.authenticate({ signCount: 0 }), {}, es256.record(7)),
    ]));
});
