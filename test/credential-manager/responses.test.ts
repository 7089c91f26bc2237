// Responses and credentials: constructors' checks, bundle keys and Credential.createFrom.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as cm from '../../packages/credential-manager/src/index.js';

test('CreatePublicKeyCredentialResponse needs JSON', () => {
  const r = new cm.CreatePublicKeyCredentialResponse('{"id":"AA"}');
  assert.equal(r.type, cm.TYPE_PUBLIC_KEY_CREDENTIAL);
  assert.equal(r.data[cm.BUNDLE_KEY_REGISTRATION_RESPONSE_JSON], '{"id":"AA"}');
  assert.throws(() => new cm.CreatePublicKeyCredentialResponse(''), {
    message: 'registrationResponseJson must not be empty, and must be a valid JSON',
  });
});

test('CreateRestoreCredentialResponse and CreatePasswordResponse', () => {
  const r = new cm.CreateRestoreCredentialResponse('{"id":"AA"}');
  assert.equal(r.responseJson, '{"id":"AA"}');
  assert.equal(r.data['androidx.credentials.BUNDLE_KEY_CREATE_RESTORE_CREDENTIAL_RESPONSE'], '{"id":"AA"}');
  assert.equal(new cm.CreatePasswordResponse().type, 'android.credentials.TYPE_PASSWORD_CREDENTIAL');
});

test('PublicKeyCredential, PasswordCredential, CustomCredential checks', () => {
  assert.equal(new cm.PublicKeyCredential('{}').type, 'androidx.credentials.TYPE_PUBLIC_KEY_CREDENTIAL');
  assert.throws(() => new cm.PublicKeyCredential(''), cm.IllegalArgumentException);
  assert.throws(() => new cm.PasswordCredential('a', ''), { message: 'password should not be empty' });
  assert.throws(() => new cm.CustomCredential('', {}), { message: 'type should not be empty' });
});

test('Credential.createFrom maps types to classes and falls back to CustomCredential', () => {
  const pk = cm.Credential.createFrom(cm.TYPE_PUBLIC_KEY_CREDENTIAL, {
    [cm.BUNDLE_KEY_AUTHENTICATION_RESPONSE_JSON]: '{"id":"x"}',
  });
  assert.ok(pk instanceof cm.PublicKeyCredential);
  assert.equal(pk.authenticationResponseJson, '{"id":"x"}');
  const pw = cm.Credential.createFrom(cm.TYPE_PASSWORD_CREDENTIAL, {
    [cm.BUNDLE_KEY_ID]: 'a',
    [cm.BUNDLE_KEY_PASSWORD]: 'p',
  });
  assert.ok(pw instanceof cm.PasswordCredential);
  assert.deepEqual([pw.id, pw.password], ['a', 'p']);
  const broken = cm.Credential.createFrom(cm.TYPE_PUBLIC_KEY_CREDENTIAL, {});
  assert.ok(broken instanceof cm.CustomCredential);
  const other = cm.Credential.createFrom('com.example.FEDERATED', { token: 't' });
  assert.ok(other instanceof cm.CustomCredential);
  assert.equal(other.data['token'], 't');
  // A PublicKeyCredential instance is itself valid provider output.
  assert.ok(cm.Credential.createFrom(pk.type, pk.data) instanceof cm.PublicKeyCredential);
});

test('RestoreCredential: only via createFrom; missing response → NoCredentialException', () => {
  const rc = cm.Credential.createFrom(cm.TYPE_RESTORE_CREDENTIAL, {
    [cm.BUNDLE_KEY_GET_RESTORE_CREDENTIAL_RESPONSE]: '{"type":"public-key"}',
  });
  assert.ok(rc instanceof cm.RestoreCredential);
  assert.ok(!(rc instanceof cm.PublicKeyCredential));
  assert.equal(rc.authenticationResponseJson, '{"type":"public-key"}');
  assert.throws(
    () => cm.Credential.createFrom(cm.TYPE_RESTORE_CREDENTIAL, {}),
    (e: unknown) =>
      e instanceof cm.NoCredentialException &&
      e.errorMessage === 'The device does not contain a restore credential.',
  );
  const Ctor = cm.RestoreCredential as unknown as new (t: symbol, j: string) => unknown;
  assert.throws(() => new Ctor(Symbol('RestoreCredential'), '{}'), cm.IllegalArgumentException);
});

test('CallingAppInfo: apk-key-hash origin from the certificate or its digest; privileged origin wins', async () => {
  const { createHash } = await import('node:crypto');
  const cert = Buffer.from('a DER certificate stands here');
  const digest = createHash('sha256').update(cert).digest();
  const a = cm.CallingAppInfo.fromApp({ packageName: 'com.example.app', signingCertificate: cert });
  const b = cm.CallingAppInfo.fromApp({ packageName: 'com.example.app', signingCertificateSha256: digest });
  assert.equal(a.clientDataOrigin, `android:apk-key-hash:${digest.toString('base64url')}`);
  assert.equal(a.clientDataOrigin, b.clientDataOrigin);
  assert.equal(a.isOriginPopulated(), false);
  const browser = cm.CallingAppInfo.fromApp(
    { packageName: 'com.android.chrome', signingCertificate: cert },
    'https://example.com',
  );
  assert.equal(browser.clientDataOrigin, 'https://example.com');
  assert.equal(browser.apkKeyHashOrigin, a.apkKeyHashOrigin);
  assert.throws(() => cm.CallingAppInfo.fromApp({ packageName: 'x' }), cm.IllegalArgumentException);
});
