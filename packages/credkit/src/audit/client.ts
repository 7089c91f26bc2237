// The audit's HTTP client of the FIDO conformance API (POST /attestation/options|result, /assertion/options|result):
// JSON in, the profile's ServerResponse out, every request bounded by a timeout; and several requests written at
// once on connections opened beforehand, so that they reach the server together.
import { request as httpRequest } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@credkit/provider';

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

/** An answer's status and text as an Exchange. */
function exchangeOf<Body>(httpStatus: number, text: string): Exchange<Body> {
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
    httpStatus,
    body: object as Body | undefined,
    accepted: httpStatus >= 200 && httpStatus < 300 && object?.status === 'ok',
    ...(errorMessage ? { errorMessage } : {}),
  };
}

const describe = (e: unknown): string =>
  e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);

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
      throw new TransportError(`POST ${this.#base}${path}: ${describe(e)}`);
    }
    return exchangeOf<Body>(response.status, text);
  }

  /**
   * POSTs every body at the same moment: a connection per body is opened first, then every request is written
   * in one turn of the event loop, so a server that checks a challenge and spends it later (across an await)
   * sees them all before it spends it.
   */
  async postAtOnce(path: string, bodies: readonly unknown[]): Promise<Exchange[]> {
    const url = new URL(this.#base + path);
    const secure = url.protocol === 'https:';
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || (secure ? 443 : 80));
    let sockets: Socket[];
    try {
      sockets = await Promise.all(bodies.map(() => this.#connect(secure, host, port, url.hostname)));
    } catch (e) {
      throw new TransportError(`POST ${url.href}: ${describe(e)}`);
    }
    return Promise.all(
      bodies.map(
        (body, i) =>
          new Promise<Exchange>((resolve, reject) => {
            const text = typeof body === 'string' ? body : JSON.stringify(body);
            const request = httpRequest(
              {
                method: 'POST',
                host,
                port,
                path: url.pathname + url.search,
                headers: {
                  host: url.host,
                  'content-type': 'application/json',
                  'content-length': Buffer.byteLength(text),
                  origin: this.origin,
                  connection: 'close',
                },
                createConnection: () => sockets[i]!,
                signal: AbortSignal.timeout(this.timeoutMs),
              },
              (response) => {
                const chunks: Buffer[] = [];
                response.on('data', (c: Buffer) => chunks.push(c));
                response.on('end', () =>
                  resolve(exchangeOf(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))),
                );
                response.on('error', (e) => reject(new TransportError(`POST ${url.href}: ${describe(e)}`)));
              },
            );
            request.on('error', (e) => reject(new TransportError(`POST ${url.href}: ${describe(e)}`)));
            request.end(text);
          }),
      ),
    );
  }

  /** A connection to the server, open (and, for https, with its TLS handshake done), or the reason it is not. */
  #connect(secure: boolean, host: string, port: number, servername: string): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = secure ? tlsConnect({ host, port, servername }) : netConnect({ host, port });
      socket.setTimeout(this.timeoutMs, () => socket.destroy(new Error('timed out')));
      socket.once(secure ? 'secureConnect' : 'connect', () => resolve(socket));
      socket.once('error', reject);
    });
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
