// A small JSON client for the credkit relying-party HTTP API (notes: api contract), as a native app uses it:
// `Authorization: Bearer <token>`, errors as `{ error: { code, message }, signals? }`.

import type { Signals, User } from '@credkit/browser/api';

/** The API's signal payloads and users (@credkit/browser/api), as the model app knows them. */
export type ServerSignals = Signals;
export type RpUser = User;

export class RpError extends Error {
  override readonly name = 'RpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly signals: ServerSignals = {},
  ) {
    super(message);
  }
}

export class RpClient {
  token: string | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const response = await this.fetchImpl(new URL(path, this.baseUrl), {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!response.ok) {
      const error = (json.error ?? {}) as { code?: string; message?: string };
      throw new RpError(
        response.status,
        error.code ?? 'http_error',
        error.message ?? `HTTP ${response.status}`,
        (json.signals ?? {}) as ServerSignals,
      );
    }
    if (typeof json.token === 'string') this.token = json.token;
    return json as T;
  }

  post<T = any>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, body ?? {});
  }

  get<T = any>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }
}
