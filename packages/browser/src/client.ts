// CredkitClient: the one object a page uses. Accounts, passkey ceremonies, passkey management and signals,
// every call resolving to a typed Result.
import { detectCapabilities, type Capabilities } from './capabilities.js';
import {
  authenticate,
  register,
  type CeremonyContext,
  type RegisteredCredential,
  type SignInResult,
} from './ceremonies.js';
import { ok, type Result } from './errors.js';
import { Http, type FetchLike } from './http.js';
import {
  platformCredentials,
  platformStatics,
  type CredentialsContainerLike,
  type PublicKeyCredentialStatics,
} from './platform.js';
import { SignalSender, type SignalSenderOptions } from './signals.js';
import type {
  Passkey,
  PublicKeyCredentialHint,
  ResidentKeyRequirement,
  SignalsPayload,
  User,
} from './types.js';

export interface RegisterPasskeyRequest {
  /** authenticatorSelection.residentKey the server asks for (WebAuthn §5.4.6); default "required". */
  residentKey?: ResidentKeyRequirement;
  /** WebAuthn L3 hints the server puts in the options, e.g. ["security-key"] for "Add a security key". */
  hints?: PublicKeyCredentialHint[];
  signal?: AbortSignal;
}

export interface CredkitClientOptions {
  /** Base URL of the credkit server (default: same origin). */
  baseUrl?: string;
  /** Where credkit's routes sit: '/api' for `credkit serve` (the default), the app's mount path when embedded. */
  prefix?: string;
  fetch?: FetchLike;
  /** PublicKeyCredential (default: the browser's). */
  statics?: PublicKeyCredentialStatics;
  /** navigator.credentials (default: the browser's). */
  credentials?: CredentialsContainerLike;
  /** Budget, persistence and event hook for signals. */
  signals?: Omit<SignalSenderOptions, 'statics'>;
}

export type UpgradeResult =
  | { upgraded: true; credential: RegisteredCredential }
  /** `reason`: "unsupported" when the browser lacks conditional create, else the browser's or server's code. */
  | { upgraded: false; reason: string };

export class CredkitClient {
  readonly signals: SignalSender;
  readonly #http: Http;
  readonly #ctx: CeremonyContext;
  #capabilities: Promise<Capabilities> | undefined;

  constructor(options: CredkitClientOptions = {}) {
    const statics = 'statics' in options ? options.statics : platformStatics();
    const credentials = 'credentials' in options ? options.credentials : platformCredentials();
    this.#http = new Http({ baseUrl: options.baseUrl, prefix: options.prefix, fetch: options.fetch });
    this.signals = new SignalSender({ ...options.signals, statics });
    this.#ctx = { http: this.#http, statics, credentials, signals: this.signals };
  }

  /** What this browser supports (detected once). */
  capabilities(): Promise<Capabilities> {
    this.#capabilities ??= detectCapabilities(this.#ctx.statics, this.#ctx.credentials !== undefined);
    return this.#capabilities;
  }

  async signUp(body: { username: string; displayName?: string; password?: string }): Promise<Result<User>> {
    return this.#user(await this.#http.request<{ user: User }>('POST', '/signup', body));
  }

  async signInWithPassword(body: { username: string; password: string }): Promise<Result<User>> {
    return this.#user(await this.#http.request<{ user: User }>('POST', '/signin/password', body));
  }

  async signOut(): Promise<Result<{ signedOut: boolean }>> {
    return this.#http.request('POST', '/signout', {});
  }

  async me(): Promise<Result<User>> {
    return this.#user(await this.#http.request<{ user: User }>('GET', '/me'));
  }

  /** Changes the display name (and/or username); sends signalCurrentUserDetails. */
  async updateProfile(body: { displayName?: string; username?: string }): Promise<Result<User>> {
    const r = await this.#http.request<{ user: User; signals?: SignalsPayload }>('PATCH', '/me', body);
    if (r.ok) await this.signals.apply(r.value.signals);
    return this.#user(r);
  }

  /**
   * Creates a passkey for the signed-in user (modal browser prompt). `residentKey: "preferred"` (or
   * "discouraged") also accepts a security key that cannot store discoverable credentials: such a key then signs
   * in username first only. Default: the server's "required".
   */
  registerPasskey(request: RegisterPasskeyRequest = {}): Promise<Result<RegisteredCredential>> {
    const { residentKey, hints, signal } = request;
    return register(
      this.#ctx,
      { kind: 'passkey', ...(residentKey ? { residentKey } : {}), ...(hints?.length ? { hints } : {}) },
      signal,
    );
  }

  /**
   * Automatic passkey upgrade after a password sign-in: create with mediation "conditional" when the browser
   * reports conditionalCreate; silently skipped otherwise. A browser refusal is not an error, only a reason.
   */
  async upgradeToPasskey(signal?: AbortSignal): Promise<Result<UpgradeResult>> {
    if (!(await this.capabilities()).conditionalCreate) return ok({ upgraded: false, reason: 'unsupported' });
    const r = await register(this.#ctx, { kind: 'passkey', conditional: true }, signal);
    return ok(r.ok ? { upgraded: true, credential: r.value } : { upgraded: false, reason: r.error.code });
  }

  /**
   * Sign-in with a passkey: the account selector without `username`, username-first with it. `hints` (WebAuthn L3)
   * go into the server's request options, e.g. ["security-key"].
   */
  signInWithPasskey(
    request: { username?: string; hints?: PublicKeyCredentialHint[]; signal?: AbortSignal } = {},
  ): Promise<Result<SignInResult>> {
    return authenticate(this.#ctx, request);
  }

  /**
   * Autofill sign-in (mediation "conditional"): call on page load with an input carrying
   * autocomplete="username webauthn". Pending until the user picks a passkey; abort `signal` before any other
   * passkey request. Fails with kind "unsupported" where conditional mediation is unavailable (use passwords).
   */
  async signInWithAutofill(signal: AbortSignal): Promise<Result<SignInResult>> {
    if (!(await this.capabilities()).conditionalGet) {
      return {
        ok: false,
        error: {
          kind: 'unsupported',
          code: 'conditional_unavailable',
          message: 'Passkey autofill is not available in this browser.',
        },
      };
    }
    return authenticate(this.#ctx, { mediation: 'conditional', signal });
  }

  async listPasskeys(): Promise<Result<Passkey[]>> {
    const r = await this.#http.request<{ passkeys: Passkey[] }>('GET', '/passkeys');
    return r.ok ? ok(r.value.passkeys) : r;
  }

  async renamePasskey(id: string, name: string): Promise<Result<Passkey>> {
    const r = await this.#http.request<{ passkey: Passkey; signals?: SignalsPayload }>(
      'PATCH',
      `/passkeys/${encodeURIComponent(id)}`,
      { name },
    );
    if (r.ok) await this.signals.apply(r.value.signals);
    return r.ok ? ok(r.value.passkey) : r;
  }

  /** Deletes a passkey; sends signalAllAcceptedCredentials with what is left. */
  async deletePasskey(id: string): Promise<Result<{ deleted: boolean }>> {
    const r = await this.#http.request<{ deleted: boolean; signals?: SignalsPayload }>(
      'DELETE',
      `/passkeys/${encodeURIComponent(id)}`,
    );
    if (r.ok) await this.signals.apply(r.value.signals);
    return r.ok ? ok({ deleted: r.value.deleted }) : r;
  }

  #user(r: Result<{ user: User }>): Result<User> {
    return r.ok ? ok(r.value.user) : r;
  }
}
