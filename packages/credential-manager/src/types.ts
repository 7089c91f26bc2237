// The androidx.credentials type strings, bundle keys and permission names that more than one module uses.

/** `PublicKeyCredential.TYPE_PUBLIC_KEY_CREDENTIAL`: passkeys. */
export const TYPE_PUBLIC_KEY_CREDENTIAL = 'androidx.credentials.TYPE_PUBLIC_KEY_CREDENTIAL';
/** `PasswordCredential.TYPE_PASSWORD_CREDENTIAL` (note the `android.` prefix, as in the library). */
export const TYPE_PASSWORD_CREDENTIAL = 'android.credentials.TYPE_PASSWORD_CREDENTIAL';
/** `RestoreCredential.TYPE_RESTORE_CREDENTIAL`: restore keys. */
export const TYPE_RESTORE_CREDENTIAL = 'androidx.credentials.TYPE_RESTORE_CREDENTIAL';

export const BUNDLE_KEY_REQUEST_JSON = 'androidx.credentials.BUNDLE_KEY_REQUEST_JSON';
export const BUNDLE_KEY_CLIENT_DATA_HASH = 'androidx.credentials.BUNDLE_KEY_CLIENT_DATA_HASH';
export const BUNDLE_KEY_REGISTRATION_RESPONSE_JSON =
  'androidx.credentials.BUNDLE_KEY_REGISTRATION_RESPONSE_JSON';
export const BUNDLE_KEY_AUTHENTICATION_RESPONSE_JSON =
  'androidx.credentials.BUNDLE_KEY_AUTHENTICATION_RESPONSE_JSON';
export const BUNDLE_KEY_ID = 'androidx.credentials.BUNDLE_KEY_ID';
export const BUNDLE_KEY_PASSWORD = 'androidx.credentials.BUNDLE_KEY_PASSWORD';
export const BUNDLE_KEY_CREATE_RESTORE_CREDENTIAL_RESPONSE =
  'androidx.credentials.BUNDLE_KEY_CREATE_RESTORE_CREDENTIAL_RESPONSE';
export const BUNDLE_KEY_GET_RESTORE_CREDENTIAL_RESPONSE =
  'androidx.credentials.BUNDLE_KEY_GET_RESTORE_CREDENTIAL_RESPONSE';
export const BUNDLE_KEY_CLEAR_RESTORE_CREDENTIAL_REQUEST =
  'androidx.credentials.BUNDLE_KEY_CLEAR_RESTORE_CREDENTIAL_REQUEST';
export const BUNDLE_KEY_SIGNAL_REQUEST_JSON = 'androidx.credentials.signal_request_json_key';

/** Lets a privileged caller (a browser) set `origin` on requests. */
export const CREDENTIAL_MANAGER_SET_ORIGIN = 'android.permission.CREDENTIAL_MANAGER_SET_ORIGIN';
/** Needed for PrepareGetCredentialResponse.hasCredentialResults / hasAuthenticationResults / hasRemoteResults. */
export const CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS =
  'android.permission.CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS';

/** An Android `Bundle`, modelled as a plain read-only record. */
export type Bundle = Readonly<Record<string, unknown>>;
