// CredentialManager: the androidx.credentials entry point. Async functions stand in for the suspend functions.
import {
  defaultExecutor,
  runWithCallback,
  type CancellationSignal,
  type CredentialManagerCallback,
  type Executor,
} from './async-callbacks.js';
import type { Context } from './context.js';
import { CreateCredentialException, CreateCredentialUnknownException } from './exceptions/create.js';
import { GetCredentialException, GetCredentialUnknownException } from './exceptions/get.js';
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
import {
  callingApp,
  maySetOrigin,
  NO_PROVIDER_MESSAGE,
  providersOf,
  raisePlatformFault,
} from './flows/caller.js';
import { checkPrepareGet, checkClear, checkSignal } from './platform-gates.js';
import { checkCreateCaller, createCredential } from './flows/create.js';
import { checkGetCaller, completeGet, prepareGet, type PreparedGet } from './flows/get.js';
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
    if (request instanceof PendingGetCredentialHandle) return completeHandle(context, consume(request));
    return completeGet(context, await prepareGet(context, request));
  }

  /** Queries providers without UI; the response says what getCredential(handle) will find. */
  async prepareGetCredential(request: GetCredentialRequest): Promise<PrepareGetCredentialResponse> {
    return new PrepareGetCredentialResponse(await prepareGet(this.context, request, 'prepareGetCredential'));
  }

  /**
   * TYPE_CLEAR_CREDENTIAL_STATE: tell every provider the user signed out. TYPE_CLEAR_RESTORE_CREDENTIAL: delete
   * the app's restore key (restore-capable providers only).
   * @throws ClearCredentialException
   */
  async clearCredentialState(request: ClearCredentialStateRequest): Promise<void> {
    const isRestore = request.requestType === ClearCredentialStateRequest.TYPE_CLEAR_RESTORE_CREDENTIAL;
    checkClear(this.context.platform, isRestore);
    raisePlatformFault(this.context, 'clearCredentialState', [request.requestType]);
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
    checkSignal(this.context.platform);
    raisePlatformFault(this.context, 'signalCredentialState', [request.type]);
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

  // ---- the callback twins (…Async). Caller errors (SecurityException, IllegalArgumentException,
  // IllegalStateException) are thrown synchronously; everything else reaches the callback. ----

  createCredentialAsync(
    context: Context,
    request: AnyCreateCredentialRequest,
    cancellationSignal: CancellationSignal | null,
    executor: Executor = defaultExecutor,
    callback: CredentialManagerCallback<CreateCredentialResponse, CreateCredentialException>,
  ): void {
    checkCreateCaller(context, request);
    runWithCallback(
      () => createCredential(context, request),
      cancellationSignal,
      executor,
      callback,
      isCreate,
      createUnknown,
    );
  }

  getCredentialAsync(
    context: Context,
    request: GetCredentialRequest | PendingGetCredentialHandle,
    cancellationSignal: CancellationSignal | null,
    executor: Executor = defaultExecutor,
    callback: CredentialManagerCallback<GetCredentialResponse, GetCredentialException>,
  ): void {
    let call: () => Promise<GetCredentialResponse>;
    if (request instanceof PendingGetCredentialHandle) {
      const prepared = consume(request);
      call = () => completeHandle(context, prepared);
    } else {
      checkGetCaller(context, request);
      call = async () => completeGet(context, await prepareGet(context, request));
    }
    runWithCallback(call, cancellationSignal, executor, callback, isGet, getUnknown);
  }

  prepareGetCredentialAsync(
    request: GetCredentialRequest,
    cancellationSignal: CancellationSignal | null,
    executor: Executor = defaultExecutor,
    callback: CredentialManagerCallback<PrepareGetCredentialResponse, GetCredentialException>,
  ): void {
    checkGetCaller(this.context, request);
    runWithCallback(
      () => this.prepareGetCredential(request),
      cancellationSignal,
      executor,
      callback,
      isGet,
      getUnknown,
    );
  }

  clearCredentialStateAsync(
    request: ClearCredentialStateRequest,
    cancellationSignal: CancellationSignal | null,
    executor: Executor = defaultExecutor,
    callback: CredentialManagerCallback<void, ClearCredentialException>,
  ): void {
    runWithCallback(
      () => this.clearCredentialState(request),
      cancellationSignal,
      executor,
      callback,
      (e): e is ClearCredentialException => e instanceof ClearCredentialException,
      (m) => new ClearCredentialUnknownException(m),
    );
  }

  /** No CancellationSignal, as in the library. */
  signalCredentialStateAsync(
    request: SignalCredentialStateRequest,
    executor: Executor = defaultExecutor,
    callback: CredentialManagerCallback<SignalCredentialStateResponse, SignalCredentialStateException>,
  ): void {
    runWithCallback(
      () => this.signalCredentialState(request),
      null,
      executor,
      callback,
      (e): e is SignalCredentialStateException => e instanceof SignalCredentialStateException,
      (m) => new SignalCredentialUnknownException(m),
    );
  }
}

/** getCredential(context, pendingHandle): Android 14 like prepareGetCredential; the device may fail it. */
async function completeHandle(context: Context, prepared: PreparedGet): Promise<GetCredentialResponse> {
  checkPrepareGet(context.platform);
  raisePlatformFault(
    context,
    'getCredential',
    prepared.request.credentialOptions.map((o) => o.type),
  );
  return completeGet(context, prepared);
}

function consume(handle: PendingGetCredentialHandle) {
  if (!handle.consume()) throw new IllegalStateException('The pending handle has already been used');
  return handle.prepared;
}

const isCreate = (e: unknown): e is CreateCredentialException => e instanceof CreateCredentialException;
const createUnknown = (m: string) => new CreateCredentialUnknownException(m);
const isGet = (e: unknown): e is GetCredentialException => e instanceof GetCredentialException;
const getUnknown = (m: string) => new GetCredentialUnknownException(m);
