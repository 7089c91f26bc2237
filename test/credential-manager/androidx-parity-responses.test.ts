// Parity with androidx's instrumentation tests for responses and credentials, restated for credkit:
// CreatePublicKeyCredentialResponseTest, CreatePasswordResponseTest, CreateRestoreCredentialResponseTest,
// PublicKeyCredentialTest, PasswordCredentialTest, CustomCredentialTest and RestoreCredentialTest.
// Framework class conversion (android.credentials.Credential) is out of scope (docs/guides/android-parity.md).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUNDLE_KEY_AUTHENTICATION_RESPONSE_JSON,
  BUNDLE_KEY_CREATE_RESTORE_CREDENTIAL_RESPONSE,
  BUNDLE_KEY_GET_RESTORE_CREDENTIAL_RESPONSE,
  BUNDLE_KEY_ID,
  BUNDLE_KEY_PASSWORD,
  CreatePasswordResponse,
  CreatePublicKeyCredentialResponse,
  CreateRestoreCredentialResponse,
  Credential,
  CustomCredential,
  IllegalArgumentException,
  PasswordCredential,
  PublicKeyCredential,
  RestoreCredential,
  TYPE_PASSWORD_CREDENTIAL,
  TYPE_RESTORE_CREDENTIAL,
} from '../../packages/credential-manager/src/index.js';

const JSON_OBJECT = '{"hi":{"there":{"lol":"Value"}}}';
const iae = (e: unknown) => e instanceof IllegalArgumentException;

describe('androidx CreatePublicKeyCredentialResponseTest', () => {
  it('empty JSON throws IllegalArgumentException; registrationResponseJson is kept', () => {
    assert.throws(() => new CreatePublicKeyCredentialResponse(''), iae);
    new CreatePublicKeyCredentialResponse('{"hi":1}');
    assert.equal(
      new CreatePublicKeyCredentialResponse('{"input":5}').registrationResponseJson,
      '{"input":5}',
    );
  });
});

describe('androidx CreatePasswordResponseTest', () => {
  it('has the password type and an empty bundle', () => {
    const r = new CreatePasswordResponse();
    assert.equal(r.type, TYPE_PASSWORD_CREDENTIAL);
    assert.deepEqual(r.data, {});
  });
});

describe('androidx CreateRestoreCredentialResponseTest', () => {
  it('empty and invalid JSON throw IllegalArgumentException', () => {
    assert.throws(() => new CreateRestoreCredentialResponse(''), iae);
    assert.throws(() => new CreateRestoreCredentialResponse('invalid'), iae);
    new CreateRestoreCredentialResponse(JSON_OBJECT);
  });

  it('responseJson is kept; the restore type and the response under its bundle key', () => {
    const r = new CreateRestoreCredentialResponse('{"input":5}');
    assert.equal(r.responseJson, '{"input":5}');
    assert.equal(r.type, TYPE_RESTORE_CREDENTIAL);
    assert.deepEqual(r.data, { [BUNDLE_KEY_CREATE_RESTORE_CREDENTIAL_RESPONSE]: '{"input":5}' });
  });
});

describe('androidx PublicKeyCredentialTest', () => {
  it('the type constant', () => {
    assert.equal(
      PublicKeyCredential.TYPE_PUBLIC_KEY_CREDENTIAL,
      'androidx.credentials.TYPE_PUBLIC_KEY_CREDENTIAL',
    );
  });

  it('empty and invalid JSON throw IllegalArgumentException; authenticationResponseJson is kept', () => {
    assert.throws(() => new PublicKeyCredential(''), iae);
    assert.throws(() => new PublicKeyCredential('invalid'), iae);
    assert.equal(new PublicKeyCredential(JSON_OBJECT).authenticationResponseJson, JSON_OBJECT);
  });

  it('framework properties and the round trip through Credential.createFrom', () => {
    const c = new PublicKeyCredential(JSON_OBJECT);
    assert.equal(c.type, PublicKeyCredential.TYPE_PUBLIC_KEY_CREDENTIAL);
    assert.deepEqual(c.data, { [BUNDLE_KEY_AUTHENTICATION_RESPONSE_JSON]: JSON_OBJECT });
    const back = Credential.createFrom(c.type, c.data);
    assert.ok(back instanceof PublicKeyCredential);
    assert.equal(back.authenticationResponseJson, JSON_OBJECT);
  });
});

describe('androidx PasswordCredentialTest', () => {
  it('the type constant (android., not androidx.)', () => {
    assert.equal(PasswordCredential.TYPE_PASSWORD_CREDENTIAL, 'android.credentials.TYPE_PASSWORD_CREDENTIAL');
  });

  it('an empty password throws IllegalArgumentException; id and password are kept', () => {
    assert.throws(() => new PasswordCredential('id', ''), iae);
    const c = new PasswordCredential('id', 'pwd');
    assert.equal(c.id, 'id');
    assert.equal(c.password, 'pwd');
  });

  it('framework properties and the round trip through Credential.createFrom', () => {
    const c = new PasswordCredential('id', 'pwd');
    assert.deepEqual(c.data, { [BUNDLE_KEY_ID]: 'id', [BUNDLE_KEY_PASSWORD]: 'pwd' });
    const back = Credential.createFrom(c.type, c.data);
    assert.ok(back instanceof PasswordCredential);
    assert.deepEqual([back.id, back.password], ['id', 'pwd']);
  });
});

describe('androidx CustomCredentialTest', () => {
  it('an empty type throws IllegalArgumentException; type and data are kept', () => {
    assert.throws(() => new CustomCredential('', {}), iae);
    new CustomCredential('T', {});
    const c = new CustomCredential('TYPE', { Test: 'Test' });
    assert.equal(c.type, 'TYPE');
    assert.deepEqual(c.data, { Test: 'Test' });
  });

  it('Credential.createFrom keeps an unknown type as a CustomCredential with its data', () => {
    const back = Credential.createFrom('TYPE', { Test: 'Test' });
    assert.ok(back instanceof CustomCredential);
    assert.deepEqual([back.type, back.data], ['TYPE', { Test: 'Test' }]);
  });
});

describe('androidx RestoreCredentialTest', () => {
  const fromBundle = (json: string) =>
    Credential.createFrom(TYPE_RESTORE_CREDENTIAL, { [BUNDLE_KEY_GET_RESTORE_CREDENTIAL_RESPONSE]: json });

  it('the type constant', () => {
    assert.equal(RestoreCredential.TYPE_RESTORE_CREDENTIAL, 'androidx.credentials.TYPE_RESTORE_CREDENTIAL');
  });

  it('createFrom: empty and invalid JSON throw IllegalArgumentException', () => {
    assert.throws(() => fromBundle(''), iae);
    assert.throws(() => fromBundle('invalid'), iae);
  });

  it('createFrom: a JSON object gives a RestoreCredential whose authenticationResponseJson is it', () => {
    const c = fromBundle(JSON_OBJECT);
    assert.ok(c instanceof RestoreCredential);
    assert.equal(c.authenticationResponseJson, JSON_OBJECT);
  });
});
