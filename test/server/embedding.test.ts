// credkit inside a host app that keeps its own users and sessions: the Fastify plugin under a prefix, and the
// Node handler on a plain `http` server, on SQLite and PostgreSQL. The app's sign-up makes the user; credkit
// registers passkeys and restore keys for them, and a passkey sign-in starts the app's own session. credkit's
// error format, JSON-only bodies and rate limits stay on its own routes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { SoftwareAuthenticator } from '../../packages/provider/src/index.js';
import {
  credkit,
  createHandler,
  createRelyingParty,
  type CredkitHandler,
  type HostUser,
} from '../../packages/server/src/index.js';
import { ENGINES, type TestDatabase } from './databases.js';

const ORIGIN = 'http://localhost:3000';

/** The host app's own accounts and cookie sessions: nothing of credkit's. */
class HostAccounts {
  readonly users = new Map<string, HostUser>();
  readonly sessions = new Map<string, string>(); // session id -> user id
  signIns = 0;

  signUp(username: string, hasPassword = false): { user: HostUser; cookie: string } {
    const user = {
      id: `user-${this.users.size + 1}`,
      username,
      displayName: username.toUpperCase(),
      hasPassword,
    };
    this.users.set(user.id, user);
    return { user, cookie: this.startSession(user.id) };
  }

  startSession(userId: string): string {
    const id = randomUUID();
    this.sessions.set(id, userId);
    return `app_session=${id}`;
  }

  sessionOf(cookieHeader: string | undefined): { userId: string; sessionId: string } | undefined {
    const id = /app_session=([^;]+)/.exec(cookieHeader ?? '')?.[1];
    const userId = id && this.sessions.get(id);
    return userId ? { userId, sessionId: id } : undefined;
  }

  hostUsers() {
    return {
      findById: (id: string) => this.users.get(id),
      findByUsername: (name: string) => [...this.users.values()].find((u) => u.username === name),
      // passkey-first sign-up through credkit: the app makes the user
      create: ({ username, displayName }: { username: string; displayName: string }) => {
        if ([...this.users.values()].some((u) => u.username === username)) return undefined;
        const user = { id: `user-${this.users.size + 1}`, username, displayName };
        this.users.set(user.id, user);
        return user;
      },
    };
  }
}

/** A cookie-carrying JSON client of the host app. */
class Browser {
  cookie = '';
  constructor(readonly base: string) {}

  async call(method: string, path: string, body?: unknown) {
    const response = await fetch(this.base + path, {
      method,
      headers: {
        origin: ORIGIN,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const set = response.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  }
}

/** The ceremonies every host-app shape walks: register, sign out, sign in, manage, restore key. */
function walks(make: () => Promise<{ base: string; accounts: HostAccounts; prefix: string }>) {
  let app: { base: string; accounts: HostAccounts; prefix: string };
  before(async () => {
    app = await make();
  });

  it("registers a passkey for the app's user, and a passkey sign-in starts the app's own session", async () => {
    const browser = new Browser(app.base);
    const signup = await browser.call('POST', '/signup', { username: 'ada' });
    assert.equal(signup.status, 201);
    const authenticator = new SoftwareAuthenticator();
    const options = await browser.call('POST', `${app.prefix}/webauthn/registration/options`, {
      kind: 'passkey',
    });
    assert.equal(options.status, 200, options.text);
    assert.equal(options.body.user.name, 'ada');
    assert.equal(options.body.user.displayName, 'ADA');
    // the WebAuthn user handle is the app's id, encoded
    assert.equal(Buffer.from(options.body.user.id, 'base64url').toString(), signup.body.user.id);
    const { response } = authenticator.createCredential(options.body, { origin: ORIGIN });
    const registered = await browser.call('POST', `${app.prefix}/webauthn/registration/verify`, response);
    assert.equal(registered.status, 200, registered.text);
    assert.deepEqual(registered.body.signals.allAcceptedCredentials.allAcceptedCredentialIds, [response.id]);
    assert.equal(registered.body.signals.allAcceptedCredentials.userId, options.body.user.id);

    assert.equal((await browser.call('POST', '/signout')).status, 200);
    assert.equal((await browser.call('GET', '/me')).status, 401);
    // signed out, credkit's management routes refuse too
    assert.equal((await browser.call('GET', `${app.prefix}/passkeys`)).body.error.code, 'unauthenticated');

    const signIns = app.accounts.signIns;
    const request = await browser.call('POST', `${app.prefix}/webauthn/authentication/options`, {});
    const assertion = authenticator.getAssertion(request.body, { origin: ORIGIN, credentialId: response.id });
    const signedIn = await browser.call('POST', `${app.prefix}/webauthn/authentication/verify`, assertion);
    assert.equal(signedIn.status, 200, signedIn.text);
    assert.equal(signedIn.body.user.id, signup.body.user.id);
    assert.equal(signedIn.body.token, undefined); // the app's session, not a credkit token
    assert.equal(app.accounts.signIns, signIns + 1);
    const me = await browser.call('GET', '/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.username, 'ada');

    const passkeys = await browser.call('GET', `${app.prefix}/passkeys`);
    assert.deepEqual(
      passkeys.body.passkeys.map((p: { id: string }) => p.id),
      [response.id],
    );
    // no password in the app: the only passkey is the last way in
    const last = await browser.call('DELETE', `${app.prefix}/passkeys/${response.id}`);
    assert.equal(last.status, 409);
    assert.equal(last.body.error.code, 'last_credential');
  });

  it('username-first sign-in finds the app user by name; unknown names get decoys', async () => {
    const browser = new Browser(app.base);
    await browser.call('POST', '/signup', { username: 'grace', password: true });
    const authenticator = new SoftwareAuthenticator();
    const options = await browser.call('POST', `${app.prefix}/webauthn/registration/options`, {
      kind: 'passkey',
    });
    const { response } = authenticator.createCredential(options.body, { origin: ORIGIN });
    await browser.call('POST', `${app.prefix}/webauthn/registration/verify`, response);
    const anonymous = new Browser(app.base);
    const named = await anonymous.call('POST', `${app.prefix}/webauthn/authentication/options`, {
      username: 'Grace',
    });
    assert.deepEqual(
      named.body.allowCredentials.map((c: { id: string }) => c.id),
      [response.id],
    );
    const unknown = await anonymous.call('POST', `${app.prefix}/webauthn/authentication/options`, {
      username: 'nobody-here',
    });
    assert.ok(unknown.body.allowCredentials.length >= 1);
    const assertion = authenticator.getAssertion(named.body, { origin: ORIGIN, credentialId: response.id });
    const signedIn = await anonymous.call('POST', `${app.prefix}/webauthn/authentication/verify`, assertion);
    assert.equal(signedIn.status, 200, signedIn.text);
    assert.equal((await anonymous.call('GET', '/me')).body.username, 'grace');
    // the app says grace has a password: her only passkey may go
    const deleted = await browser.call('DELETE', `${app.prefix}/passkeys/${response.id}`);
    assert.equal(deleted.status, 200, deleted.text);
    assert.deepEqual(deleted.body.signals.allAcceptedCredentials.allAcceptedCredentialIds, []);
  });

  it("registers a restore key, signs in with it on a new session, and revokes it at the app's sign-out", async () => {
    const browser = new Browser(app.base);
    await browser.call('POST', '/signup', { username: 'linus' });
    const phone = new SoftwareAuthenticator();
    const options = await browser.call('POST', `${app.prefix}/webauthn/registration/options`, {
      kind: 'restore',
      deviceId: 'pixel-9',
    });
    const { response } = phone.createCredential(options.body, { origin: ORIGIN });
    assert.equal(
      (await browser.call('POST', `${app.prefix}/webauthn/registration/verify`, response)).status,
      200,
    );
    const restored = new Browser(app.base);
    const request = await restored.call('POST', `${app.prefix}/webauthn/authentication/options`, {
      kind: 'restore',
    });
    const assertion = phone.getAssertion(request.body, { origin: ORIGIN, credentialId: response.id });
    assert.equal(
      (await restored.call('POST', `${app.prefix}/webauthn/authentication/verify`, assertion)).status,
      200,
    );
    assert.equal((await restored.call('GET', '/me')).body.username, 'linus');
    const revoked = await restored.call('POST', `${app.prefix}/restore-keys/revoke`, { deviceId: 'pixel-9' });
    assert.equal(revoked.status, 200, revoked.text);
    assert.equal(revoked.body.revoked, true);
    assert.equal(revoked.body.clearRestoreCredential, true);
    const again = await restored.call('POST', `${app.prefix}/webauthn/authentication/options`, {
      kind: 'restore',
    });
    const refused = await restored.call(
      'POST',
      `${app.prefix}/webauthn/authentication/verify`,
      phone.getAssertion(again.body, { origin: ORIGIN, credentialId: response.id }),
    );
    assert.equal(refused.body.error.code, 'unknown_credential');
  });

  it("binds a registration to the app session that asked: after the app's sign-out it cannot finish", async () => {
    const browser = new Browser(app.base);
    await browser.call('POST', '/signup', { username: 'barbara' });
    const options = await browser.call('POST', `${app.prefix}/webauthn/registration/options`, {
      kind: 'passkey',
    });
    const { response } = new SoftwareAuthenticator().createCredential(options.body, { origin: ORIGIN });
    await browser.call('POST', '/signout');
    const user = [...app.accounts.users.values()].find((u) => u.username === 'barbara')!;
    browser.cookie = app.accounts.startSession(user.id); // signed in again: a new app session
    const late = await browser.call('POST', `${app.prefix}/webauthn/registration/verify`, response);
    assert.equal(late.body.error.code, 'challenge_not_found');
  });

  it('binds a registration to the user its options were for, also when the app session switches users under one id', async () => {
    const browser = new Browser(app.base);
    const first = await browser.call('POST', '/signup', { username: 'hedy' });
    const options = await browser.call('POST', `${app.prefix}/webauthn/registration/options`, {
      kind: 'passkey',
    });
    const { response } = new SoftwareAuthenticator().createCredential(options.body, { origin: ORIGIN });
    // an app that switches accounts without a new session id: the same session now belongs to someone else
    const other = app.accounts.signUp('mallory').user;
    const sessionId = /app_session=([^;]+)/.exec(browser.cookie)![1]!;
    app.accounts.sessions.set(sessionId, other.id);
    const switched = await browser.call('POST', `${app.prefix}/webauthn/registration/verify`, response);
    assert.equal(switched.status, 400, switched.text);
    assert.equal(switched.body.error.code, 'challenge_not_found');
    assert.deepEqual((await browser.call('GET', `${app.prefix}/passkeys`)).body.passkeys, []);
    // back to the user the options were for: the challenge was not spent, and the passkey is theirs
    app.accounts.sessions.set(sessionId, first.body.user.id);
    const registered = await browser.call('POST', `${app.prefix}/webauthn/registration/verify`, response);
    assert.equal(registered.status, 200, registered.text);
    assert.equal(registered.body.signals.allAcceptedCredentials.userId, options.body.user.id);
  });

  it("signs up passkey-first through credkit into the app's own users, and the app's session starts", async () => {
    const browser = new Browser(app.base);
    const signup = await browser.call('POST', `${app.prefix}/signup`, {
      username: 'Katherine',
      displayName: 'K. J.',
    });
    assert.equal(signup.status, 201, signup.text);
    assert.equal(signup.body.user.username, 'katherine');
    assert.equal(signup.body.token, undefined);
    const stored = app.accounts.users.get(signup.body.user.id);
    assert.deepEqual(
      { username: stored?.username, displayName: stored?.displayName },
      { username: 'katherine', displayName: 'K. J.' },
    );
    assert.equal((await browser.call('GET', '/me')).body.username, 'katherine');
    const authenticator = new SoftwareAuthenticator();
    const options = await browser.call('POST', `${app.prefix}/webauthn/registration/options`, {
      kind: 'passkey',
    });
    const { response } = authenticator.createCredential(options.body, { origin: ORIGIN });
    assert.equal(
      (await browser.call('POST', `${app.prefix}/webauthn/registration/verify`, response)).status,
      200,
    );
    const taken = await new Browser(app.base).call('POST', `${app.prefix}/signup`, { username: 'katherine' });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.error.code, 'username_taken');
    // no password ever: credkit's sign-up takes none
    const withPassword = await new Browser(app.base).call('POST', `${app.prefix}/signup`, {
      username: 'someone-else',
      password: 'a password',
    });
    assert.equal(withPassword.status, 400);
  });

  it("keeps credkit's error format on its own routes", async () => {
    const browser = new Browser(app.base);
    const text = await fetch(`${app.base}${app.prefix}/webauthn/authentication/options`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: ORIGIN },
      body: 'hello',
    });
    assert.equal(text.status, 415);
    assert.equal(((await text.json()) as { error: { code: string } }).error.code, 'unsupported_media_type');
    const broken = await fetch(`${app.base}${app.prefix}/webauthn/authentication/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: '{not json',
    });
    assert.equal(broken.status, 400);
    const foreign = await fetch(`${app.base}${app.prefix}/webauthn/authentication/options`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: '{}',
    });
    assert.equal(foreign.status, 403);
    assert.equal((await browser.call('GET', `${app.prefix}/passkeys`)).status, 401);
  });
}

/** The app's own routes, the same for both shapes: sign-up, sign-out, who am I. */
function hostRoutes(accounts: HostAccounts) {
  return {
    signUp(body: { username: string; password?: boolean }) {
      const { user, cookie } = accounts.signUp(body.username, body.password === true);
      return { user, cookie };
    },
    signOut(cookie: string | undefined) {
      const id = /app_session=([^;]+)/.exec(cookie ?? '')?.[1];
      if (id) accounts.sessions.delete(id);
    },
    me(cookie: string | undefined) {
      const session = accounts.sessionOf(cookie);
      return session && accounts.users.get(session.userId);
    },
  };
}

for (const engine of ENGINES) {
  describe(`credkit as a Fastify plugin in an app with its own users and sessions, on ${engine.name}`, () => {
    let database: TestDatabase;
    let host: FastifyInstance;
    after(async () => {
      await host?.close();
      await database?.cleanup();
    });
    walks(async () => {
      database = await engine.make();
      const accounts = new HostAccounts();
      const routes = hostRoutes(accounts);
      host = Fastify();
      host.post<{ Body: { username: string; password?: boolean } }>('/signup', async (request, reply) => {
        const { user, cookie } = routes.signUp(request.body);
        return reply.header('set-cookie', `${cookie}; HttpOnly; Path=/`).status(201).send({ user });
      });
      host.post('/signout', async (request) => {
        routes.signOut(request.headers.cookie);
        return { ok: true };
      });
      host.get(
        '/me',
        async (request, reply) => routes.me(request.headers.cookie) ?? reply.status(401).send({}),
      );
      await host.register(credkit, {
        prefix: '/auth',
        rpId: 'localhost',
        rpName: 'Host app',
        origins: [ORIGIN],
        databaseUrl: database.databaseUrl,
        ...(database.databaseSchema ? { databaseSchema: database.databaseSchema } : {}),
        users: accounts.hostUsers(),
        session: {
          current: (request: FastifyRequest) => accounts.sessionOf(request.headers.cookie),
          signIn: (_request, reply, user) => {
            accounts.signIns++;
            reply.header('set-cookie', `${accounts.startSession(user.id)}; HttpOnly; Path=/`);
          },
        },
      });
      const base = await host.listen({ port: 0, host: '127.0.0.1' });
      return { base, accounts, prefix: '/auth' };
    });
  });

  describe(`credkit as a Node request handler on a plain http server, on ${engine.name}`, () => {
    let database: TestDatabase;
    let server: Server;
    let handler: CredkitHandler;
    after(async () => {
      await new Promise((resolve) => server?.close(resolve));
      await handler?.close();
      await database?.cleanup();
    });
    walks(async () => {
      database = await engine.make();
      const accounts = new HostAccounts();
      const routes = hostRoutes(accounts);
      handler = createHandler({
        prefix: '/passkeys-api',
        rpId: 'localhost',
        origins: [ORIGIN],
        databaseUrl: database.databaseUrl,
        ...(database.databaseSchema ? { databaseSchema: database.databaseSchema } : {}),
        users: accounts.hostUsers(),
        session: {
          current: (request: IncomingMessage) => accounts.sessionOf(request.headers.cookie),
          signIn: (_request, response, user) => {
            accounts.signIns++;
            response.setHeader('set-cookie', `${accounts.startSession(user.id)}; HttpOnly; Path=/`);
          },
        },
      });
      // Connect-style: the app's routes first, everything else to credkit, whose misses come back to `next`
      server = createHttpServer((request, response) => {
        const json = (status: number, body: unknown, cookie?: string) => {
          response.writeHead(status, {
            'content-type': 'application/json',
            ...(cookie ? { 'set-cookie': `${cookie}; HttpOnly; Path=/` } : {}),
          });
          response.end(JSON.stringify(body));
        };
        const chunks: Buffer[] = [];
        if (request.url === '/signup' || request.url === '/signout') {
          request.on('data', (c: Buffer) => chunks.push(c));
          request.on('end', () => {
            if (request.url === '/signup') {
              const { user, cookie } = routes.signUp(JSON.parse(Buffer.concat(chunks).toString()));
              return json(201, { user }, cookie);
            }
            routes.signOut(request.headers.cookie);
            return json(200, { ok: true });
          });
          return;
        }
        if (request.url === '/me') {
          const user = routes.me(request.headers.cookie);
          return user ? json(200, user) : json(401, {});
        }
        handler(request, response, () => json(404, { app: 'not found' }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      return { base: `http://127.0.0.1:${port}`, accounts, prefix: '/passkeys-api' };
    });

    it("hands requests that are not credkit's back to the app", async () => {
      const { port } = server.address() as { port: number };
      const reply = await fetch(`http://127.0.0.1:${port}/elsewhere`);
      assert.equal(reply.status, 404);
      assert.deepEqual(await reply.json(), { app: 'not found' });
    });
  });
}

describe('createHandler after a body parser, and createRelyingParty', () => {
  it('takes a body another middleware parsed already (express.json() mounted ahead of credkit)', async () => {
    const handler = createHandler({
      rpId: 'localhost',
      origins: [ORIGIN],
      databaseUrl: 'sqlite::memory:',
    });
    const server = createHttpServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        // what express.json() leaves: the stream read to its end, the parsed body on req.body
        (request as IncomingMessage & { body?: unknown }).body = JSON.parse(Buffer.concat(chunks).toString());
        handler(request, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const reply = await fetch(`http://127.0.0.1:${port}/webauthn/authentication/options`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ username: 'someone' }),
      });
      assert.equal(reply.status, 200);
      const body = (await reply.json()) as { allowCredentials: unknown[] };
      assert.ok(body.allowCredentials.length >= 1); // username-first: the parsed body arrived
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await handler.close();
    }
  });

  it("refuses host users without the app's session, and own stores without users and a secret", async () => {
    assert.throws(
      () => createHandler({ users: { findById: () => undefined, findByUsername: () => undefined } }),
      /come together/,
    );
    await assert.rejects(
      createRelyingParty({
        stores: {} as never,
      }),
      /users.*secret/,
    );
  });

  it('gives the Signal payloads for changes the app makes itself', async () => {
    const rp = await createRelyingParty({
      rpId: 'example.com',
      origins: ['https://example.com'],
      databaseUrl: 'sqlite::memory:',
      users: { findById: () => undefined, findByUsername: () => undefined },
    });
    try {
      assert.deepEqual(rp.currentUserDetails({ id: '42', username: 'ada', displayName: 'Ada L.' }), {
        rpId: 'example.com',
        userId: Buffer.from('42').toString('base64url'),
        name: 'ada',
        displayName: 'Ada L.',
      });
      assert.deepEqual(await rp.allAcceptedCredentials('42'), {
        rpId: 'example.com',
        userId: Buffer.from('42').toString('base64url'),
        allAcceptedCredentialIds: [],
      });
    } finally {
      await rp.close();
    }
  });
});
