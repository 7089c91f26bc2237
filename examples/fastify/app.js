// A Fastify app with its own users (in memory here; any database in practice) and its own signed-cookie sessions
// that adds passkeys and restore keys with the credkit plugin, registered under /auth. The plugin's error format,
// JSON-only bodies, Origin check and rate limits stay on its own routes.
import { randomBytes, randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { credkit } from '@credkit/server';

export async function buildApp({ databaseUrl, origin = 'http://localhost:3000', rpId = 'localhost' }) {
  /** The app's accounts and sessions: nothing of credkit's. */
  const users = new Map(); // id -> { id, username, displayName }
  const sessions = new Map(); // session id -> user id

  const app = Fastify();
  await app.register(fastifyCookie, { secret: randomBytes(32).toString('hex') });
  const cookie = {
    httpOnly: true,
    sameSite: 'lax',
    secure: origin.startsWith('https:'),
    path: '/',
    signed: true,
  };

  /** The app's session of a request: its id and user, from the signed cookie. */
  const sessionOf = (request) => {
    const raw = request.cookies.app_session;
    const unsigned = raw ? request.unsignCookie(raw) : undefined;
    const userId = unsigned?.valid ? sessions.get(unsigned.value) : undefined;
    return userId ? { sessionId: unsigned.value, userId } : undefined;
  };
  const startSession = (reply, userId) => {
    const id = randomUUID();
    sessions.set(id, userId);
    reply.setCookie('app_session', id, cookie);
  };

  app.post('/signup', async (request, reply) => {
    const { username } = request.body ?? {};
    if (typeof username !== 'string' || username.length < 3)
      return reply.status(400).send({ error: 'username' });
    if ([...users.values()].some((u) => u.username === username))
      return reply.status(409).send({ error: 'taken' });
    const user = { id: randomUUID(), username, displayName: username };
    users.set(user.id, user);
    startSession(reply, user.id);
    return reply.status(201).send({ user });
  });
  app.post('/logout', async (request, reply) => {
    const session = sessionOf(request);
    if (session) sessions.delete(session.sessionId);
    reply.clearCookie('app_session', { path: '/' });
    return { signedOut: true };
  });
  app.get('/me', async (request, reply) => {
    const session = sessionOf(request);
    return session ? { user: users.get(session.userId) } : reply.status(401).send({ error: 'signed out' });
  });

  await app.register(credkit, {
    prefix: '/auth',
    rpId,
    rpName: 'Example app',
    origins: [origin],
    databaseUrl,
    users: {
      findById: (id) => users.get(id),
      findByUsername: (name) => [...users.values()].find((u) => u.username === name),
    },
    session: {
      current: (request) => sessionOf(request),
      signIn: (request, reply, user) => {
        const previous = sessionOf(request);
        if (previous) sessions.delete(previous.sessionId);
        startSession(reply, user.id);
      },
    },
  });
  return app;
}
