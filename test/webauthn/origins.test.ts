// Origins: Android APK key hash origins and origin matching (subdomains only on request).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  androidOriginFromFingerprint,
  isAllowedOrigin,
  originMatches,
} from '../../packages/webauthn/src/origins.js';
import { parseClientDataJSON, checkTokenBinding } from '../../packages/webauthn/src/client-data.js';
import { WebAuthnError } from '../../packages/webauthn/src/errors.js';

test('androidOriginFromFingerprint turns keytool output into the clientDataJSON origin', () => {
  const fp =
    '83:1E:EC:AB:FA:71:87:18:6B:21:07:4B:C9:F1:B4:A7:12:B0:88:9E:E1:3A:4D:83:25:0E:31:BC:A7:78:DF:C4';
  assert.equal(
    androidOriginFromFingerprint(fp),
    'android:apk-key-hash:gx7sq_pxhxhrIQdLyfG0pxKwiJ7hOk2DJQ4xvKd438Q',
  );
  assert.equal(
    androidOriginFromFingerprint(fp.replace(/:/g, '').toLowerCase()),
    androidOriginFromFingerprint(fp),
  );
  assert.throws(() => androidOriginFromFingerprint('AB:CD'), WebAuthnError);
  assert.throws(() => androidOriginFromFingerprint(fp.replace('83', 'ZZ')), WebAuthnError);
});

test('origin matching: exact, list, subdomains only when allowed', () => {
  assert.equal(isAllowedOrigin('https://example.com', 'https://example.com'), true);
  assert.equal(isAllowedOrigin('https://example.com', ['https://a.example', 'https://example.com']), true);
  assert.equal(isAllowedOrigin('https://example.com:8443', ['https://example.com']), false);
  assert.equal(isAllowedOrigin('http://example.com', ['https://example.com']), false);
  assert.equal(isAllowedOrigin('https://login.example.com', ['https://example.com']), false);
  assert.equal(isAllowedOrigin('https://login.example.com', ['https://example.com'], true), true);
  assert.equal(originMatches('https://evilexample.com', 'https://example.com', true), false);
  assert.equal(originMatches('https://login.example.com:8443', 'https://example.com', true), false);
  assert.equal(originMatches('https://login.example.com/path', 'https://example.com', true), false);
  const app = 'android:apk-key-hash:gx7sq_pxhxhrIQdLyfG0pxKwiJ7hOk2DJQ4xvKd438Q';
  assert.equal(isAllowedOrigin(app, ['https://example.com', app]), true);
  assert.equal(isAllowedOrigin(app + 'x', [app], true), false);
});

test('clientDataJSON: unknown members kept and ignored, wrong member types rejected', () => {
  const cd = parseClientDataJSON(
    Buffer.from('{"type":"webauthn.get","challenge":"AA","origin":"https://e.x","other":1}'),
  );
  assert.equal(cd.other, 1);
  assert.throws(
    () =>
      parseClientDataJSON(
        Buffer.from('{"type":"webauthn.get","challenge":"AA","origin":"x","crossOrigin":"yes"}'),
      ),
    WebAuthnError,
  );
  assert.throws(
    () => parseClientDataJSON(Buffer.from('{"type":1,"challenge":"AA","origin":"x"}')),
    WebAuthnError,
  );
  assert.throws(() => parseClientDataJSON(Buffer.from('null')), WebAuthnError);
});

test('tokenBinding: present (with id) and supported pass; other statuses fail', () => {
  const base = { type: 'webauthn.get', challenge: 'AA', origin: 'https://e.x' };
  checkTokenBinding({ ...base, tokenBinding: { status: 'supported' } });
  checkTokenBinding({ ...base, tokenBinding: { status: 'present', id: 'AQID' } });
  assert.throws(
    () => checkTokenBinding({ ...base, tokenBinding: { status: 'not-supported' } }),
    WebAuthnError,
  );
  assert.throws(() => checkTokenBinding({ ...base, tokenBinding: {} }), WebAuthnError);
});
