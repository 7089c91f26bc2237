// CredentialManager: the androidx.credentials entry point. Async functions stand in for the suspend functions.
import type { Context } from './context.js';
import {
  ClearCredentialException,
  ClearCredentialProviderConfigurationException,
  ClearCredentialUnknownException,
} from './exceptions/clear.js';
import { IllegalStateException } from './exceptions/java.js';
import {
  SignalCredentialSecurityException,
  SignalCredentialStateException,
  SignalCredentialStateProviderConfigurationException,
  SignalCredentialUnknownException,
} from './exceptions/signal.js';
import { callingApp, maySetOrigin, NO_PROVIDER_MESSAGE, providersOf } from './flows/caller.js';
import { createCredential } from './flows/create.js';
import { completeGet, prepareGet } from './flows/get.js';
import { passOrWrap } from './flows/wrap.js';
import type { AnyCreateCredentialRequest } from './provider.js';
import { ClearCredentialStateRequest } from './requests/clear-credential-state-request.js';
import type { CreatePasswordRequest } from './requests/create-password-request.js';
import type { CreatePublicKeyCredentialRequest } from './requests/create-public-key-credential-request.js';
import type { CreateRestoreCredentialRequest } from './requests/create-restore-credential-request.js';
import type { GetCredentialRequest } from './requests/get-credential-request.js';
import type { SignalCredentialStateRequest } from './requests/signal-credential-state-request.js';
import type {
  CreateCredentialResponse,
  CreatePasswordResponse,
  CreatePublicKeyCredentialResponse,
  CreateRestoreCredentialResponse,
} from './responses/create-credential-response.js';
import { GetCredentialResponse, SignalCredentialStateResponse } from './responses/get-credential-response.js';
import {
  PendingGetCredentialHandle,
  PrepareGetCredentialResponse,
} from './responses/prepare-get-credential-response.js';

export class CredentialManager {
  private constructor(private readonly context: Context) {}

  /** `CredentialManager.create(context)`: the context is the calling app and its device. */
  static create(context: Context): CredentialManager {
    return new CredentialManager(context);
  }

  /**
   * @throws CreateCredentialException (incl. CreatePublicKeyCredentialDomException, CreateRestoreCredentialDomException,
   * E2eeUnavailableException); SecurityException when `origin` is set without CREDENTIAL_MANAGER_SET_ORIGIN.
   */
  createCredential(
    context: Context,
    request: CreatePublicKeyCredentialRequest,
  ): Promise<CreatePublicKeyCredentialResponse>;
  createCredential(context: Context, request: CreatePasswordRequest): Promise<CreatePasswordResponse>;
  createCredential(
    context: Context,
    request: CreateRestoreCredentialRequest,
  ): Promise<CreateRestoreCredentialResponse>;
  createCredential(context: Context, request: AnyCreateCredentialRequest): Promise<CreateCredentialResponse>;
  async createCredential(
    context: Context,
    request: AnyCreateCredentialRequest,
  ): Promise<CreateCredentialResponse> {
    return createCredential(context, request);
  }

  /**
   * With a request: query providers, show the selector, return the credential. With a pending handle from
   * prepareGetCredential: finish that request (usable once).
   * @throws GetCredentialException; IllegalArgumentException when a GetRestoreCredentialOption is not alone.
   */
  async getCredential(
    context: Context,
    request: GetCredentialRequest | PendingGetCredentialHandle,
  ): Promise<GetCredentialResponse> {
    if (request instanceof PendingGetCredentialHandle) {
      if (!request.consume()) throw new IllegalStateException('The pending handle has already been used');
      return completeGet(context, request.prepared);
    }
    return completeGet(context, await prepareGet(context, request));
  }

  /** Queries providers without UI; the response says what getCredential(handle) will find. */
  async prepareGetCredential(request: GetCredentialRequest): Promise<PrepareGetCredentialResponse> {
    return new PrepareGetCredentialResponse(await prepareGet(this.context, request));
  }

  /**
   * TYPE_CLEAR_CREDENTIAL_STATE: tell every provider the user signed out. TYPE_CLEAR_RESTORE_CREDENTIAL: delete
   * the app's restore key (restore-capable providers only).
   * @throws ClearCredentialException
   */
  async clearCredentialState(request: ClearCredentialStateRequest): Promise<void> {
    const isRestore = request.requestType === ClearCredentialStateRequest.TYPE_CLEAR_RESTORE_CREDENTIAL;
    const providers = providersOf(this.context).filter((p) => !isRestore || p.isRestoreCapable === true);
    if (isRestore && providers.length === 0)
      throw new ClearCredentialProviderConfigurationException(NO_PROVIDER_MESSAGE);
    const app = callingApp(this.context, null);
    for (const provider of providers) {
      await passOrWrap(
        () => provider.onClearCredentialState({ request, callingApp: app }),
        (e) => e instanceof ClearCredentialException,
        (m) => new ClearCredentialUnknownException(m),
      );
    }
  }

  /**
   * Sends a signal to every provider that handles signals. Success never says whether a provider acted.
   * @throws SignalCredentialStateException (incl. SignalCredentialRateLimitExceededException from the provider side,
   * SignalCredentialSecurityException when `origin` is set without CREDENTIAL_MANAGER_SET_ORIGIN).
   */
  async signalCredentialState(request: SignalCredentialStateRequest): Promise<SignalCredentialStateResponse> {
    if (request.origin !== null && !maySetOrigin(this.context)) {
      throw new SignalCredentialSecurityException(`${this.context.packageName} may not set origin`);
    }
    const providers = providersOf(this.context).filter((p) => p.onSignalCredentialState !== undefined);
    if (providers.length === 0)
      throw new SignalCredentialStateProviderConfigurationException(NO_PROVIDER_MESSAGE);
    const app = callingApp(this.context, request.origin);
    for (const provider of providers) {
      await passOrWrap(
        () => provider.onSignalCredentialState!({ callingRequest: request, callingApp: app }),
        (e) => e instanceof SignalCredentialStateException,
        (m) => new SignalCredentialUnknownException(m),
      );
    }
    return new SignalCredentialStateResponse();
  }
}
