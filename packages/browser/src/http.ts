// The credkit HTTP API transport: JSON in and out, the session cookie sent same-origin, every failure a ClientError.
import { fail, networkError, ok, serverError, type Result } from './errors.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpOptions {
  /** Base URL of the credkit server (default '' = same origin). */
  baseUrl?: string;
  /** Where the API's routes sit: '/api' for `credkit serve` (the default), the app's mount path when embedded. */
  prefix?: string;
  fetch?: FetchLike;
}

export class Http {
  readonly #baseUrl: string;
  readonly #fetch: FetchLike;

  constructor(options: HttpOptions = {}) {
    this.#baseUrl =
      (options.baseUrl ?? '').replace(/\/$/, '') + (options.prefix ?? '/api').replace(/\/$/, '');
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** `path`: the route under the prefix, e.g. '/passkeys'. */
  async request<T>(method: string, path: string, body?: unknown): Promise<Result<T>> {
    let response: Response;
    try {
      response = await this.#fetch(this.#baseUrl + path, {
        method,
        credentials: 'same-origin',
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      return fail(networkError(e));
    }
    let parsed: unknown = null;
    try {
      const text = await response.text();
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!response.ok) return fail(serverError(response.status, parsed));
    return ok(parsed as T);
  }
}
