// Credentials a GetCredentialResponse carries, and Credential.createFrom(type, data) that builds them.
import { NoCredentialException } from '../exceptions/get.js';
import { requireArgument } from '../exceptions/java.js';
import { requireJsonObject } from '../json.js';
import {
  BUNDLE_KEY_AUTHENTICATION_RESPONSE_JSON,
  BUNDLE_KEY_GET_RESTORE_CREDENTIAL_RESPONSE,
  BUNDLE_KEY_ID,
  BUNDLE_KEY_PASSWORD,
  TYPE_PASSWORD_CREDENTIAL,
  TYPE_PUBLIC_KEY_CREDENTIAL,
  TYPE_RESTORE_CREDENTIAL,
  type Bundle,
} from '../types.js';

/** What a provider hands back from onGetCredential: a type and its data bundle (any Credential fits). */
export interface CredentialData {
  readonly type: string;
  readonly data: Bundle;
}

export abstract class Credential implements CredentialData {
  protected constructor(
    readonly type: string,
    readonly data: Bundle,
  ) {}

  /**
   * Maps a provider's (type, data) to the library class; data that does not parse becomes a
   * CustomCredential. A restore type without its response → NoCredentialException.
   */
  static createFrom(type: string, data: Bundle): Credential {
    if (type === TYPE_RESTORE_CREDENTIAL) return restoreCredentialFrom(data);
    try {
      if (type === TYPE_PASSWORD_CREDENTIAL) {
        return new PasswordCredential(String(data[BUNDLE_KEY_ID]), String(data[BUNDLE_KEY_PASSWORD] ?? ''));
      }
      if (type === TYPE_PUBLIC_KEY_CREDENTIAL) {
        return new PublicKeyCredential(String(data[BUNDLE_KEY_AUTHENTICATION_RESPONSE_JSON] ?? ''));
      }
    } catch {
      // fall through: the library returns the raw data as a CustomCredential
    }
    return new CustomCredential(type, data);
  }
}

/** A passkey assertion: `authenticationResponseJson` is a WebAuthn AuthenticationResponseJSON. */
export class PublicKeyCredential extends Credential {
  static readonly TYPE_PUBLIC_KEY_CREDENTIAL = TYPE_PUBLIC_KEY_CREDENTIAL;
  readonly authenticationResponseJson: string;

  /** @throws IllegalArgumentException "authenticationResponseJson must not be empty, and must be a valid JSON" */
  constructor(authenticationResponseJson: string) {
    requireJsonObject(authenticationResponseJson, 'authenticationResponseJson');
    super(TYPE_PUBLIC_KEY_CREDENTIAL, {
      [BUNDLE_KEY_AUTHENTICATION_RESPONSE_JSON]: authenticationResponseJson,
    });
    this.authenticationResponseJson = authenticationResponseJson;
  }
}

export class PasswordCredential extends Credential {
  static readonly TYPE_PASSWORD_CREDENTIAL = TYPE_PASSWORD_CREDENTIAL;
  readonly id: string;
  readonly password: string;

  /** @throws IllegalArgumentException "password should not be empty" */
  constructor(id: string, password: string) {
    requireArgument(password.length > 0, 'password should not be empty');
    super(TYPE_PASSWORD_CREDENTIAL, { [BUNDLE_KEY_ID]: id, [BUNDLE_KEY_PASSWORD]: password });
    this.id = id;
    this.password = password;
  }
}

/** Any other credential type (federated sign-in libraries and the like). */
export class CustomCredential extends Credential {
  /** @throws IllegalArgumentException "type should not be empty" */
  constructor(type: string, data: Bundle) {
    requireArgument(type.length > 0, 'type should not be empty');
    super(type, data);
  }
}

const restoreToken = Symbol('RestoreCredential');

/** A restore key assertion. No public constructor: only Credential.createFrom builds one. */
export class RestoreCredential extends Credential {
  static readonly TYPE_RESTORE_CREDENTIAL = TYPE_RESTORE_CREDENTIAL;
  /** A WebAuthn AuthenticationResponseJSON (its JSON `type` is "public-key"). */
  readonly authenticationResponseJson: string;

  /** @internal */
  constructor(token: typeof restoreToken, authenticationResponseJson: string) {
    requireArgument(token === restoreToken, 'RestoreCredential has no public constructor');
    requireJsonObject(authenticationResponseJson, 'authenticationResponseJson');
    super(TYPE_RESTORE_CREDENTIAL, {
      [BUNDLE_KEY_GET_RESTORE_CREDENTIAL_RESPONSE]: authenticationResponseJson,
    });
    this.authenticationResponseJson = authenticationResponseJson;
  }
}

function restoreCredentialFrom(data: Bundle): RestoreCredential {
  const json = data[BUNDLE_KEY_GET_RESTORE_CREDENTIAL_RESPONSE];
  if (typeof json !== 'string')
    throw new NoCredentialException('The device does not contain a restore credential.');
  return new RestoreCredential(restoreToken, json);
}
