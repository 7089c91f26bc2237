// A model Android app (like the Shrine sample) that follows the three Android guides: it talks to the
// credkit server over HTTP and to Credential Manager on its device, and forwards the server's signals.
import { CredentialManager } from '../../credential-manager/credential-manager.js';
import { ClearCredentialStateRequest } from '../../credential-manager/requests/clear-credential-state-request.js';
import { CreatePublicKeyCredentialRequest } from '../../credential-manager/requests/create-public-key-credential-request.js';
import { CreateRestoreCredentialRequest } from '../../credential-manager/requests/create-restore-credential-request.js';
import { GetCredentialRequest } from '../../credential-manager/requests/get-credential-request.js';
import { GetPasswordOption } from '../../credential-manager/requests/get-password-option.js';
import { GetPublicKeyCredentialOption } from '../../credential-manager/requests/get-public-key-credential-option.js';
import { GetRestoreCredentialOption } from '../../credential-manager/requests/get-restore-credential-option.js';
import {
  SignalAllAcceptedCredentialIdsRequest,
  SignalCurrentUserDetailsRequest,
  SignalUnknownCredentialRequest,
} from '../../credential-manager/requests/signal-credential-state-request.js';
import {
  PasswordCredential,
  PublicKeyCredential,
  RestoreCredential,
} from '../../credential-manager/responses/credential.js';
import { E2eeUnavailableException } from '../../credential-manager/exceptions/restore.js';
import { SignalCredentialStateException } from '../../credential-manager/exceptions/signal.js';
import type { Context } from '../../credential-manager/context.js';
import type { Device } from '../device.js';
import { RpClient, RpError, type RpUser, type ServerSignals } from './rp-client.js';

export interface SignInResult {
  user: RpUser;
  /** How the user signed in. */
  via: 'password' | 'passkey' | 'restore';
  credentialId?: string;
}

export class AndroidApp {
  readonly rp: RpClient;
  readonly credentialManager: CredentialManager;
  readonly context: Context;
  user: RpUser | undefined;
  readonly signalFailures: SignalCredentialStateException[] = [];

  constructor(
    readonly device: Device,
    readonly packageName: string,
    serverUrl: string,
  ) {
    this.rp = new RpClient(serverUrl);
    this.context = device.context(packageName);
    this.credentialManager = CredentialManager.create(this.context);
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
      deviceId: this.device.id,
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

  /** Restore step on a new device: silent getCredential with GetRestoreCredentialOption only. */
  async signInWithRestoreKey(): Promise<SignInResult> {
    const options = await this.rp.post('/api/webauthn/authentication/options', { kind: 'restore' });
    const { credential } = await this.credentialManager.getCredential(
      this.context,
      new GetCredentialRequest([new GetRestoreCredentialOption(JSON.stringify(options))]),
    );
    if (!(credential instanceof RestoreCredential))
      throw new TypeError(`expected a RestoreCredential, got ${credential.type}`);
    return this.#verifyAssertion(credential.authenticationResponseJson, 'restore');
  }

  /** Sign in guide: one request with a passkey option and a password option; handle what comes back. */
  async signIn(): Promise<SignInResult> {
    const options = await this.rp.post('/api/webauthn/authentication/options', {});
    const request = new GetCredentialRequest([
      new GetPublicKeyCredentialOption(JSON.stringify(options)),
      new GetPasswordOption(),
    ]);
    const { credential } = await this.credentialManager.getCredential(this.context, request);
    if (credential instanceof PublicKeyCredential)
      return this.#verifyAssertion(credential.authenticationResponseJson, 'passkey');
    if (credential instanceof PasswordCredential) {
      const { user } = await this.rp.post('/api/signin/password', {
        username: credential.id,
        password: credential.password,
      });
      return { user: this.#signedIn(user), via: 'password' };
    }
    throw new TypeError(`unexpected credential type ${credential.type}`);
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
    const result = await this.rp.post('/api/signout', { deviceId: this.device.id });
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
   * Forwards the server's signals to the credential providers (Signal API guide). Signals are best effort:
   * a failure (e.g. SignalCredentialRateLimitExceededException) is kept in `signalFailures`, not thrown.
   */
  async applySignals(signals: ServerSignals | undefined): Promise<void> {
    const requests = [
      signals?.unknownCredential &&
        new SignalUnknownCredentialRequest(JSON.stringify(signals.unknownCredential)),
      signals?.allAcceptedCredentials &&
        new SignalAllAcceptedCredentialIdsRequest(JSON.stringify(signals.allAcceptedCredentials)),
      signals?.currentUserDetails &&
        new SignalCurrentUserDetailsRequest(JSON.stringify(signals.currentUserDetails)),
    ];
    for (const request of requests) {
      if (!request) continue;
      try {
        await this.credentialManager.signalCredentialState(request);
      } catch (e) {
        if (!(e instanceof SignalCredentialStateException)) throw e;
        this.signalFailures.push(e);
      }
    }
  }
}
