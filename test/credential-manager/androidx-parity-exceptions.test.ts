// Parity with androidx's exception tests (credentials/.../androidTest/.../exceptions/): for each concrete class
// (NoCredentialExceptionTest, GetCredentialUnknownExceptionTest, CreateCredentialInterruptedExceptionTest, …)
// it is thrown with a message and with null, and carries its type and errorMessage; the custom ones
// (GetCustomCredentialExceptionTest, CreateCredentialCustomExceptionTest, ClearCredentialCustomExceptionTest)
// reject an empty type; the DOM ones (GetPublicKeyCredentialDomExceptionTest,
// CreatePublicKeyCredentialDomExceptionTest) build their type from the DomError and map back through createFrom.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as cm from '../../packages/credential-manager/src/index.js';

type Concrete = new (errorMessage?: string | null) => cm.CredentialManagerException;

/** Each class with its family and the type string the androidx test (or the library constant) names. */
/** A family base (abstract, protected constructor): only its prototype is needed. */
type Family = { readonly prototype: object };
const inFamily = (e: object, family: Family) => Object.prototype.isPrototypeOf.call(family.prototype, e);

const CONCRETE: [string, Concrete, Family, string][] = [
  [
    'NoCredentialException',
    cm.NoCredentialException,
    cm.GetCredentialException,
    'android.credentials.GetCredentialException.TYPE_NO_CREDENTIAL',
  ],
  [
    'GetCredentialCancellationException',
    cm.GetCredentialCancellationException,
    cm.GetCredentialException,
    'android.credentials.GetCredentialException.TYPE_USER_CANCELED',
  ],
  [
    'GetCredentialInterruptedException',
    cm.GetCredentialInterruptedException,
    cm.GetCredentialException,
    'android.credentials.GetCredentialException.TYPE_INTERRUPTED',
  ],
  [
    'GetCredentialUnknownException',
    cm.GetCredentialUnknownException,
    cm.GetCredentialException,
    'android.credentials.GetCredentialException.TYPE_UNKNOWN',
  ],
  [
    'GetCredentialProviderConfigurationException',
    cm.GetCredentialProviderConfigurationException,
    cm.GetCredentialException,
    'androidx.credentials.TYPE_GET_CREDENTIAL_PROVIDER_CONFIGURATION_EXCEPTION',
  ],
  [
    'GetCredentialUnsupportedException',
    cm.GetCredentialUnsupportedException,
    cm.GetCredentialException,
    'androidx.credentials.TYPE_GET_CREDENTIAL_UNSUPPORTED_EXCEPTION',
  ],
  [
    'CreateCredentialCancellationException',
    cm.CreateCredentialCancellationException,
    cm.CreateCredentialException,
    'android.credentials.CreateCredentialException.TYPE_USER_CANCELED',
  ],
  [
    'CreateCredentialInterruptedException',
    cm.CreateCredentialInterruptedException,
    cm.CreateCredentialException,
    'android.credentials.CreateCredentialException.TYPE_INTERRUPTED',
  ],
  [
    'CreateCredentialUnknownException',
    cm.CreateCredentialUnknownException,
    cm.CreateCredentialException,
    'android.credentials.CreateCredentialException.TYPE_UNKNOWN',
  ],
  [
    'CreateCredentialNoCreateOptionException',
    cm.CreateCredentialNoCreateOptionException,
    cm.CreateCredentialException,
    'android.credentials.CreateCredentialException.TYPE_NO_CREATE_OPTIONS',
  ],
  [
    'CreateCredentialProviderConfigurationException',
    cm.CreateCredentialProviderConfigurationException,
    cm.CreateCredentialException,
    'androidx.credentials.TYPE_CREATE_CREDENTIAL_PROVIDER_CONFIGURATION_EXCEPTION',
  ],
  [
    'CreateCredentialUnsupportedException',
    cm.CreateCredentialUnsupportedException,
    cm.CreateCredentialException,
    'androidx.credentials.TYPE_CREATE_CREDENTIAL_UNSUPPORTED_EXCEPTION',
  ],
  [
    'ClearCredentialInterruptedException',
    cm.ClearCredentialInterruptedException,
    cm.ClearCredentialException,
    'androidx.credentials.TYPE_CLEAR_CREDENTIAL_INTERRUPTED_EXCEPTION',
  ],
  [
    'ClearCredentialUnknownException',
    cm.ClearCredentialUnknownException,
    cm.ClearCredentialException,
    'android.credentials.ClearCredentialStateException.TYPE_UNKNOWN',
  ],
  [
    'ClearCredentialProviderConfigurationException',
    cm.ClearCredentialProviderConfigurationException,
    cm.ClearCredentialException,
    'androidx.credentials.TYPE_CLEAR_CREDENTIAL_PROVIDER_CONFIGURATION_EXCEPTION',
  ],
  [
    'ClearCredentialUnsupportedException',
    cm.ClearCredentialUnsupportedException,
    cm.ClearCredentialException,
    'androidx.credentials.TYPE_CLEAR_CREDENTIAL_UNSUPPORTED_EXCEPTION',
  ],
];

describe('androidx <Exception>Test for each concrete exception', () => {
  for (const [name, Cls, Family, type] of CONCRETE) {
    it(`${name}Test: thrown with a message or null; type and errorMessage`, () => {
      assert.throws(() => {
        throw new Cls('msg');
      }, Cls);
      assert.throws(() => {
        throw new Cls(null);
      }, Cls);
      const e = new Cls('message');
      assert.ok(inFamily(e, Family));
      assert.equal(e.constructor, Cls);
      assert.equal(e.type, type);
      assert.equal(e.errorMessage, 'message');
      assert.equal(new Cls(null).errorMessage, null);
    });
  }
});

describe('androidx Get/Create/ClearCredentialCustomExceptionTest', () => {
  const customs: [string, new (type: string, m?: string | null) => cm.CredentialManagerException][] = [
    ['GetCredentialCustomException', cm.GetCredentialCustomException],
    ['CreateCredentialCustomException', cm.CreateCredentialCustomException],
    ['ClearCredentialCustomException', cm.ClearCredentialCustomException],
  ];
  for (const [name, Cls] of customs) {
    it(`${name}: any non-empty type with a message or null; an empty type is IllegalArgumentException`, () => {
      const e = new Cls('type', 'message');
      assert.deepEqual([e.type, e.errorMessage], ['type', 'message']);
      assert.equal(new Cls('type', null).errorMessage, null);
      assert.throws(() => new Cls('', 'msg'), cm.IllegalArgumentException);
    });
  }
});

describe('androidx GetPublicKeyCredentialDomExceptionTest / GetPublicKeyCredentialExceptionTest', () => {
  it('the type is the DOM-exception prefix, "/", and the DomError type; errorMessage is kept', () => {
    const e = new cm.GetPublicKeyCredentialDomException(new cm.EncodingError(), 'msg');
    // androidx's test concatenates without "/"; the shipped library (and credkit) put one between
    assert.equal(
      e.type,
      `${cm.GetPublicKeyCredentialDomException.TYPE_GET_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION}/androidx.credentials.TYPE_ENCODING_ERROR`,
    );
    assert.equal(e.errorMessage, 'msg');
    assert.ok(inFamily(e, cm.GetPublicKeyCredentialException));
  });

  it('createFrom maps a DOM type back with its DomError; an unknown suffix or type is a custom exception', () => {
    const type = new cm.GetPublicKeyCredentialDomException(new cm.EncodingError()).type;
    const back = cm.getCredentialExceptionFrom(type, 'msg');
    assert.ok(back instanceof cm.GetPublicKeyCredentialDomException);
    assert.ok(back.domError instanceof cm.EncodingError);
    assert.deepEqual([back.type, back.errorMessage], [type, 'msg']);
    const customDom = `${cm.GetPublicKeyCredentialDomException.TYPE_GET_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION}/CustomType`;
    for (const t of [customDom, 'CustomType']) {
      const custom = cm.getCredentialExceptionFrom(t, 'CustomMessage');
      assert.ok(custom instanceof cm.GetCredentialCustomException);
      assert.deepEqual([custom.type, custom.errorMessage], [t, 'CustomMessage']);
    }
  });
});

describe('androidx CreatePublicKeyCredentialDomExceptionTest', () => {
  it('thrown with AbortError; the type follows the DomError; createFrom maps it back', () => {
    assert.throws(() => {
      throw new cm.CreatePublicKeyCredentialDomException(new cm.AbortError(), 'msg');
    }, cm.CreatePublicKeyCredentialDomException);
    const e = new cm.CreatePublicKeyCredentialDomException(new cm.EncodingError(), 'msg');
    assert.equal(
      e.type,
      `${cm.CreatePublicKeyCredentialDomException.TYPE_CREATE_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION}/androidx.credentials.TYPE_ENCODING_ERROR`,
    );
    const back = cm.createCredentialExceptionFrom(e.type, 'msg');
    assert.ok(back instanceof cm.CreatePublicKeyCredentialDomException);
    assert.ok(back.domError instanceof cm.EncodingError);
  });
});
