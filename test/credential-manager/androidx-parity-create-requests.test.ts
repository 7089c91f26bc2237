// Parity with androidx's own instrumentation tests for the create requests, restated for credkit:
// CreatePublicKeyCredentialRequestTest, CreatePasswordRequestTest, CreateRestoreCredentialRequestTest and
// CreateCredentialRequestDisplayInfoTest (androidx credentials/credentials/src/androidTest/.../credentials/).
// Bundle round trips through the framework (getFinalCreateCredentialData, createFrom) and icons are out of
// scope (docs/guides/android-parity.md).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreatePasswordRequest,
  CreatePublicKeyCredentialRequest,
  CreateRestoreCredentialRequest,
  DisplayInfo,
  IllegalArgumentException,
  TYPE_PASSWORD_CREDENTIAL,
  TYPE_PUBLIC_KEY_CREDENTIAL,
  TYPE_RESTORE_CREDENTIAL,
} from '../../packages/credential-manager/src/index.js';

const USER_NAME = 'test-user-name@example.com';
const USER_DISPLAY_NAME = 'Test User';
// deliberately loose, as in the androidx tests: only user.name (passkeys) or user.id (restore) is read
const REQUEST_JSON = JSON.stringify({
  rp: { name: true, id: 'app-id' },
  user: { name: USER_NAME, id: 'id-value', displayName: USER_DISPLAY_NAME, icon: true },
  challenge: true,
  pubKeyCredParams: true,
  excludeCredentials: true,
  attestation: true,
});
const NESTED_WITHOUT_USER = '{"hey":{"hi":{"hello":"hii"}}}';
const iae = (e: unknown) => e instanceof IllegalArgumentException;

describe('androidx CreatePublicKeyCredentialRequestTest', () => {
  it('empty, invalid and user-less JSON throw IllegalArgumentException', () => {
    assert.throws(() => new CreatePublicKeyCredentialRequest(''), iae);
    assert.throws(() => new CreatePublicKeyCredentialRequest('invalid'), iae);
    assert.throws(() => new CreatePublicKeyCredentialRequest(NESTED_WITHOUT_USER), iae);
  });

  it('preferImmediatelyAvailableCredentials is false by default; set with origin and clientDataHash', () => {
    assert.equal(
      new CreatePublicKeyCredentialRequest(REQUEST_JSON).preferImmediatelyAvailableCredentials,
      false,
    );
    const hash = new TextEncoder().encode('hash');
    const r = new CreatePublicKeyCredentialRequest(REQUEST_JSON, {
      clientDataHash: hash,
      preferImmediatelyAvailableCredentials: true,
      origin: 'origin',
    });
    assert.equal(r.preferImmediatelyAvailableCredentials, true);
    assert.equal(r.origin, 'origin');
    assert.deepEqual(r.clientDataHash, hash);
  });

  it('the default-provider variant keeps preferDefaultProvider in its DisplayInfo, and every other field', () => {
    const hash = new TextEncoder().encode('hash');
    const r = new CreatePublicKeyCredentialRequest(REQUEST_JSON, {
      clientDataHash: hash,
      preferImmediatelyAvailableCredentials: true,
      origin: 'origin',
      preferDefaultProvider: 'com.test/com.test.TestProviderComponent',
    });
    assert.equal(r.displayInfo.preferDefaultProvider, 'com.test/com.test.TestProviderComponent');
    assert.deepEqual(r.clientDataHash, hash);
    assert.equal(r.origin, 'origin');
    assert.equal(r.requestJson, REQUEST_JSON);
    assert.equal(r.preferImmediatelyAvailableCredentials, true);
  });

  it('requestJson is kept as given, even when user.name is an object (coerced for DisplayInfo)', () => {
    const json = '{"user":{"name":{"lol":"Value"}}}';
    const r = new CreatePublicKeyCredentialRequest(json);
    assert.equal(r.requestJson, json);
    assert.equal(r.displayInfo.userId, '{"lol":"Value"}');
  });

  it('framework properties: the passkey type, no system provider, DisplayInfo from user.name and displayName', () => {
    const r = new CreatePublicKeyCredentialRequest(REQUEST_JSON, {
      preferImmediatelyAvailableCredentials: true,
    });
    assert.equal(r.type, TYPE_PUBLIC_KEY_CREDENTIAL);
    assert.equal(r.isSystemProviderRequired, false);
    assert.equal(r.isAutoSelectAllowed, false);
    assert.equal(r.displayInfo.userId, USER_NAME);
    assert.equal(r.displayInfo.userDisplayName, USER_DISPLAY_NAME);
  });
});

describe('androidx CreatePasswordRequestTest', () => {
  it('an empty password throws IllegalArgumentException', () => {
    assert.throws(() => new CreatePasswordRequest('id', ''), iae);
  });

  it('defaults: no default provider, not preferImmediatelyAvailable, no origin; id and password kept', () => {
    const r = new CreatePasswordRequest('id', 'password');
    assert.equal(r.displayInfo.preferDefaultProvider, null);
    assert.equal(r.preferImmediatelyAvailableCredentials, false);
    assert.equal(r.origin, null);
    assert.equal(r.id, 'id');
    assert.equal(r.password, 'password');
  });

  it('without defaults, and the default-provider variant', () => {
    const r = new CreatePasswordRequest('id', 'password', {
      origin: 'origin',
      preferImmediatelyAvailableCredentials: true,
    });
    assert.equal(r.preferImmediatelyAvailableCredentials, true);
    assert.equal(r.displayInfo.preferDefaultProvider, null);
    assert.equal(r.origin, 'origin');
    const d = new CreatePasswordRequest('id', 'pwd', {
      origin: 'origin',
      preferDefaultProvider: 'com.test/com.test.TestProviderComponent',
      preferImmediatelyAvailableCredentials: true,
    });
    assert.equal(d.displayInfo.preferDefaultProvider, 'com.test/com.test.TestProviderComponent');
    assert.equal(d.password, 'pwd');
    assert.equal(d.id, 'id');
  });

  it('framework properties: the password type, DisplayInfo.userId is the id and no display name', () => {
    const r = new CreatePasswordRequest('id', 'pwd', { preferImmediatelyAvailableCredentials: true });
    assert.equal(r.type, TYPE_PASSWORD_CREDENTIAL);
    assert.equal(r.type, 'android.credentials.TYPE_PASSWORD_CREDENTIAL');
    assert.equal(r.displayInfo.userId, 'id');
    assert.equal(r.displayInfo.userDisplayName, null);
    assert.equal(r.isSystemProviderRequired, false);
  });
});

describe('androidx CreateRestoreCredentialRequestTest', () => {
  it('empty, invalid and user-less JSON throw IllegalArgumentException', () => {
    assert.throws(() => new CreateRestoreCredentialRequest(''), iae);
    assert.throws(() => new CreateRestoreCredentialRequest('invalid'), iae);
    assert.throws(() => new CreateRestoreCredentialRequest(NESTED_WITHOUT_USER), iae);
  });

  it('isCloudBackupEnabled is true by default and can be false; requestJson is kept', () => {
    assert.equal(new CreateRestoreCredentialRequest(REQUEST_JSON).isCloudBackupEnabled, true);
    assert.equal(new CreateRestoreCredentialRequest(REQUEST_JSON, false).isCloudBackupEnabled, false);
    const r = new CreateRestoreCredentialRequest(REQUEST_JSON);
    assert.equal(r.requestJson, REQUEST_JSON);
    assert.equal(r.type, TYPE_RESTORE_CREDENTIAL);
  });
});

describe('androidx CreateCredentialRequestDisplayInfoTest', () => {
  it('an empty userId throws IllegalArgumentException', () => {
    assert.throws(() => new DisplayInfo(''), iae);
  });

  it('userId only; with a display name; with a default provider', () => {
    const only = new DisplayInfo('userId');
    assert.equal(only.userId, 'userId');
    assert.equal(only.userDisplayName, null);
    const named = new DisplayInfo('userId', 'displayName');
    assert.equal(named.userDisplayName, 'displayName');
    assert.equal(named.preferDefaultProvider, null);
    const preferred = new DisplayInfo('userId', 'displayName', 'com.test/com.test.TestProviderComponent');
    assert.equal(preferred.preferDefaultProvider, 'com.test/com.test.TestProviderComponent');
  });
});
