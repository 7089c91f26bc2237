// verifyRegistration (§7.1): a valid response from the in-test authenticator verifies; breaking one thing at a
// time fails with the error code of that step.
import type { RegistrationResponseJSON } from '../../src/webauthn/index.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from 'cborg';
import { verifyRegistration } from '../../src/webauthn/registration.js';
import { WebAuthnError, type WebAuthnErrorCode } from '../../src/webauthn/errors.js';
import type { RegistrationExpectations } from '../../src/webauthn/types.js';
import { CHALLENGE, FLAGS, ORIGIN, RP_ID, TestAuthenticator } from './authenticator.js';

const es256 = new TestAuthenticator('ES256');
const expected: RegistrationExpectations = { challenge: CHALLENGE, origins: [ORIGIN], rpId: RP_ID };

function fails(
  code: WebAuthnErrorCode,
  response: unknown,
  exp: Partial<RegistrationExpectations> = {},
): void {
  assert.throws(
    () =>
      verifyRegistration({
        response: response as RegistrationResponseJSON,
        expected: { ...expected, ...exp },
      }),
    (e: unknown) => e instanceof WebAuthnError && e.code === code,
    `expected ${code}`,
  );
}

describe('verifyRegistration accepts valid responses', () => {
  test('none attestation, ES256: returns the credential record', () => {
    const { registrationInfo: r } = verifyRegistration({ response: es256.register(), expected });
    assert.equal(r.credential.id, es256.credentialId.toString('base64url'));
    assert.deepEqual(Buffer.from(r.credential.publicKey), Buffer.from(es256.coseBytes));
    assert.equal(r.credential.algorithm, -7);
    assert.equal(r.fmt, 'none');
    assert.equal(r.attestationType, 'None');
    assert.equal(r.aaguid, '00112233-4455-6677-8899-aabbccddeeff');
    assert.deepEqual(r.credential.transports, ['internal', 'hybrid']);
    assert.equal(r.residentKey, true);
    assert.equal(r.userVerified, true);
    assert.equal(r.rpId, RP_ID);
    assert.equal(r.origin, ORIGIN);
  });

  for (const alg of ['EdDSA', 'RS256', 'PS256', 'ES384'] as const) {
    test(`packed self attestation, ${alg}`, () => {
      const a = new TestAuthenticator(alg);
      const { registrationInfo: r } = verifyRegistration({ response: a.packedSelf(), expected });
      assert.equal(r.fmt, 'packed');
      assert.equal(r.attestationType, 'Self');
    });
  }

  test('the record id is the canonical base64url of the attested ID, however the client spelled rawId', () => {
    const id = Uint8Array.of(1, 2, 3, 4, 5); // 5 bytes: 7 symbols with 2 spare bits, or 8 with padding
    const canonical = Buffer.from(id).toString('base64url');
    const last = canonical.at(-1)!;
    const spareBitsSet = canonical.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1); // 'U' -> 'V'
    for (const rawId of [canonical, `${canonical}=`, spareBitsSet]) {
      const response = es256.register({ attestedCredentialId: id, id: rawId, rawId });
      const { registrationInfo: r } = verifyRegistration({ response, expected });
      assert.equal(r.credential.id, canonical, rawId);
    }
  });

  test('clientDataJSON with non-ASCII text (U+FFFD itself included) verifies: its hash is of the bytes sent', () => {
    const extra = { note: 'caf\u00e9 \uFFFD \u{1F642}' };
    verifyRegistration({ response: es256.register({ extra }), expected });
    const { registrationInfo: r } = verifyRegistration({ response: es256.packedSelf({ extra }), expected });
    assert.equal(r.attestationType, 'Self');
  });

  test('challenge as bytes or predicate; several RP IDs and origins; unknown client data members ignored', () => {
    const response = es256.register({ extra: { futureMember: { nested: true } } });
    verifyRegistration({
      response,
      expected: { ...expected, challenge: Buffer.from(CHALLENGE, 'base64url') },
    });
    verifyRegistration({ response, expected: { ...expected, challenge: (c) => c === CHALLENGE } });
    verifyRegistration({
      response,
      expected: { ...expected, rpId: ['other.example', RP_ID], origins: ['https://a.example', ORIGIN] },
    });
  });

  test('UV not set passes when user verification is not required; BE+BS reported', () => {
    const response = es256.register({ flags: FLAGS.UP | FLAGS.AT | FLAGS.BE | FLAGS.BS });
    const r = verifyRegistration({
      response,
      expected: { ...expected, requireUserVerification: false },
    }).registrationInfo;
    assert.equal(r.userVerified, false);
    assert.equal(r.backupEligible, true);
    assert.equal(r.backedUp, true);
  });

  test('conditional create may omit UP', () => {
    const response = es256.register({ flags: FLAGS.UV | FLAGS.AT });
    assert.equal(
      verifyRegistration({ response, expected: { ...expected, conditionalCreate: true } }).verified,
      true,
    );
  });

  test('authenticator extension outputs with ED', () => {
    const response = es256.register({ extensions: new Map([['credProtect', 2]]) });
    const r = verifyRegistration({ response, expected }).registrationInfo;
    assert.deepEqual(r.authenticatorExtensionResults, { credProtect: 2 });
  });

  test('cross-origin accepted only for an allowed top origin', () => {
    const response = es256.register({ extra: { crossOrigin: true, topOrigin: 'https://top.example' } });
    verifyRegistration({ response, expected: { ...expected, topOrigins: ['https://top.example'] } });
    fails('cross_origin_not_allowed', response);
    fails('cross_origin_not_allowed', response, { topOrigins: ['https://other.example'] });
  });
});

describe('verifyRegistration rejects (one broken step each)', () => {
  test('credential type is not public-key', () =>
    fails('type_mismatch', { ...es256.register(), type: 'password' }));
  test('id and rawId differ', () => fails('credential_id_mismatch', es256.register({ id: 'AAAA' })));
  test('rawId is not the attested credential ID', () =>
    fails('credential_id_mismatch', es256.register({ attestedCredentialId: Buffer.alloc(16, 7) })));
  test('rawId not base64url', () => fails('malformed_input', es256.register({ id: 'a+b/', rawId: 'a+b/' })));
  test('missing response members', () => {
    const r = es256.register();
    fails('malformed_input', { ...r, response: { clientDataJSON: r.response.clientDataJSON } });
    fails('malformed_input', { ...r, response: undefined });
    fails('malformed_input', null);
  });
  test('id/rawId missing or empty; type missing', () => {
    const r = es256.register();
    fails('malformed_input', { ...r, id: undefined });
    fails('malformed_input', { ...r, rawId: undefined });
    fails('malformed_input', { ...r, id: '', rawId: '' });
    fails('type_mismatch', { ...r, type: undefined });
  });
  test('attestationObject: fmt not text, authData not bytes, attStmt missing, unknown member', () => {
    const r = es256.register();
    const authData = Buffer.alloc(37); // never reached: the shape is checked first
    const withObj = (m: Map<string, unknown>) => ({
      ...r,
      response: { ...r.response, attestationObject: Buffer.from(encode(m)).toString('base64url') },
    });
    fails(
      'malformed_input',
      withObj(
        new Map<string, unknown>([
          ['fmt', 1],
          ['attStmt', new Map()],
          ['authData', authData],
        ]),
      ),
    );
    fails(
      'malformed_input',
      withObj(
        new Map<string, unknown>([
          ['fmt', 'none'],
          ['attStmt', new Map()],
          ['authData', 'text'],
        ]),
      ),
    );
    fails(
      'malformed_input',
      withObj(
        new Map<string, unknown>([
          ['fmt', 'none'],
          ['authData', authData],
        ]),
      ),
    );
    fails(
      'malformed_input',
      withObj(
        new Map<string, unknown>([
          ['fmt', 'none'],
          ['attStmt', new Map()],
          ['authData', authData],
          ['x', 1],
        ]),
      ),
    );
  });
  test('authData: credential ID longer than the data, over 1023 bytes, COSE key not CBOR', () => {
    const withAuthData = (authData: Buffer) => {
      const r = es256.register();
      const obj = encode(
        new Map<string, unknown>([
          ['fmt', 'none'],
          ['attStmt', new Map()],
          ['authData', authData],
        ]),
      );
      return { ...r, response: { ...r.response, attestationObject: Buffer.from(obj).toString('base64url') } };
    };
    const head = Buffer.concat([
      Buffer.alloc(32),
      Buffer.from([FLAGS.UP | FLAGS.UV | FLAGS.AT, 0, 0, 0, 0]),
      es256.aaguid,
    ]);
    fails('malformed_input', withAuthData(Buffer.concat([head, Buffer.from([0, 64]), Buffer.alloc(10)])));
    fails(
      'malformed_input',
      withAuthData(Buffer.concat([head, Buffer.from([4, 0]), Buffer.alloc(1024), encode(es256.cose)])),
    );
    fails(
      'malformed_input',
      withAuthData(Buffer.concat([head, Buffer.from([0, 1]), Buffer.alloc(1), Buffer.from([0xa5, 0x01])])),
    );
  });
  test('clientDataJSON not UTF-8 / not JSON / not an object / missing members', () => {
    fails('malformed_input', es256.register({ raw: Buffer.from([0x7b, 0xff, 0x7d]) }));
    // client data that is valid but for one byte that is not UTF-8 (inside a member's string), beside a genuine
    // U+FFFD: the bytes are checked, not only the decoded text
    const member = { type: 'webauthn.create', challenge: CHALLENGE, origin: ORIGIN, note: '\uFFFD_' };
    const raw = Buffer.from(JSON.stringify(member));
    verifyRegistration({ response: es256.register({ raw }), expected });
    raw[raw.lastIndexOf('_')] = 0xff;
    fails('malformed_input', es256.register({ raw }));
    fails('malformed_input', es256.register({ raw: Buffer.from('{"type":') }));
    fails('malformed_input', es256.register({ raw: Buffer.from('[1,2]') }));
    fails(
      'malformed_input',
      es256.register({ raw: Buffer.from('{"type":"webauthn.create","origin":"https://example.com"}') }),
    );
  });
  test('§7.1 step 7: type is not webauthn.create', () =>
    fails('type_mismatch', es256.register({ type: 'webauthn.get' })));
  test('§7.1 step 7: type not among caller types', () =>
    fails('type_mismatch', es256.register(), { type: ['payment.create'] }));
  test('§7.1 step 8: challenge differs', () =>
    fails('challenge_mismatch', es256.register({ challenge: 'b3RoZXItY2hhbGxlbmdl' })));
  test('§7.1 step 8: predicate rejects', () =>
    fails('challenge_mismatch', es256.register(), { challenge: () => false }));
  test('§7.1 step 8: the same challenge bytes padded or in standard base64 do not equal the issued encoding', () => {
    const issued = Buffer.from([0xfb, 0xff, ...Array.from({ length: 15 }, (_, i) => i)]); // 17 bytes
    const echoed = (challenge: string) => es256.register({ extra: { challenge } });
    const exact = issued.toString('base64url');
    for (const challenge of [issued, exact]) {
      verifyRegistration({ response: echoed(exact), expected: { ...expected, challenge } });
      fails('challenge_mismatch', echoed(exact + '='), { challenge });
      fails('challenge_mismatch', echoed(issued.toString('base64')), { challenge });
    }
  });
  test('§7.1 step 9: origin not allowed', () =>
    fails('origin_mismatch', es256.register({ origin: 'https://evil.example' })));
  test('§7.1 step 9: subdomain only with allowSubdomains', () => {
    const response = es256.register({ origin: 'https://login.example.com' });
    fails('origin_mismatch', response);
    verifyRegistration({ response, expected: { ...expected, allowSubdomains: true } });
  });
  test('§7.1 step 10: crossOrigin true without permission', () =>
    fails('cross_origin_not_allowed', es256.register({ extra: { crossOrigin: true } })));
  test('§7.1 step 10: topOrigin without crossOrigin', () =>
    fails('cross_origin_not_allowed', es256.register({ extra: { topOrigin: 'https://top.example' } }), {
      topOrigins: ['https://top.example'],
    }));
  test('tokenBinding with an unknown status', () =>
    fails('token_binding_invalid', es256.register({ extra: { tokenBinding: { status: 'not-supported' } } })));
  test('§7.1 step 12: attestationObject with trailing bytes', () =>
    fails('malformed_input', es256.register({ attestationObjectTrailing: Buffer.from([0x00]) })));
  test('§7.1 step 12: attestationObject not CBOR / wrong shape', () => {
    const r = es256.register();
    fails('malformed_input', { ...r, response: { ...r.response, attestationObject: 'AAAA' } });
    const noFmt = Buffer.from(
      encode(
        new Map<string, unknown>([
          ['attStmt', new Map()],
          ['authData', new Uint8Array(37)],
        ]),
      ),
    );
    fails('malformed_input', {
      ...r,
      response: { ...r.response, attestationObject: noFmt.toString('base64url') },
    });
  });
  test('§7.1 step 13: rpIdHash of another RP ID', () =>
    fails('rp_id_mismatch', es256.register({ rpId: 'evil.example' })));
  test('§7.1 step 14: UP not set', () =>
    fails('user_presence_required', es256.register({ flags: FLAGS.UV | FLAGS.AT })));
  test('§7.1 step 15: UV required (default) but not set', () =>
    fails('user_verification_required', es256.register({ flags: FLAGS.UP | FLAGS.AT })));
  test('§7.1 step 16: BS without BE', () =>
    fails('backup_state_invalid', es256.register({ flags: FLAGS.UP | FLAGS.UV | FLAGS.AT | FLAGS.BS })));
  test('authData: leftover bytes without ED', () =>
    fails('malformed_input', es256.register({ trailing: Buffer.from([1, 2]) })));
  test('authData: ED without extensions', () =>
    fails('malformed_input', es256.register({ flags: FLAGS.UP | FLAGS.UV | FLAGS.AT | FLAGS.ED })));
  test('authData: AT without attested credential data', () => {
    const r = es256.register();
    const authData = Buffer.concat([
      Buffer.alloc(32),
      Buffer.from([FLAGS.UP | FLAGS.UV | FLAGS.AT, 0, 0, 0, 0]),
    ]);
    const obj = encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    fails('malformed_input', {
      ...r,
      response: { ...r.response, attestationObject: Buffer.from(obj).toString('base64url') },
    });
  });
  test('§7.1 step 19: credential alg not allowed', () =>
    fails('unsupported_algorithm', es256.register(), { algorithms: [-8] }));
  test('COSE key: unknown algorithm', () => {
    const cose = new Map(es256.cose);
    cose.set(3, -999);
    fails('unsupported_algorithm', es256.register({ coseKey: cose }));
  });
  test('COSE key: ES256 on the wrong curve / short coordinate / private part', () => {
    fails('public_key_invalid', es256.register({ coseKey: new Map(es256.cose).set(-1, 3) }));
    fails('public_key_invalid', es256.register({ coseKey: new Map(es256.cose).set(-2, new Uint8Array(31)) }));
    fails('public_key_invalid', es256.register({ coseKey: new Map(es256.cose).set(-4, new Uint8Array(32)) }));
  });
  test('§7.1 step 21: unknown fmt or fmt not allowed', () => {
    fails('attestation_unsupported', es256.register({ fmt: 'made-up' }));
    fails('attestation_unsupported', es256.register(), { attestationFormats: ['packed'] });
  });
  test('§7.1 step 22 / §8.7: none with a non-empty attStmt', () =>
    fails('attestation_invalid', es256.register({ attStmt: new Map([['sig', new Uint8Array(8)]]) })));
  test('§7.1 step 22 / §8.2: packed self signature over other data', () => {
    const response = es256.packedSelf();
    const tampered = es256.packedSelf({ challenge: 'YW5vdGhlci1jaGFsbGVuZ2UtMTIzNA' });
    // keep the attestation of one ceremony with the client data of the other
    fails(
      'attestation_invalid',
      { ...response, response: { ...response.response, clientDataJSON: tampered.response.clientDataJSON } },
      {
        challenge: 'YW5vdGhlci1jaGFsbGVuZ2UtMTIzNA',
      },
    );
  });
  test('§8.2: packed self alg differs from the credential key alg', () =>
    fails('attestation_invalid', es256.packedSelf({}, -257)));
  test('§7.1 step 20: malformed credProps output', () =>
    fails('extension_invalid', es256.register({ clientExtensionResults: { credProps: { rk: 'yes' } } })));
  test('L3 response copies (authenticatorData, publicKeyAlgorithm) disagree with the attestation object', () => {
    const r = es256.register();
    fails('malformed_input', { ...r, response: { ...r.response, publicKeyAlgorithm: -8 } });
    fails('malformed_input', { ...r, response: { ...r.response, authenticatorData: 'AAAA' } });
  });
  test('§7.1 step 28: untrusted attestation when trusted attestation is required', () =>
    fails('attestation_untrusted', es256.register(), { requireTrustedAttestation: true }));
});
