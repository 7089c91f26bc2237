// Starts a real server on 127.0.0.1:0 over a test database and talks to it with fetch.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { SoftwareAuthenticator } from '../../packages/provider/src/index.js';
import { createServer, type CredkitServer, type ServerConfigInput } from '../../packages/server/src/index.js';
import type { TestDatabase } from './databases.js';

export const WEB_ORIGIN = 'http://localhost:8080';
export const APP_PACKAGE = 'com.example.credkit';
export const APP_FINGERPRINT =
  'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
export const ANDROID_ORIGIN = `android:apk-key-hash:${Buffer.from(APP_FINGERPRINT.replace(/:/g, ''), 'hex').toString('base64url')}`;

export function testConfig(database: TestDatabase, extra: ServerConfigInput = {}): ServerConfigInput {
  return {
    port: 0,
    host: '127.0.0.1',
    rpId: 'localhost',
    origins: [WEB_ORIGIN],
    androidApps: [{ packageName: APP_PACKAGE, fingerprints: [APP_FINGERPRINT] }],
    databaseUrl: database.databaseUrl,
    ...(database.databaseSchema ? { databaseSchema: database.databaseSchema } : {}),
    logger: false,
    serveStatic: false,
    scryptCost: 1024,
    rateLimit: { perClient: 10_000, perAccount: 10_000, windowMs: 60_000 },
    ...extra,
  };
}

export interface Running {
  server: CredkitServer;
  base: string;
}

export async function startServer(database: TestDatabase, extra: ServerConfigInput = {}): Promise<Running> {
  const server = await createServer(testConfig(database, extra));
  const base = await server.listen();
  return { server, base };
}

/**
 * For the enclosing describe(): a fresh database from `make` and a server over it, started before its tests
 * and closed (database removed) after them. Read `suite.running` / `suite.database` inside the tests.
 */
export function serverForSuite(
  make: () => Promise<TestDatabase>,
  extra: ServerConfigInput = {},
): { running: Running; database: TestDatabase } {
  const suite = {} as { running: Running; database: TestDatabase };
  before(async () => {
    suite.database = await make();
    suite.running = await startServer(suite.database, extra);
  });
  after(async () => {
    await suite.running?.server.close();
    await suite.database?.cleanup();
  });
  return suite;
}

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

/** A JSON HTTP client holding one session (bearer token, or the cookie when `useCookie`). */
export class Client {
  token: string | undefined;
  cookie: string | undefined;

  constructor(
    readonly base: string,
    readonly useCookie = false,
  ) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined) h['content-type'] ??= 'application/json';
    if (this.useCookie && this.cookie) h.cookie = this.cookie;
    else if (this.token) h.authorization = `Bearer ${this.token}`;
    const response = await fetch(this.base + path, {
      method,
      headers: h,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    const setCookie = response.headers.get('set-cookie');
    if (setCookie?.startsWith('credkit_session=')) this.cookie = setCookie.split(';')[0];
    const token = (parsed as { token?: string } | undefined)?.token;
    if (token) this.token = token;
    return { status: response.status, body: parsed, headers: response.headers };
  }

  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply> {
    return this.call('POST', path, body, headers);
  }

  get(path: string): Promise<Reply> {
    return this.call('GET', path);
  }
}

/** Registers a restore key for `deviceId` in the client's session, made by a new SoftwareAuthenticator in an app. */
export async function registerRestoreKey(client: Client, deviceId: string) {
  const device = new SoftwareAuthenticator();
  const options = await client.post('/api/webauthn/registration/options', { kind: 'restore', deviceId });
  const registered = await client.post(
    '/api/webauthn/registration/verify',
    device.createCredential(options.body, { origin: ANDROID_ORIGIN }).response,
  );
  assert.equal(registered.status, 200, JSON.stringify(registered.body));
  return { device, restoreId: registered.body.credential.id as string, registered };
}

/** Signs up `username` (with a password when given) and registers a passkey made by a new SoftwareAuthenticator. */
export async function signUpWithPasskey(base: string, username: string, password?: string) {
  const client = new Client(base);
  const signup = await client.post(
    '/api/signup',
    password === undefined ? { username } : { username, password },
  );
  assert.equal(signup.status, 201);
  const authenticator = new SoftwareAuthenticator();
  const options = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
  const registered = await client.post(
    '/api/webauthn/registration/verify',
    authenticator.createCredential(options.body, { origin: WEB_ORIGIN }).response,
  );
  assert.equal(registered.status, 200);
  return {
    client,
    authenticator,
    credentialId: registered.body.credential.id as string,
    userId: signup.body.user.id as string,
  };
}
