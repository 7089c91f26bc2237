import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../packages/server/src/store/index.js';
import type {
  SessionRecord,
  StoredCredential,
  UserRecord,
} from '../../packages/server/src/relying-party/stores.js';
import pg from 'pg';
import { ENGINES, type TestDatabase } from './databases.js';

function credential(id: string, userId: string, extra: Partial<StoredCredential> = {}): StoredCredential {
  return {
    id,
    userId,
    kind: 'passkey',
    deviceId: null,
    publicKey: new Uint8Array([0xa5, 1, 2, 3, 0xff]),
    algorithm: -7,
    counter: 0,
    transports: ['internal', 'hybrid'],
    aaguid: '00000000-0000-0000-0000-000000000000',
    backupEligible: true,
    backedUp: false,
    userVerified: true,
    attestationFormat: 'none',
    name: 'Passkey',
    createdAt: new Date(1_700_000_000_000),
    lastUsedAt: null,
    ...extra,
  };
}

/** A user without a password. */
function userRecord(id: string, username: string, createdAt = new Date()): UserRecord {
  return { id, username, displayName: username, hasPassword: false, passwordHash: null, createdAt };
}

/** A session of `userId`, expiring a minute from now unless told otherwise. */
function sessionRecord(
  id: string,
  userId: string,
  expiresAt = new Date(Date.now() + 60_000),
  createdAt = new Date(),
): SessionRecord {
  return { id, userId, createdAt, expiresAt, upgradeEligible: false };
}

for (const engine of ENGINES) {
  describe(`store on ${engine.name}`, () => {
    let database: TestDatabase;
    let store: Store;
    before(async () => {
      database = await engine.make();
      store = await openStore(database);
    });
    after(async () => {
      await store?.close();
      await database?.cleanup();
    });

    it('runs migrations idempotently and keeps settings stable', async () => {
      const again = await openStore(database);
      const a = await store.settings.getOrCreate('k', () => 'first');
      const b = await again.settings.getOrCreate('k', () => 'second');
      await again.close();
      assert.equal(a, 'first');
      assert.equal(b, 'first');
    });

    if (engine.name === 'postgres') {
      it('introspects and migrates only its own schema while other schemas are dropped', async () => {
        // Kysely's stock introspector scanned every schema and failed with `schema "…" does not exist` when
        // another suite dropped its schema mid-scan (a flaky migration failure with parallel test files).
        const churner = new pg.Client({ connectionString: database.databaseUrl });
        await churner.connect();
        let stop = false;
        const churn = (async () => {
          for (let i = 0; !stop; i++) {
            const other = `${database.databaseSchema}_churn_${i}`;
            await churner.query(`create schema "${other}"`);
            await churner.query(`create table "${other}".t (id text primary key, a int)`);
            await churner.query(`drop schema "${other}" cascade`);
          }
        })();
        try {
          for (let i = 0; i < 150; i++) {
            const tables = await store.db.introspection.getTables({ withInternalKyselyTables: true });
            assert.deepEqual(
              tables.map((t) => `${t.schema}.${t.name}`),
              [
                'credentials',
                'kysely_migration',
                'kysely_migration_lock',
                'sessions',
                'settings',
                'spent_challenges',
                'users',
              ].map((name) => `${database.databaseSchema}.${name}`),
            );
          }
          for (let i = 0; i < 3; i++) await (await openStore(database)).close();
        } finally {
          stop = true;
          await churn;
          await churner.end();
        }
        const users = (await store.db.introspection.getTables()).find((t) => t.name === 'users');
        assert.deepEqual(
          users?.columns.map((c) => [c.name, c.dataType, c.isNullable, c.isAutoIncrementing]),
          [
            ['id', 'text', false, false],
            ['username', 'text', false, false],
            ['display_name', 'text', false, false],
            ['password_hash', 'text', true, false],
            ['created_at', 'int8', false, false],
          ],
        );
      });
    }

    it('adds a user with its first session in one step; a taken username stores neither, also when sign-ups race', async () => {
      const now = new Date();
      const user = (id: string, username: string) => userRecord(id, username, now);
      const session = (id: string, userId: string) => sessionRecord(id, userId);
      assert.equal(await store.users.insert(user('s1', 'sign-up-one'), session('s1-session', 's1')), true);
      assert.equal((await store.sessions.find('s1-session', now))?.user.username, 'sign-up-one');
      assert.equal(await store.users.insert(user('s2', 'sign-up-one'), session('s2-session', 's2')), false);
      assert.equal(await store.sessions.find('s2-session', now), undefined);
      assert.equal(await store.users.findById('s2'), undefined);
      // eight sign-ups of one new name at once: one account, one session
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.users.insert(user(`race-${i}`, 'sign-up-race'), session(`race-${i}-session`, `race-${i}`)),
        ),
      );
      assert.equal(results.filter(Boolean).length, 1);
      const winner = results.indexOf(true);
      for (let i = 0; i < 8; i++) {
        const found = await store.sessions.find(`race-${i}-session`, now);
        assert.equal(found?.user.id, i === winner ? `race-${i}` : undefined);
      }
    });

    it("finds a session with its user's passkeys in one statement (the registration options' exclude list)", async () => {
      const now = new Date();
      await store.users.insert(userRecord('ex-u', 'exclude-owner'), sessionRecord('ex-s', 'ex-u'));
      await store.users.insert(userRecord('ex-v', 'exclude-other'), sessionRecord('ex-t', 'ex-v'));
      await store.users.insert(
        userRecord('ex-w', 'exclude-expired'),
        sessionRecord('ex-old', 'ex-w', new Date(now.getTime() - 1)),
      );
      // none yet: an empty list, not undefined (the ceremony would read them again)
      assert.deepEqual((await store.sessions.find('ex-s', now, { passkeys: true }))?.passkeys, []);
      await store.credentials.insert(
        credential('ex-2', 'ex-u', { createdAt: new Date(1_700_000_000_002), transports: [] }),
      );
      await store.credentials.insert(credential('ex-1', 'ex-u', { createdAt: new Date(1_700_000_000_001) }));
      await store.credentials.insert(
        credential('ex-restore', 'ex-u', { kind: 'restore', deviceId: 'dx', createdAt: new Date(0) }),
      );
      await store.credentials.insert(credential('ex-theirs', 'ex-v'));
      const before = store.statementCount();
      const found = await store.sessions.find('ex-s', now, { passkeys: true });
      assert.equal(store.statementCount() - before, 1);
      assert.equal(found?.user.username, 'exclude-owner');
      assert.equal(found?.session.userId, 'ex-u');
      // the user's passkeys only (no restore key, nobody else's), oldest first, transports decoded
      assert.deepEqual(found?.passkeys, [
        { id: 'ex-1', transports: ['internal', 'hybrid'] },
        { id: 'ex-2', transports: [] },
      ]);
      // the same as listByUser gives the ceremony without it
      assert.deepEqual(
        found?.passkeys,
        (await store.credentials.listByUser('ex-u', 'passkey')).map((c) => ({
          id: c.id,
          transports: c.transports,
        })),
      );
      // without asking: no list
      assert.equal('passkeys' in (await store.sessions.find('ex-s', now))!, false);
      // an expired session is not found, with or without them
      assert.equal(await store.sessions.find('ex-old', now, { passkeys: true }), undefined);
    });

    it('keeps usernames unique and stores millisecond times exactly', async () => {
      const now = new Date();
      assert.equal(
        await store.users.insert({
          id: 'u1',
          username: 'alice',
          displayName: 'Alice',
          hasPassword: false,
          passwordHash: null,
          createdAt: now,
        }),
        true,
      );
      assert.equal(
        await store.users.insert({
          id: 'u2',
          username: 'alice',
          displayName: 'A2',
          hasPassword: false,
          passwordHash: null,
          createdAt: now,
        }),
        false,
      );
      assert.deepEqual(await store.users.findByUsername('alice'), {
        id: 'u1',
        username: 'alice',
        displayName: 'Alice',
        hasPassword: false,
        passwordHash: null,
        createdAt: now,
      });
      await store.users.insert({
        id: 'u3',
        username: 'bob',
        displayName: 'Bob',
        hasPassword: true,
        passwordHash: 'x',
        createdAt: now,
      });
      assert.equal(await store.users.update('u1', { username: 'bob' }), 'taken');
      assert.equal(
        ((await store.users.update('u1', { displayName: 'Alice L.' })) as { displayName: string })
          .displayName,
        'Alice L.',
      );
    });

    it('spends a challenge exactly once under concurrency, and forgets it once expired', async () => {
      const expiresAt = new Date(Date.now() + 60_000);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.challenges.spend('c1', expiresAt)),
      );
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(await store.challenges.spend('c1', expiresAt), false);
      assert.equal(await store.challenges.spend('c2', expiresAt), true);
      // the sweep forgets only what has expired
      await store.challenges.deleteExpired(new Date(expiresAt.getTime() - 1));
      assert.equal(await store.challenges.spend('c1', expiresAt), false);
      await store.challenges.deleteExpired(expiresAt);
      assert.equal(await store.challenges.spend('c1', expiresAt), true);
    });

    it('replaces the restore key of a device and refuses deleting the last passkey', async () => {
      await store.credentials.replaceRestoreKey(credential('r1', 'u1', { kind: 'restore', deviceId: 'd1' }));
      await store.credentials.replaceRestoreKey(credential('r2', 'u1', { kind: 'restore', deviceId: 'd1' }));
      await store.credentials.replaceRestoreKey(credential('r3', 'u1', { kind: 'restore', deviceId: 'd2' }));
      assert.deepEqual(
        (await store.credentials.listByUser('u1', 'restore')).map((c) => c.id),
        ['r2', 'r3'],
      );
      await store.credentials.insert(credential('p1', 'u1'));
      await store.credentials.insert(credential('p2', 'u1'));
      assert.equal(await store.credentials.deletePasskey('p1', 'u1', false), 'deleted');
      assert.equal(await store.credentials.deletePasskey('p2', 'u1', false), 'last');
      assert.equal(await store.credentials.deletePasskey('r2', 'u1', false), 'missing');
      assert.deepEqual(await store.credentials.acceptedIds('u1', new Date(0)), ['p2', 'r2', 'r3']);
      assert.deepEqual(await store.credentials.acceptedIds('u1', new Date()), ['p2']);
      assert.equal(await store.credentials.deleteRestoreKey('u1', 'd1'), 1);
    });

    it('keeps typed records as they were stored (bytes, transports, booleans, dates)', async () => {
      const stored = credential('typed', 'u1', { lastUsedAt: new Date(1_700_000_123_456), backedUp: true });
      assert.equal(await store.credentials.insert(stored), true);
      assert.equal(await store.credentials.insert(stored), false); // §7.1 step 26: the id is taken
      const found = await store.credentials.findById('typed');
      assert.deepEqual(
        { ...found, publicKey: [...found!.publicKey] },
        { ...stored, publicKey: [...stored.publicKey] },
      );
      assert.ok(found!.createdAt instanceof Date);
    });

    it('keeps the MDS authenticator name and certification level (migration 0006), absent when not attested', async () => {
      const attested = credential('attested', 'u1', {
        authenticatorName: 'credkit Test Security Key',
        certificationLevel: 'FIDO_CERTIFIED_L2',
      });
      assert.equal(await store.credentials.insert(attested), true);
      const found = await store.credentials.findById('attested');
      assert.equal(found?.authenticatorName, 'credkit Test Security Key');
      assert.equal(found?.certificationLevel, 'FIDO_CERTIFIED_L2');
      const listed = (await store.credentials.listByUser('u1')).find((c) => c.id === 'attested');
      assert.equal(listed?.certificationLevel, 'FIDO_CERTIFIED_L2');
      await store.credentials.insert(credential('plain', 'u1'));
      const plain = await store.credentials.findById('plain');
      assert.equal('authenticatorName' in plain!, false);
      assert.equal('certificationLevel' in plain!, false);
    });

    it('begins a sign-in in one statement: the challenge spent, the credential with its owner and accepted ids', async () => {
      await store.credentials.insert(credential('s1', 'u3', { counter: 4 }));
      await store.credentials.insert(credential('s2', 'u3', { kind: 'restore', deviceId: 'dx' }));
      const challenge = (id: string) => ({ id, expiresAt: new Date(Date.now() + 60_000) });
      const before = store.statementCount();
      const lookup = await store.signIn.begin(challenge('sign-in-1'), 's1', new Date(0));
      assert.equal(store.statementCount() - before, 1);
      assert.equal(lookup?.credential?.counter, 4);
      assert.deepEqual(lookup?.credential?.transports, ['internal', 'hybrid']);
      assert.equal(lookup?.user?.username, 'bob');
      assert.deepEqual(lookup?.acceptedIds, ['s1', 's2']);
      // the challenge is spent: a second begin finds nothing
      assert.equal(await store.signIn.begin(challenge('sign-in-1'), 's1', new Date(0)), undefined);
      // an unknown credential: the challenge is still spent, nothing else found
      const unknown = await store.signIn.begin(challenge('sign-in-2'), 'nope', new Date(0));
      assert.equal(unknown?.credential, undefined);
      assert.deepEqual(unknown?.acceptedIds, []);
      assert.equal(await store.challenges.spend('sign-in-2', new Date(Date.now() + 60_000)), false);
      // restore keys unused since the cutoff are not accepted
      assert.deepEqual((await store.signIn.begin(challenge('sign-in-3'), 's1', new Date()))?.acceptedIds, [
        's1',
      ]);
    });

    it('registers a passkey in one step: spent once, stored once, the accepted ids with it', async () => {
      await store.credentials.insert(credential('r-old', 'u5', { createdAt: new Date(1_700_000_000_000) }));
      await store.credentials.insert(
        credential('r-restore', 'u5', {
          kind: 'restore',
          deviceId: 'd5',
          createdAt: new Date(1_700_000_000_001),
        }),
      );
      const challenge = (id: string) => ({ id, expiresAt: new Date(Date.now() + 60_000) });
      const fresh = credential('r-new', 'u5', { createdAt: new Date(1_800_000_000_000), counter: 7 });
      const before = store.statementCount();
      const first = await store.registration.registerPasskey(challenge('reg-1'), fresh, new Date(0));
      assert.equal(store.statementCount() - before, engine.name === 'postgres' ? 1 : 3);
      assert.deepEqual(first, { spent: true, stored: true, acceptedIds: ['r-old', 'r-restore', 'r-new'] });
      const stored = await store.credentials.findById('r-new');
      assert.equal(stored?.counter, 7);
      assert.deepEqual([...stored!.publicKey], [...fresh.publicKey]);
      assert.deepEqual(stored?.transports, ['internal', 'hybrid']);
      // the same challenge again: refused, nothing else done
      const replay = credential('r-other', 'u5');
      assert.deepEqual(await store.registration.registerPasskey(challenge('reg-1'), replay, new Date(0)), {
        spent: false,
        stored: false,
        acceptedIds: ['r-old', 'r-restore', 'r-new'],
      });
      assert.equal(await store.credentials.findById('r-other'), undefined);
      // an id registered already (to anyone): the new challenge is spent, the stored row untouched
      const taken = credential('r-new', 'u6', { counter: 99 });
      const again = await store.registration.registerPasskey(challenge('reg-2'), taken, new Date(0));
      assert.deepEqual(again, { spent: true, stored: false, acceptedIds: [] });
      assert.equal(await store.challenges.spend('reg-2', new Date(Date.now() + 60_000)), false);
      assert.equal((await store.credentials.findById('r-new'))?.userId, 'u5');
      assert.equal((await store.credentials.findById('r-new'))?.counter, 7);
      // restore keys unused since the cutoff are not accepted
      const later = await store.registration.registerPasskey(
        challenge('reg-3'),
        credential('r-newer', 'u5', { createdAt: new Date(1_800_000_000_001) }),
        new Date(1_750_000_000_000),
      );
      assert.deepEqual(later.acceptedIds, ['r-old', 'r-new', 'r-newer']);
      // concurrent registrations under one challenge: exactly one spends and stores
      const raced = await Promise.all(
        ['x1', 'x2', 'x3', 'x4'].map((id) =>
          store.registration.registerPasskey(challenge('reg-4'), credential(id, 'u7'), new Date(0)),
        ),
      );
      assert.equal(raced.filter((r) => r.spent && r.stored).length, 1);
      assert.equal(raced.filter((r) => !r.spent && !r.stored).length, 3);
      assert.equal((await store.credentials.listByUser('u7')).length, 1);
    });

    it("registers a passkey in a session it checks in the same step: only while it is live and the user's", async () => {
      const now = new Date();
      const soon = new Date(now.getTime() + 60_000);
      await store.users.insert(userRecord('rs-u', 'rs-owner'), sessionRecord('rs-live', 'rs-u', soon));
      await store.users.insert(userRecord('rs-v', 'rs-other'), sessionRecord('rs-theirs', 'rs-v', soon));
      await store.sessions.insert(sessionRecord('rs-ended', 'rs-u', now));
      const challenge = (id: string) => ({ id, expiresAt: soon });
      const refused = { spent: false, stored: false };
      // expired (expiring at `now` is expired), another user's, unknown: nothing spent, nothing stored
      for (const id of ['rs-ended', 'rs-theirs', 'rs-missing']) {
        const result = await store.registration.registerPasskey(
          challenge(`rs-c-${id}`),
          credential(`rs-${id}`, 'rs-u'),
          new Date(0),
          { id, now },
        );
        assert.deepEqual({ spent: result.spent, stored: result.stored }, refused, id);
        assert.equal(await store.credentials.findById(`rs-${id}`), undefined, id);
        assert.equal(await store.challenges.spend(`rs-c-${id}`, soon), true, `${id}: the challenge was left`);
      }
      // the live session of the credential's user: spent, stored, in one statement on PostgreSQL
      const before = store.statementCount();
      const done = await store.registration.registerPasskey(
        challenge('rs-c-live'),
        credential('rs-new', 'rs-u'),
        new Date(0),
        { id: 'rs-live', now },
      );
      assert.equal(store.statementCount() - before, engine.name === 'postgres' ? 1 : 3);
      assert.deepEqual(done, { spent: true, stored: true, acceptedIds: ['rs-new'] });
      assert.equal(await store.challenges.spend('rs-c-live', soon), false);
    });

    it('finishes a sign-in: the counter compare-and-set, and the session only when it won', async () => {
      const session = (id: string) => sessionRecord(id, 'u3');
      const use = { credentialId: 's1', counter: 9, backedUp: true, usedAt: new Date() };
      assert.equal(await store.signIn.finish(use, session('won')), true);
      assert.equal(await store.signIn.finish(use, session('lost')), false);
      assert.equal((await store.sessions.find('won', new Date()))?.user.username, 'bob');
      assert.equal(await store.sessions.find('lost', new Date()), undefined);
      const after = await store.credentials.findById('s1');
      assert.equal(after?.counter, 9);
      assert.equal(after?.backedUp, true);
    });

    it('never deletes both of two passkeys when both deletions race', async () => {
      const users = Array.from({ length: 8 }, (_, i) => `race${i}`);
      for (const id of users) {
        await store.users.insert({
          id,
          username: id,
          displayName: id,
          hasPassword: false,
          passwordHash: null,
          createdAt: new Date(1),
        });
        await store.credentials.insert(credential(`${id}-a`, id));
        await store.credentials.insert(credential(`${id}-b`, id));
      }
      const outcomes = await Promise.all(
        users.map((id) =>
          Promise.all([
            store.credentials.deletePasskey(`${id}-a`, id, false),
            store.credentials.deletePasskey(`${id}-b`, id, false),
          ]),
        ),
      );
      for (const [i, pair] of outcomes.entries()) {
        assert.deepEqual([...pair].sort(), ['deleted', 'last'], users[i]);
        assert.equal((await store.credentials.listByUser(users[i]!, 'passkey')).length, 1);
      }
    });
  });
}
