// The model app's Sign in with Google: the option it adds to its sign-in request (a fresh nonce each time)
// and the CustomCredential branch of handleSignIn, which reads the ID token and hands it to the backend.
import { randomBytes } from 'node:crypto';
import type { CustomCredential } from '@credkit/credential-manager';
import { GetGoogleIdOption, GoogleIdTokenCredential } from '@credkit/provider';
import type { RpUser } from './rp-client.js';

export interface FederatedSignIn {
  serverClientId: string;
  /**
   * The app's backend: verifies the ID token (signature, iss, aud, nonce) and answers the account. credkit's
   * server has no such endpoint, so the story plays the backend with verifyIdToken.
   */
  backend(idToken: string, nonce: string | undefined): Promise<RpUser>;
  /** Only accounts that already signed in to the app (the library's default true). */
  filterByAuthorizedAccounts?: boolean;
}

export class FederatedSignInFlow {
  #nonce: string | undefined;

  constructor(private readonly config: FederatedSignIn) {}

  /** The option for the next request; its nonce is remembered for the backend's check. */
  option(): GetGoogleIdOption {
    this.#nonce = randomBytes(16).toString('base64url');
    return new GetGoogleIdOption({
      serverClientId: this.config.serverClientId,
      nonce: this.#nonce,
      filterByAuthorizedAccounts: this.config.filterByAuthorizedAccounts ?? true,
    });
  }

  /**
   * The guide's branch for a CustomCredential: null when it is not Sign in with Google's type. Throws
   * GoogleIdTokenParsingException when the bundle holds no ID token (update the library, says the guide).
   */
  async handle(credential: CustomCredential): Promise<{ user: RpUser; email: string } | null> {
    if (credential.type !== GoogleIdTokenCredential.TYPE_GOOGLE_ID_TOKEN_CREDENTIAL) return null;
    const google = GoogleIdTokenCredential.createFrom(credential.data);
    return { user: await this.config.backend(google.idToken, this.#nonce), email: google.id };
  }
}
