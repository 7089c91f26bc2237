// The audit's HTTP client of the FIDO conformance API (POST /attestation/options|result, /assertion/options|result):
// JSON in, the profile's ServerResponse out, every request bounded by a timeout.
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '../../provider/index.js';

/** What the server answered: the HTTP status, the parsed body (if JSON) and whether it accepted. */
export interface Exchange<Body = Record<string, unknown>> {
  httpStatus: number;
  body: Body | undefined;
  /** 2xx and `status: "ok"`: the profile's success. Anything else is a refusal. */
  accepted: boolean;
  /** The body's errorMessage, when it has one. */
  errorMessage?: string;
}

export type CreationOptions = PublicKeyCredentialCreationOptionsJSON & Record<string, unknown>;
export type RequestOptions = PublicKeyCredentialRequestOptionsJSON & Record<string, unknown>;

/** ServerPublicKeyCredentialCreationOptionsRequest. */
export interface CreationOptionsRequest {
  username: string;
  displayName: string;
  authenticatorSelection?: {
    authenticatorAttachment?: 'platform' | 'cross-platform';
    residentKey?: 'required' | 'preferred' | 'discouraged';
    requireResidentKey?: boolean;
    userVerification?: 'required' | 'preferred' | 'discouraged';
  };
  attestation?: 'none' | 'indirect' | 'direct' | 'enterprise';
  extensions?: Record<string, unknown>;
}

/** ServerPublicKeyCredentialGetOptionsRequest (an empty username: a discoverable sign-in). */
export interface RequestOptionsRequest {
  username: string;
  userVerification?: 'required' | 'preferred' | 'discouraged';
}

/** Thrown when the server cannot be reached or does not answer in time (not a refusal: no answer at all). */
export class TransportError extends Error {
  override readonly name = 'TransportError';
}

/**
 * A response as the profile's ServerPublicKeyCredential, which names the extension outputs
 * `getClientExtensionResults` and has no `rawId`; WebAuthn L3's `rawId` and `clientExtensionResults` are kept too,
 * so a server reading either shape finds what it reads.
 */
export function serverPublicKeyCredential(
  response: RegistrationResponseJSON | AuthenticationResponseJSON | Record<string, unknown>,
): Record<string, unknown> {
  const r = response as Record<string, unknown>;
  return { ...r, getClientExtensionResults: r.clientExtensionResults ?? {} };
}

export class ConformanceClient {
  readonly #base: string;

  /**
   * @param url the server's conformance API root (its four routes are under it)
   * @param origin sent as the Origin header, as the browser of a page on that origin would
   * @param timeoutMs per request
   */
  constructor(
    url: string,
    readonly origin: string,
    readonly timeoutMs = 15_000,
  ) {
    this.#base = url.replace(/\/+$/, '');
  }

  /** POSTs a body (a JSON value, or raw text sent as is) and reads the answer. */
  async post<Body = Record<string, unknown>>(path: string, body: unknown): Promise<Exchange<Body>> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.#base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: this.origin },
        body: typeof body === 'string' ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (e) {
      const cause = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
      throw new TransportError(`POST ${this.#base}${path}: ${cause}`);
    }
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const object =
      parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : undefined;
    const errorMessage = typeof object?.errorMessage === 'string' ? object.errorMessage : undefined;
    return {
      httpStatus: response.status,
      body: object as Body | undefined,
      accepted: response.status >= 200 && response.status < 300 && object?.status === 'ok',
      ...(errorMessage ? { errorMessage } : {}),
    };
  }

  creationOptions(request: CreationOptionsRequest): Promise<Exchange<CreationOptions>> {
    return this.post<CreationOptions>('/attestation/options', request);
  }

  attestationResult(credential: unknown): Promise<Exchange> {
    return this.post('/attestation/result', credential);
  }

  requestOptions(request: RequestOptionsRequest): Promise<Exchange<RequestOptions>> {
    return this.post<RequestOptions>('/assertion/options', request);
  }

  assertionResult(credential: unknown): Promise<Exchange> {
    return this.post('/assertion/result', credential);
  }
}
