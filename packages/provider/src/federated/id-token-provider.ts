// A federated identity provider on the device (the part of Sign in with Google that answers Credential
// Manager): it offers the device's accounts for a GetGoogleIdOption and returns a CustomCredential of type
// TYPE_GOOGLE_ID_TOKEN_CREDENTIAL carrying an ID token for the app's backend. Other option types are ignored.
import { randomUUID } from 'node:crypto';
import type { CallingAppInfo } from '@credkit/credential-manager';
import { NoCredentialException } from '@credkit/credential-manager';
import type {
  BeginCreateCredentialResponse,
  BeginGetCredentialRequest,
  BeginGetCredentialResponse,
  CredentialProvider,
  ProviderGetCredentialRequest,
} from '@credkit/credential-manager';
import type { CreateCredentialResponse } from '@credkit/credential-manager';
import { CreateCredentialNoCreateOptionException } from '@credkit/credential-manager';
import type { CredentialData } from '@credkit/credential-manager';
import type { Bundle } from '@credkit/credential-manager';
import {
  BUNDLE_KEY_FILTER_BY_AUTHORIZED_ACCOUNTS,
  BUNDLE_KEY_NONCE,
  BUNDLE_KEY_SERVER_CLIENT_ID,
  GoogleIdTokenCredential,
  TYPE_GOOGLE_ID_TOKEN_CREDENTIAL,
} from './google-id.js';
import { newIdTokenSigner, type IdTokenSigner } from './id-token.js';

export interface FederatedAccount {
  email: string;
  displayName: string;
  /** The stable subject identifier (default: a random UUID). */
  sub?: string;
}

export interface IdTokenProviderOptions {
  /** The `iss` of the tokens (default "https://accounts.idp.example", a stand-in for accounts.google.com). */
  issuer?: string;
  accounts: FederatedAccount[];
  signer?: IdTokenSigner;
  now?: () => number;
  id?: string;
  /** Token lifetime in seconds (default 3600). */
  lifetimeSeconds?: number;
}

export class IdTokenProvider implements CredentialProvider {
  readonly id: string;
  readonly issuer: string;
  readonly signer: IdTokenSigner;
  readonly accounts: Required<FederatedAccount>[];
  readonly #now: () => number;
  readonly #lifetime: number;
  /** `${packageName} ${email}`: the account already signed in to this app (filterByAuthorizedAccounts). */
  readonly #authorized = new Set<string>();

  constructor(options: IdTokenProviderOptions) {
    this.id = options.id ?? 'dev.credkit.idp/.IdTokenProvider';
    this.issuer = options.issuer ?? 'https://accounts.idp.example';
    this.signer = options.signer ?? newIdTokenSigner();
    this.accounts = options.accounts.map((a) => ({ sub: randomUUID(), ...a }));
    this.#now = options.now ?? Date.now;
    this.#lifetime = options.lifetimeSeconds ?? 3600;
  }

  /** Has `email` already signed in to the app with this provider? */
  isAuthorized(packageName: string, email: string): boolean {
    return this.#authorized.has(`${packageName} ${email}`);
  }

  async onBeginCreateCredential(): Promise<BeginCreateCredentialResponse> {
    return { createEntries: [] };
  }

  async onCreateCredential(): Promise<CreateCredentialResponse> {
    throw new CreateCredentialNoCreateOptionException('This provider saves no credentials');
  }

  async onBeginGetCredential({
    option,
    callingApp,
  }: BeginGetCredentialRequest): Promise<BeginGetCredentialResponse> {
    // a custom option arrives typed as one of the three androidx options; its type string tells
    const type: string = option.type;
    if (type !== TYPE_GOOGLE_ID_TOKEN_CREDENTIAL) return { credentialEntries: [] };
    return {
      credentialEntries: this.#offered(option.requestData, callingApp).map((a) => ({
        id: a.sub,
        type: TYPE_GOOGLE_ID_TOKEN_CREDENTIAL,
        displayName: a.email,
        userDisplayName: a.displayName,
      })),
    };
  }

  async onGetCredential({
    option,
    callingApp,
    selected,
  }: ProviderGetCredentialRequest): Promise<CredentialData> {
    const account =
      selected.kind === 'credential'
        ? this.#offered(option.requestData, callingApp).find((a) => a.sub === selected.entry.id)
        : undefined;
    if (!account) throw new NoCredentialException('The account is no longer on this device');
    const audience = option.requestData[BUNDLE_KEY_SERVER_CLIENT_ID];
    const nonce = option.requestData[BUNDLE_KEY_NONCE];
    const iat = Math.floor(this.#now() / 1000);
    const idToken = this.signer.sign({
      iss: this.issuer,
      aud: String(audience),
      sub: account.sub,
      email: account.email,
      email_verified: true,
      name: account.displayName,
      ...(typeof nonce === 'string' ? { nonce } : {}),
      iat,
      exp: iat + this.#lifetime,
    });
    this.#authorized.add(`${callingApp.packageName} ${account.email}`);
    const credential = new GoogleIdTokenCredential({
      id: account.email,
      idToken,
      displayName: account.displayName,
    });
    // handed over as (type, data): Credential.createFrom makes it a CustomCredential for the app
    return { type: credential.type, data: credential.data };
  }

  async onClearCredentialState(): Promise<void> {}

  #offered(requestData: Bundle, caller: CallingAppInfo): Required<FederatedAccount>[] {
    if (typeof requestData[BUNDLE_KEY_SERVER_CLIENT_ID] !== 'string') return [];
    const onlyAuthorized = requestData[BUNDLE_KEY_FILTER_BY_AUTHORIZED_ACCOUNTS] !== false;
    return this.accounts.filter((a) => !onlyAuthorized || this.isAuthorized(caller.packageName, a.email));
  }
}
