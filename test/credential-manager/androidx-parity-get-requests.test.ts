// Parity with androidx's instrumentation tests for the get side, restated for credkit: GetCredentialRequestTest,
// GetPublicKeyCredentialOptionTest, GetPasswordOptionTest, GetRestoreCredentialOptionTest and
// GetCustomCredentialOptionTest. Builder and CredentialOption.createFrom (framework parcel conversion) are
// out of scope (docs/guides/android-parity.md).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUNDLE_KEY_ALLOWED_USER_IDS,
  BUNDLE_KEY_CLIENT_DATA_HASH,
  BUNDLE_KEY_IS_AUTO_SELECT_ALLOWED,
  BUNDLE_KEY_REQUEST_JSON,
  BUNDLE_KEY_SUBTYPE,
  BUNDLE_VALUE_SUBTYPE_GET_PUBLIC_KEY_CREDENTIAL_OPTION,
  GetCredentialRequest,
  GetCustomCredentialOption,
  GetPasswordOption,
  GetPublicKeyCredentialOption,
  GetRestoreCredentialOption,
  IllegalArgumentException,
  TYPE_PASSWORD_CREDENTIAL,
  TYPE_PUBLIC_KEY_CREDENTIAL,
} from '../../packages/credential-manager/src/index.js';

const JSON_OBJECT = '{"hi":{"there":{"lol":"Value"}}}';
const PROVIDERS = new Set(['pkg/cls', 'pkg2/cls2']);
const iae = (e: unknown) => e instanceof IllegalArgumentException;

describe('androidx GetCredentialRequestTest', () => {
  it('an empty option list throws IllegalArgumentException', () => {
    assert.throws(() => new GetCredentialRequest([]), iae);
  });

  it('keeps the options in order and the origin; options are not auto-select by default', () => {
    // androidx's test passes "json" to GetPublicKeyCredentialOption (older versions only checked non-empty);
    // the version credkit follows requires a JSON object, so a real one stands in
    const options = [new GetPasswordOption(), new GetPublicKeyCredentialOption(JSON_OBJECT)];
    const r = new GetCredentialRequest(options, { origin: 'origin' });
    assert.equal(r.credentialOptions.length, 2);
    options.forEach((o, i) => assert.equal(r.credentialOptions[i], o));
    assert.equal(r.origin, 'origin');
    assert.equal(
      new GetCredentialRequest([new GetPasswordOption()]).credentialOptions[0]?.isAutoSelectAllowed,
      false,
    );
  });
});

describe('androidx GetPublicKeyCredentialOptionTest', () => {
  it('empty JSON throws IllegalArgumentException; a JSON object is accepted and kept', () => {
    assert.throws(() => new GetPublicKeyCredentialOption(''), iae);
    assert.equal(new GetPublicKeyCredentialOption(JSON_OBJECT).requestJson, JSON_OBJECT);
  });

  it('framework properties: type, request and candidate bundles, auto-select allowed, allowed providers', () => {
    const hash = new TextEncoder().encode('hash');
    const o = new GetPublicKeyCredentialOption(JSON_OBJECT, {
      clientDataHash: hash,
      allowedProviders: PROVIDERS,
    });
    assert.equal(o.type, TYPE_PUBLIC_KEY_CREDENTIAL);
    for (const data of [o.requestData, o.candidateQueryData]) {
      assert.equal(data[BUNDLE_KEY_SUBTYPE], BUNDLE_VALUE_SUBTYPE_GET_PUBLIC_KEY_CREDENTIAL_OPTION);
      assert.equal(data[BUNDLE_KEY_REQUEST_JSON], JSON_OBJECT);
      assert.deepEqual(data[BUNDLE_KEY_CLIENT_DATA_HASH], hash);
      assert.equal(data[BUNDLE_KEY_IS_AUTO_SELECT_ALLOWED], true);
    }
    assert.equal(o.isSystemProviderRequired, false);
    assert.equal(o.isAutoSelectAllowed, true);
    assert.deepEqual([...o.allowedProviders], [...PROVIDERS]);
  });
});

describe('androidx GetPasswordOptionTest', () => {
  it('the empty constructor: no auto-select, no allowed providers, no allowed user ids', () => {
    const o = new GetPasswordOption();
    assert.equal(o.isAutoSelectAllowed, false);
    assert.equal(o.allowedProviders.size, 0);
    assert.equal(o.allowedUserIds.size, 0);
  });

  it('optional values are kept and reach both bundles', () => {
    const users = new Set(['id1', 'id2', 'id3']);
    const o = new GetPasswordOption({
      allowedUserIds: users,
      isAutoSelectAllowed: true,
      allowedProviders: PROVIDERS,
    });
    assert.equal(o.type, TYPE_PASSWORD_CREDENTIAL);
    assert.equal(o.isAutoSelectAllowed, true);
    assert.deepEqual([...o.allowedProviders], [...PROVIDERS]);
    assert.deepEqual([...o.allowedUserIds], [...users]);
    for (const data of [o.requestData, o.candidateQueryData]) {
      assert.equal(data[BUNDLE_KEY_IS_AUTO_SELECT_ALLOWED], true);
      assert.deepEqual(data[BUNDLE_KEY_ALLOWED_USER_IDS], [...users]);
    }
    assert.equal(o.isSystemProviderRequired, false);
  });
});

describe('androidx GetRestoreCredentialOptionTest', () => {
  it('empty JSON throws IllegalArgumentException; a JSON object is accepted and kept', () => {
    assert.throws(() => new GetRestoreCredentialOption(''), iae);
    assert.equal(new GetRestoreCredentialOption(JSON_OBJECT).requestJson, JSON_OBJECT);
  });
});

describe('androidx GetCustomCredentialOptionTest', () => {
  const custom = (type: string, isSystemProviderRequired = false) =>
    new GetCustomCredentialOption({
      type,
      requestData: { Test: 'Test' },
      candidateQueryData: { key: true },
      isSystemProviderRequired,
    });

  it('an empty type throws IllegalArgumentException; a non-empty one is accepted', () => {
    assert.throws(() => custom(''), iae);
    custom('T', true);
  });

  it('framework properties: type, both bundles (plus the auto-select flag), system provider required', () => {
    const o = custom('TYPE', true);
    assert.equal(o.type, 'TYPE');
    assert.equal(o.requestData.Test, 'Test');
    assert.equal(o.candidateQueryData.key, true);
    assert.equal(o.isSystemProviderRequired, true);
  });
});
