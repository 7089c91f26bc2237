// Every exception's type string and class relationships, against the library's constants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as cm from '../../packages/credential-manager/src/index.js';

type Family = { readonly name: string; readonly prototype: object };

const cases: [Error & { type: string }, string, Family][] = [
  [
    new cm.NoCredentialException(),
    'android.credentials.GetCredentialException.TYPE_NO_CREDENTIAL',
    cm.GetCredentialException,
  ],
  [
    new cm.GetCredentialCancellationException(),
    'android.credentials.GetCredentialException.TYPE_USER_CANCELED',
    cm.GetCredentialException,
  ],
  [
    new cm.GetCredentialInterruptedException(),
    'android.credentials.GetCredentialException.TYPE_INTERRUPTED',
    cm.GetCredentialException,
  ],
  [
    new cm.GetCredentialUnknownException(),
    'android.credentials.GetCredentialException.TYPE_UNKNOWN',
    cm.GetCredentialException,
  ],
  [
    new cm.GetCredentialProviderConfigurationException(),
    'androidx.credentials.TYPE_GET_CREDENTIAL_PROVIDER_CONFIGURATION_EXCEPTION',
    cm.GetCredentialException,
  ],
  [
    new cm.GetCredentialUnsupportedException(),
    'androidx.credentials.TYPE_GET_CREDENTIAL_UNSUPPORTED_EXCEPTION',
    cm.GetCredentialException,
  ],
  [
    new cm.GetCredentialCustomException('com.example.TYPE_X'),
    'com.example.TYPE_X',
    cm.GetCredentialException,
  ],
  [
    new cm.GetPublicKeyCredentialDomException(new cm.NotAllowedError()),
    'androidx.credentials.TYPE_GET_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION/androidx.credentials.TYPE_NOT_ALLOWED_ERROR',
    cm.GetPublicKeyCredentialException,
  ],
  [
    new cm.CreateCredentialCancellationException(),
    'android.credentials.CreateCredentialException.TYPE_USER_CANCELED',
    cm.CreateCredentialException,
  ],
  [
    new cm.CreateCredentialInterruptedException(),
    'android.credentials.CreateCredentialException.TYPE_INTERRUPTED',
    cm.CreateCredentialException,
  ],
  [
    new cm.CreateCredentialUnknownException(),
    'android.credentials.CreateCredentialException.TYPE_UNKNOWN',
    cm.CreateCredentialException,
  ],
  [
    new cm.CreateCredentialNoCreateOptionException(),
    'android.credentials.CreateCredentialException.TYPE_NO_CREATE_OPTIONS',
    cm.CreateCredentialException,
  ],
  [
    new cm.CreateCredentialProviderConfigurationException(),
    'androidx.credentials.TYPE_CREATE_CREDENTIAL_PROVIDER_CONFIGURATION_EXCEPTION',
    cm.CreateCredentialException,
  ],
  [
    new cm.CreateCredentialUnsupportedException(),
    'androidx.credentials.TYPE_CREATE_CREDENTIAL_UNSUPPORTED_EXCEPTION',
    cm.CreateCredentialException,
  ],
  [new cm.CreateCredentialCustomException('com.example.C'), 'com.example.C', cm.CreateCredentialException],
  [
    new cm.CreatePublicKeyCredentialDomException(new cm.InvalidStateError()),
    'androidx.credentials.TYPE_CREATE_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION/androidx.credentials.TYPE_INVALID_STATE_ERROR',
    cm.CreatePublicKeyCredentialException,
  ],
  [
    new cm.CreateRestoreCredentialDomException(new cm.DataError(), 'bad'),
    'androidx.credentials.TYPE_CREATE_RESTORE_CREDENTIAL_DOM_EXCEPTION/androidx.credentials.TYPE_DATA_ERROR',
    cm.CreateCredentialException,
  ],
  [
    new cm.E2eeUnavailableException(),
    'androidx.credentials.TYPE_E2EE_UNAVAILABLE_EXCEPTION',
    cm.CreateCredentialException,
  ],
  [
    new cm.ClearCredentialInterruptedException(),
    'androidx.credentials.TYPE_CLEAR_CREDENTIAL_INTERRUPTED_EXCEPTION',
    cm.ClearCredentialException,
  ],
  [
    new cm.ClearCredentialUnknownException(),
    'android.credentials.ClearCredentialStateException.TYPE_UNKNOWN',
    cm.ClearCredentialException,
  ],
  [
    new cm.ClearCredentialProviderConfigurationException(),
    'androidx.credentials.TYPE_CLEAR_CREDENTIAL_PROVIDER_CONFIGURATION_EXCEPTION',
    cm.ClearCredentialException,
  ],
  [
    new cm.ClearCredentialUnsupportedException(),
    'androidx.credentials.TYPE_CLEAR_CREDENTIAL_UNSUPPORTED_EXCEPTION',
    cm.ClearCredentialException,
  ],
  [new cm.ClearCredentialCustomException('com.example.Clr'), 'com.example.Clr', cm.ClearCredentialException],
  [
    new cm.SignalCredentialSecurityException(),
    'androidx.credentials.SignalCredentialStateException.TYPE_SECURITY',
    cm.SignalCredentialStateException,
  ],
  [
    new cm.SignalCredentialUnknownException(),
    'androidx.credentials.SignalCredentialStateException.TYPE_UNKNOWN',
    cm.SignalCredentialStateException,
  ],
  [
    new cm.SignalCredentialStateProviderConfigurationException(),
    'androidx.credentials.SignalCredentialStateException.TYPE_PROVIDER_CONFIGURATION',
    cm.SignalCredentialStateException,
  ],
  [
    new cm.SignalCredentialRateLimitExceededException(600000),
    'androidx.credentials.SignalCredentialStateException.RATE_LIMIT_EXCEEDED',
    cm.SignalCredentialStateException,
  ],
];

test('every exception carries the library type string and belongs to its family', () => {
  for (const [e, type, family] of cases) {
    assert.equal(e.type, type, e.name);
    assert.ok(
      Object.prototype.isPrototypeOf.call(family.prototype, e),
      `${e.name} instanceof ${family.name}`,
    );
    assert.ok(e instanceof Error);
    assert.equal(e.name, e.constructor.name);
  }
});

test('families do not overlap', () => {
  assert.ok(!(new cm.NoCredentialException() instanceof cm.CreateCredentialException));
  assert.ok(!(new cm.E2eeUnavailableException() instanceof cm.GetCredentialException));
  assert.ok(!(new cm.ClearCredentialUnknownException() instanceof cm.SignalCredentialStateException));
});

test('errorMessage defaults to null; message and retryMillis are kept', () => {
  assert.equal(new cm.NoCredentialException().errorMessage, null);
  assert.equal(new cm.NoCredentialException('none here').errorMessage, 'none here');
  assert.equal(new cm.NoCredentialException('none here').message, 'none here');
  const rl = new cm.SignalCredentialRateLimitExceededException(42_000, 'slow down');
  assert.equal(rl.retryMillis, 42_000);
  assert.equal(rl.errorMessage, 'slow down');
  assert.equal(
    new cm.E2eeUnavailableException().errorMessage,
    'E2ee is not available on the device. Check whether the backup and screen lock are enabled.',
  );
});

test('custom exceptions need a type', () => {
  assert.throws(() => new cm.GetCredentialCustomException(''), cm.IllegalArgumentException);
  assert.throws(() => new cm.CreateCredentialCustomException(''), cm.IllegalArgumentException);
  assert.throws(() => new cm.ClearCredentialCustomException(''), cm.IllegalArgumentException);
});

test('DomError type strings follow androidx.credentials.TYPE_<UPPER_SNAKE>_ERROR', () => {
  const expected: Record<string, string> = {
    AbortError: 'TYPE_ABORT_ERROR',
    ConstraintError: 'TYPE_CONSTRAINT_ERROR',
    DataCloneError: 'TYPE_DATA_CLONE_ERROR',
    DataError: 'TYPE_DATA_ERROR',
    EncodingError: 'TYPE_ENCODING_ERROR',
    HierarchyRequestError: 'TYPE_HIERARCHY_REQUEST_ERROR',
    InUseAttributeError: 'TYPE_IN_USE_ATTRIBUTE_ERROR',
    InvalidCharacterError: 'TYPE_INVALID_CHARACTER_ERROR',
    InvalidModificationError: 'TYPE_INVALID_MODIFICATION_ERROR',
    InvalidNodeTypeError: 'TYPE_INVALID_NODE_TYPE_ERROR',
    InvalidStateError: 'TYPE_INVALID_STATE_ERROR',
    NamespaceError: 'TYPE_NAMESPACE_ERROR',
    NetworkError: 'TYPE_NETWORK_ERROR',
    NoModificationAllowedError: 'TYPE_NO_MODIFICATION_ALLOWED_ERROR',
    NotAllowedError: 'TYPE_NOT_ALLOWED_ERROR',
    NotFoundError: 'TYPE_NOT_FOUND_ERROR',
    NotReadableError: 'TYPE_NOT_READABLE_ERROR',
    NotSupportedError: 'TYPE_NOT_SUPPORTED_ERROR',
    OperationError: 'TYPE_OPERATION_ERROR',
    OptOutError: 'TYPE_OPT_OUT_ERROR',
    QuotaExceededError: 'TYPE_QUOTA_EXCEEDED_ERROR',
    ReadOnlyError: 'TYPE_READ_ONLY_ERROR',
    SecurityError: 'TYPE_SECURITY_ERROR',
    SyntaxError: 'TYPE_SYNTAX_ERROR',
    TimeoutError: 'TYPE_TIMEOUT_ERROR',
    TransactionInactiveError: 'TYPE_TRANSACTION_INACTIVE_ERROR',
    UnknownError: 'TYPE_UNKNOWN_ERROR',
    VersionError: 'TYPE_VERSION_ERROR',
    WrongDocumentError: 'TYPE_WRONG_DOCUMENT_ERROR',
  };
  assert.deepEqual([...cm.DOM_ERROR_NAMES].sort(), Object.keys(expected).sort());
  for (const name of cm.DOM_ERROR_NAMES) {
    const e = cm.domError(name);
    assert.equal(e.type, `androidx.credentials.${expected[name]}`);
    assert.equal(cm.DomError.fromType(e.type)?.name, name);
  }
  const classes = [
    cm.AbortError,
    cm.ConstraintError,
    cm.DataError,
    cm.EncodingError,
    cm.InvalidStateError,
    cm.NotAllowedError,
    cm.NotSupportedError,
    cm.SecurityError,
    cm.TimeoutError,
    cm.UnknownError,
  ];
  for (const C of classes) assert.equal(new C().type, cm.domErrorType(C.name as cm.DomErrorName));
  assert.equal(cm.DomError.fromType('androidx.credentials.TYPE_BOGUS_ERROR'), null);
});

test('getCredentialExceptionFrom maps type strings back to classes', () => {
  assert.ok(
    cm.getCredentialExceptionFrom('android.credentials.GetCredentialException.TYPE_NO_CREDENTIAL') instanceof
      cm.NoCredentialException,
  );
  const dom = cm.getCredentialExceptionFrom(
    'androidx.credentials.TYPE_GET_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION/androidx.credentials.TYPE_ABORT_ERROR',
    'm',
  );
  assert.ok(dom instanceof cm.GetPublicKeyCredentialDomException);
  assert.equal(dom.domError.name, 'AbortError');
  // An unknown DOM suffix falls back to a custom exception, as in the library.
  const custom = cm.getCredentialExceptionFrom(
    'androidx.credentials.TYPE_GET_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION/x',
  );
  assert.ok(custom instanceof cm.GetCredentialCustomException);
});

test('createCredentialExceptionFrom / clearCredentialExceptionFrom round-trip every type', () => {
  const creates = [
    new cm.CreateCredentialCancellationException(),
    new cm.CreateCredentialInterruptedException(),
    new cm.CreateCredentialUnknownException(),
    new cm.CreateCredentialNoCreateOptionException(),
    new cm.CreateCredentialProviderConfigurationException(),
    new cm.CreateCredentialUnsupportedException(),
    new cm.CreatePublicKeyCredentialDomException(new cm.NotAllowedError()),
  ];
  for (const e of creates) {
    const back = cm.createCredentialExceptionFrom(e.type, 'm');
    assert.equal(back.constructor, e.constructor);
    assert.equal(back.type, e.type);
    assert.equal(back.errorMessage, 'm');
  }
  assert.ok(cm.createCredentialExceptionFrom('x.Y') instanceof cm.CreateCredentialCustomException);
  const clears = [
    new cm.ClearCredentialInterruptedException(),
    new cm.ClearCredentialUnknownException(),
    new cm.ClearCredentialProviderConfigurationException(),
    new cm.ClearCredentialUnsupportedException(),
  ];
  for (const e of clears) assert.equal(cm.clearCredentialExceptionFrom(e.type).constructor, e.constructor);
  assert.ok(cm.clearCredentialExceptionFrom('x.Y') instanceof cm.ClearCredentialCustomException);
});

test('signalCredentialStateExceptionFrom falls back to Unknown; GMS rate-limit message parsing', () => {
  assert.ok(
    cm.signalCredentialStateExceptionFrom(cm.SignalCredentialSecurityException.TYPE_SECURITY) instanceof
      cm.SignalCredentialSecurityException,
  );
  assert.ok(cm.signalCredentialStateExceptionFrom('other') instanceof cm.SignalCredentialUnknownException);
  const msg = 'SignalCredentialState has been called too frequently. Please retry later after 2 minutes.';
  // The library passes the minutes through unconverted (an apparent unit bug, reproduced).
  assert.equal(cm.rateLimitFromGmsMessage(msg).retryMillis, 2);
  assert.equal(cm.rateLimitFromGmsMessage('called too frequently').retryMillis, cm.MAX_RETRY_TIME);
  assert.equal(cm.MAX_RETRY_TIME, 600000);
  const rl = cm.signalCredentialStateExceptionFrom(
    cm.SignalCredentialRateLimitExceededException.RATE_LIMIT_EXCEEDED,
    msg,
  );
  assert.ok(rl instanceof cm.SignalCredentialRateLimitExceededException);
  assert.equal(rl.retryMillis, 2);
});
