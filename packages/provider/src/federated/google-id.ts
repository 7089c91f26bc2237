// Sign in with Google's client classes (com.google.android.libraries.identity.googleid), as a federated
// sign-in library plugs into Credential Manager: GetGoogleIdOption is a custom option, and the answer is a
// CustomCredential of type TYPE_GOOGLE_ID_TOKEN_CREDENTIAL whose data bundle GoogleIdTokenCredential reads.
import { GetCustomCredentialOption } from '@credkit/credential-manager';
import { PRIORITY_OIDC_OR_SIMILAR } from '@credkit/credential-manager';
import { Credential, CustomCredential } from '@credkit/credential-manager';
import type { Bundle } from '@credkit/credential-manager';

const PREFIX = 'com.google.android.libraries.identity.googleid.';
export const TYPE_GOOGLE_ID_TOKEN_CREDENTIAL = `${PREFIX}TYPE_GOOGLE_ID_TOKEN_CREDENTIAL`;

/** The request bundle of GetGoogleIdOption. */
export const BUNDLE_KEY_SERVER_CLIENT_ID = `${PREFIX}BUNDLE_KEY_SERVER_CLIENT_ID`;
export const BUNDLE_KEY_NONCE = `${PREFIX}BUNDLE_KEY_NONCE`;
export const BUNDLE_KEY_FILTER_BY_AUTHORIZED_ACCOUNTS = `${PREFIX}BUNDLE_KEY_FILTER_BY_AUTHORIZED_ACCOUNTS`;
export const BUNDLE_KEY_AUTO_SELECT_ENABLED = `${PREFIX}BUNDLE_KEY_AUTO_SELECT_ENABLED`;

/** The credential bundle of GoogleIdTokenCredential. */
export const BUNDLE_KEY_ID = `${PREFIX}BUNDLE_KEY_ID`;
export const BUNDLE_KEY_ID_TOKEN = `${PREFIX}BUNDLE_KEY_ID_TOKEN`;
export const BUNDLE_KEY_DISPLAY_NAME = `${PREFIX}BUNDLE_KEY_DISPLAY_NAME`;
export const BUNDLE_KEY_GIVEN_NAME = `${PREFIX}BUNDLE_KEY_GIVEN_NAME`;
export const BUNDLE_KEY_FAMILY_NAME = `${PREFIX}BUNDLE_KEY_FAMILY_NAME`;

export interface GetGoogleIdOptionInit {
  /** The OAuth client id of the app's backend: the ID token's `aud`. */
  serverClientId: string;
  /** Echoed in the ID token; the backend checks it (replay protection). */
  nonce?: string | null;
  /** Only accounts that already signed in to this app (default true, as the library). */
  filterByAuthorizedAccounts?: boolean;
  autoSelectEnabled?: boolean;
}

export class GetGoogleIdOption extends GetCustomCredentialOption {
  readonly serverClientId: string;
  readonly nonce: string | null;
  readonly filterByAuthorizedAccounts: boolean;

  constructor(init: GetGoogleIdOptionInit) {
    const requestData: Bundle = {
      [BUNDLE_KEY_SERVER_CLIENT_ID]: init.serverClientId,
      [BUNDLE_KEY_NONCE]: init.nonce ?? null,
      [BUNDLE_KEY_FILTER_BY_AUTHORIZED_ACCOUNTS]: init.filterByAuthorizedAccounts ?? true,
      [BUNDLE_KEY_AUTO_SELECT_ENABLED]: init.autoSelectEnabled ?? false,
    };
    super({
      type: TYPE_GOOGLE_ID_TOKEN_CREDENTIAL,
      requestData,
      candidateQueryData: requestData,
      isSystemProviderRequired: false,
      isAutoSelectAllowed: init.autoSelectEnabled ?? false,
      typePriorityHint: PRIORITY_OIDC_OR_SIMILAR,
    });
    this.serverClientId = init.serverClientId;
    this.nonce = init.nonce ?? null;
    this.filterByAuthorizedAccounts = init.filterByAuthorizedAccounts ?? true;
  }
}

/** The data bundle could not be read as a Google ID token credential (a library version mismatch). */
export class GoogleIdTokenParsingException extends Error {
  override readonly name = 'GoogleIdTokenParsingException';
}

export class GoogleIdTokenCredential extends CustomCredential {
  static readonly TYPE_GOOGLE_ID_TOKEN_CREDENTIAL = TYPE_GOOGLE_ID_TOKEN_CREDENTIAL;
  /** The account's email address. */
  readonly id: string;
  /** A signed OpenID Connect ID token (JWT); the app sends it to its backend. */
  readonly idToken: string;
  readonly displayName: string | null;
  readonly givenName: string | null;
  readonly familyName: string | null;

  constructor(init: {
    id: string;
    idToken: string;
    displayName?: string | null;
    givenName?: string | null;
    familyName?: string | null;
  }) {
    super(TYPE_GOOGLE_ID_TOKEN_CREDENTIAL, {
      [BUNDLE_KEY_ID]: init.id,
      [BUNDLE_KEY_ID_TOKEN]: init.idToken,
      [BUNDLE_KEY_DISPLAY_NAME]: init.displayName ?? null,
      [BUNDLE_KEY_GIVEN_NAME]: init.givenName ?? null,
      [BUNDLE_KEY_FAMILY_NAME]: init.familyName ?? null,
    });
    this.id = init.id;
    this.idToken = init.idToken;
    this.displayName = init.displayName ?? null;
    this.givenName = init.givenName ?? null;
    this.familyName = init.familyName ?? null;
  }

  /**
   * `GoogleIdTokenCredential.createFrom(credential.data)`: reads a CustomCredential's data.
   * @throws GoogleIdTokenParsingException without an id and an ID token.
   * (With a type and data it is Credential.createFrom, which this class inherits.)
   */
  static override createFrom(data: Bundle): GoogleIdTokenCredential;
  static override createFrom(type: string, data: Bundle): Credential;
  static override createFrom(typeOrData: string | Bundle, bundle?: Bundle): Credential {
    if (typeof typeOrData === 'string') return Credential.createFrom(typeOrData, bundle ?? {});
    const data = typeOrData;
    const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
    const id = text(BUNDLE_KEY_ID);
    const idToken = text(BUNDLE_KEY_ID_TOKEN);
    if (!id || !idToken) throw new GoogleIdTokenParsingException('The bundle holds no Google ID token');
    return new GoogleIdTokenCredential({
      id,
      idToken,
      displayName: text(BUNDLE_KEY_DISPLAY_NAME),
      givenName: text(BUNDLE_KEY_GIVEN_NAME),
      familyName: text(BUNDLE_KEY_FAMILY_NAME),
    });
  }
}
