// A model Android app (like the Shrine sample) that follows the three Android guides: it talks to the
// credkit server over HTTP and to Credential Manager on its device, and forwards the server's signals.
import { CredentialManager } from '@credkit/credential-manager';
import { ClearCredentialStateRequest } from '@credkit/credential-manager';
import { CreatePublicKeyCredentialRequest } from '@credkit/credential-manager';
import { CreateRestoreCredentialRequest } from '@credkit/credential-manager';
import { GetCredentialRequest } from '@credkit/credential-manager';
import { GetPasswordOption } from '@credkit/credential-manager';
import { GetPublicKeyCredentialOption } from '@credkit/credential-manager';
import { GetRestoreCredentialOption } from '@credkit/credential-manager';
import {
  CustomCredential,
  PasswordCredential,
  PublicKeyCredential,
  RestoreCredential,
  type Credential,
} from '@credkit/credential-manager';
import { GetCredentialInterruptedException } from '@credkit/credential-manager';
import { CreatePasswordRequest } from '@credkit/credential-manager';
import { E2eeUnavailableException } from '@credkit/credential-manager';
import type { Context } from '@credkit/credential-manager';
import type { Device } from '@credkit/provider';
import { RpClient, RpError, type RpUser, type ServerSignals } from './rp-client.js';
import { FederatedSignInFlow, type FederatedSignIn } from './federated-sign-in.js';
import { SignalOutbox, type SignalOutboxOptions } from './signal-outbox.js';
import { SignInOptions, type SignInKind } from './sign-in-options.js';

export interface SignInResult {
  user: RpUser;
  /** How the user signed in. */
  via: 'password' | 'passkey' | 'restore' | 'federated';
  /** The credential id (for federated sign-in: the account's email). */
  credentialId?: string;
}

export type { SignInKind } from './sign-in-options.js';
export type { FederatedSignIn } from './federated-sign-in.js';

export interface AndroidAppOptions {
  /** The app's own signal budget and clock (default 10 per 120 s on the device's clock). */
  signalBudget?: SignalOutboxOptions;
  /** Offer Sign in with Google next to passkeys and passwords. */
  federated?: FederatedSignIn;
}

export class AndroidApp {
  readonly rp: RpClient;
  readonly credentialManager: CredentialManager;
  readonly context: Context;
  user: RpUser | undefined;
  /** Signals over the app's budget wait here and go out when the window allows. */
  readonly signals: SignalOutbox;
  /**
   * The `deviceId` the app sends with its restore key and at sign-out: its own id for this install (an app
   * cannot read an id shared by other apps), so two apps of one RP on a phone keep separate restore keys.
   */
  get installationId(): string {
    return `${this.packageName}@${this.device.id}`;
  }
  /** Sign-in options: prefetched at app start when asked, refetched once after `challenge_expired`. */
  readonly signInOptions: SignInOptions;
  /** How many times a sign-in retried after GetCredentialInterruptedException. */
  interruptedRetries = 0;
  readonly #federated: FederatedSignInFlow | undefined;

  constructor(
    readonly device: Device,
    readonly packageName: string,
    serverUrl: string,
    options: AndroidAppOptions = {},
  ) {
    this.rp = new RpClient(serverUrl);
    this.context = device.context(packageName);
    this.credentialManager = CredentialManager.create(this.context);
    this.signals = new SignalOutbox((request) => this.credentialManager.signalCredentialState(request), {
      now: () => device.now(),
      ...options.signalBudget,
    });
    this.signInOptions = new SignInOptions(this.rp);
    this.#federated = options.federated ? new FederatedSignInFlow(options.federated) : undefined;
  }

  #signedIn(user: RpUser): RpUser {
    this.user = user;
    this.device.setAppSignedIn(this.packageName, true);
    return user;
  }

  async signUp(username: string, password: string, displayName = username): Promise<RpUser> {
    const { user } = await this.rp.post('/api/signup', { username, displayName, password });
    return this.#signedIn(user);
  }

  /** The app's own password form (no Credential Manager): the user types the password. */
  async signInWithPassword(username: string, password: string): Promise<RpUser> {
    const { user } = await this.rp.post('/api/signin/password', { username, password });
    return this.#signedIn(user);
  }

  /** Create passkeys guide: options from the server, createCredential, send the response back. */
  async createPasskey(): Promise<string> {
    const options = await this.rp.post('/api/webauthn/registration/options', { kind: 'passkey' });
    const response = await this.credentialManager.createCredential(
      this.context,
      new CreatePublicKeyCredentialRequest(JSON.stringify(options)),
    );
    const result = await this.rp.post(
      '/api/webauthn/registration/verify',
      JSON.parse(response.registrationResponseJson),
    );
    await this.applySignals(result.signals);
    return result.credential.id as string;
  }

  /**
   * Restore credentials guide: create a restore key right after sign-in. With `fallbackToLocal`, an
   * E2eeUnavailableException is answered by retrying with isCloudBackupEnabled = false.
   */
  async createRestoreKey(
    options: { isCloudBackupEnabled?: boolean; fallbackToLocal?: boolean } = {},
  ): Promise<{ id: string; cloudBackup: boolean }> {
    const creation = await this.rp.post('/api/webauthn/registration/options', {
      kind: 'restore',
      deviceId: this.installationId,
    });
    const json = JSON.stringify(creation);
    let cloudBackup = options.isCloudBackupEnabled ?? true;
    let response;
    try {
      response = await this.credentialManager.createCredential(
        this.context,
        new CreateRestoreCredentialRequest(json, cloudBackup),
      );
    } catch (e) {
      if (!(e instanceof E2eeUnavailableException && options.fallbackToLocal && cloudBackup)) throw e;
      cloudBackup = false;
      response = await this.credentialManager.createCredential(
        this.context,
        new CreateRestoreCredentialRequest(json, false),
      );
    }
    const result = await this.rp.post('/api/webauthn/registration/verify', JSON.parse(response.responseJson));
    await this.applySignals(result.signals);
    return { id: result.credential.id as string, cloudBackup };
  }

  /** How many times a sign-in fetched new options after `challenge_expired`. */
  get optionsRefetched(): number {
    return this.signInOptions.refetched;
  }

  /**
   * Sign-in guide tip: fetch the sign-in options at the start of the app session, so the sign-in itself
   * saves a round trip. The challenge in them expires (the server's challenge TTL): see SignInOptions.
   */
  async prefetchSignInOptions(kind: SignInKind = 'passkey'): Promise<void> {
    await this.signInOptions.prefetch(kind);
  }

  /** Restore step on a new device: silent getCredential with GetRestoreCredentialOption only. */
  async signInWithRestoreKey(): Promise<SignInResult> {
    return this.signInOptions.run('restore', async (options) => {
      const { credential } = await this.credentialManager.getCredential(
        this.context,
        new GetCredentialRequest([new GetRestoreCredentialOption(JSON.stringify(options))]),
      );
      if (!(credential instanceof RestoreCredential))
        throw new TypeError(`expected a RestoreCredential, got ${credential.type}`);
      return this.#verifyAssertion(credential.authenticationResponseJson, 'restore');
    });
  }

  /**
   * Sign in guide: one request with a passkey option and a password option (and Sign in with Google's option
   * when the app is configured for it); handle each kind of credential that comes back.
   */
  async signIn(): Promise<SignInResult> {
    return this.signInOptions.run('passkey', async (options) => {
      const request = new GetCredentialRequest([
        new GetPublicKeyCredentialOption(JSON.stringify(options)),
        new GetPasswordOption(),
        ...(this.#federated ? [this.#federated.option()] : []),
      ]);
      return this.#handleSignIn(await this.#getCredential(request));
    });
  }

  /**
   * getCredential; an interrupted call (GetCredentialInterruptedException: another UI took over) is tried once
   * more, as the troubleshooting guide advises. Cancellation and the rest reach the caller.
   */
  async #getCredential(request: GetCredentialRequest): Promise<Credential> {
    try {
      return (await this.credentialManager.getCredential(this.context, request)).credential;
    } catch (e) {
      if (!(e instanceof GetCredentialInterruptedException)) throw e;
      this.interruptedRetries++;
      return (await this.credentialManager.getCredential(this.context, request)).credential;
    }
  }

  /** Saves the password with the provider (CreatePasswordRequest), as an app does after a password sign-up. */
  async savePassword(username: string, password: string): Promise<void> {
    await this.credentialManager.createCredential(
      this.context,
      new CreatePasswordRequest(username, password),
    );
  }

  /** The guide's handleSignIn: a branch per credential class. */
  async #handleSignIn(credential: Credential): Promise<SignInResult> {
    if (credential instanceof PublicKeyCredential)
      return this.#verifyAssertion(credential.authenticationResponseJson, 'passkey');
    if (credential instanceof PasswordCredential) {
      const { user } = await this.rp.post('/api/signin/password', {
        username: credential.id,
        password: credential.password,
      });
      return { user: this.#signedIn(user), via: 'password' };
    }
    if (credential instanceof CustomCredential) {
      const federated = await this.#federated?.handle(credential);
      if (!federated) throw new TypeError(`Unexpected type of custom credential: ${credential.type}`);
      this.user = federated.user;
      this.device.setAppSignedIn(this.packageName, true);
      return { user: federated.user, via: 'federated', credentialId: federated.email };
    }
    throw new TypeError(`Unexpected type of credential: ${credential.type}`);
  }

  async #verifyAssertion(json: string, via: 'passkey' | 'restore'): Promise<SignInResult> {
    try {
      const result = await this.rp.post('/api/webauthn/authentication/verify', JSON.parse(json));
      await this.applySignals(result.signals);
      return { user: this.#signedIn(result.user), via, credentialId: result.credential.id };
    } catch (e) {
      // Signal API guide: a rejected credential is signalled as unknown so the provider hides it
      if (e instanceof RpError) await this.applySignals(e.signals);
      throw e;
    }
  }

  async deletePasskey(id: string): Promise<void> {
    const result = await this.rp.call('DELETE', `/api/passkeys/${encodeURIComponent(id)}`);
    await this.applySignals(result.signals);
  }

  async updateProfile(changes: { username?: string; displayName?: string }): Promise<RpUser> {
    const result = await this.rp.call('PATCH', '/api/me', changes);
    await this.applySignals(result.signals);
    this.user = result.user;
    return result.user;
  }

  /** Sign out: the server revokes this device's restore key, the app clears it from Credential Manager. */
  async signOut(): Promise<void> {
    const result = await this.rp.post('/api/signout', { deviceId: this.installationId });
    await this.applySignals(result.signals);
    await this.credentialManager.clearCredentialState(new ClearCredentialStateRequest());
    if (result.clearRestoreCredential) {
      await this.credentialManager.clearCredentialState(
        new ClearCredentialStateRequest(ClearCredentialStateRequest.TYPE_CLEAR_RESTORE_CREDENTIAL),
      );
    }
    this.rp.token = undefined;
    this.user = undefined;
    this.device.setAppSignedIn(this.packageName, false);
  }

  /**
   * Forwards the server's signals to the credential providers (Signal API guide). Signals are best effort and
   * never fail the user's action: over the budget they wait in `signals.pending` and are retried when the
   * window allows; other refusals are kept in `signals.failures`.
   */
  async applySignals(signals: ServerSignals | undefined): Promise<void> {
    await this.signals.submit(signals);
  }
}
