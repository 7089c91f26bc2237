// An Express app that already has its own users (a SQLite table, scrypt passwords) and its own cookie session
// (express-session), and adds passkeys, restore keys and the Signal API's payloads with credkit's Node request
// handler, mounted at /passkeys. credkit stores only the passkeys and restore keys, keyed by the app's user id.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import express from 'express';
import session from 'express-session';
import { createHandler } from '@credkit/server';

/** `dataDir` holds both databases: the app's (app.db) and credkit's (passkeys.db). */
export function createApp({ dataDir, origin = 'http://localhost:3000', rpId = 'localhost', secret }) {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'app.db'));
  db.exec(`create table if not exists users (
    id integer primary key, username text unique not null, display_name text not null, password_hash text)`);

  // The app's users, as credkit needs to know them: ids are the app's own (as text).
  const asHostUser = (row) =>
    row && {
      id: String(row.id),
      username: row.username,
      displayName: row.display_name,
      hasPassword: row.password_hash !== null,
    };
  const users = {
    findById: (id) => asHostUser(db.prepare('select * from users where id = ?').get(Number(id))),
    findByUsername: (username) =>
      asHostUser(db.prepare('select * from users where username = ?').get(username)),
  };

  const app = express();
  app.use(
    session({
      secret: secret ?? randomBytes(32).toString('hex'),
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: origin.startsWith('https:') },
    }),
  );

  /** Starts a fresh session for a user (a new session id: no fixation). */
  const signIn = (req, userId) =>
    new Promise((resolve, reject) =>
      req.session.regenerate((err) => {
        if (err) return reject(err);
        req.session.userId = userId;
        req.session.save((saveErr) => (saveErr ? reject(saveErr) : resolve()));
      }),
    );

  // credkit before the app's body parser (it reads its own JSON bodies; one parsed already works too)
  const passkeys = createHandler({
    rpId,
    rpName: 'Example app',
    origins: [origin],
    databaseUrl: `sqlite:${join(dataDir, 'passkeys.db')}`,
    users,
    session: {
      current: (req) =>
        req.session?.userId ? { userId: String(req.session.userId), sessionId: req.session.id } : undefined,
      signIn: (req, _res, user) => signIn(req, Number(user.id)),
    },
  });
  app.use('/passkeys', passkeys);
  app.use(express.json());

  const hash = (password, salt = randomBytes(16)) =>
    `${salt.toString('base64url')}$${scryptSync(password, salt, 32, { N: 131072, maxmem: 256 * 1024 * 1024 }).toString('base64url')}`;
  const verify = (password, stored) => {
    const [salt, key] = stored.split('$');
    const given = Buffer.from(hash(password, Buffer.from(salt, 'base64url')).split('$')[1], 'base64url');
    return timingSafeEqual(given, Buffer.from(key, 'base64url'));
  };

  app.post('/signup', async (req, res) => {
    const { username, password } = req.body ?? {};
    if (typeof username !== 'string' || !/^[a-z0-9._-]{3,32}$/.test(username)) {
      return res.status(400).json({ error: 'choose a username of 3-32 lower-case letters, digits, . _ -' });
    }
    try {
      const { lastInsertRowid } = db
        .prepare('insert into users (username, display_name, password_hash) values (?, ?, ?)')
        .run(username, username, typeof password === 'string' ? hash(password) : null);
      await signIn(req, Number(lastInsertRowid));
      res.status(201).json({ user: users.findById(String(lastInsertRowid)) });
    } catch {
      res.status(409).json({ error: 'that username is taken' });
    }
  });

  app.post('/login', async (req, res) => {
    const { username, password } = req.body ?? {};
    const row = db.prepare('select * from users where username = ?').get(String(username));
    if (!row?.password_hash || typeof password !== 'string' || !verify(password, row.password_hash)) {
      return res.status(401).json({ error: 'wrong username or password' });
    }
    await signIn(req, row.id);
    res.json({ user: asHostUser(row) });
  });

  app.post('/logout', (req, res) => req.session.destroy(() => res.json({ signedOut: true })));

  app.get('/me', (req, res) => {
    const user = req.session.userId && users.findById(String(req.session.userId));
    return user ? res.json({ user }) : res.status(401).json({ error: 'signed out' });
  });

  // The Signal API after a change the app makes itself: the new display name for credential providers.
  app.patch('/me', async (req, res) => {
    if (!req.session.userId) return res.status(401).json({ error: 'signed out' });
    db.prepare('update users set display_name = ? where id = ?').run(
      String(req.body?.displayName),
      req.session.userId,
    );
    const user = users.findById(String(req.session.userId));
    const rp = await passkeys.relyingParty();
    res.json({ user, signals: { currentUserDetails: rp.currentUserDetails(user) } });
  });

  return {
    app,
    close: async () => {
      await passkeys.close();
      db.close();
    },
  };
}
