import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store, type CredentialRow } from '../../src/server/store/index.js';
import pg from 'pg';
import { ENGINES, type TestDatabase } from './databases.js';

function credential(id: string, userId: string, extra: Partial<CredentialRow> = {}): CredentialRow {
  return {
    id,
    user_id: userId,
    kind: 'passkey',
    device_id: null,
    public_key: 'pk',
    algorithm: -7,
    counter: 0,
    transports: '["internal"]',
    aaguid: '00000000-0000-0000-0000-000000000000',
    backup_eligible: 1,
    backed_up: 1,
    user_verified: 1,
    attestation_format: 'none',
    name: 'Passkey',
    created_at: 1_700_000_000_000,
    last_used_at: null,
    ...extra,
  };
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
                'challenges',
                'credentials',
                'kysely_migration',
                'kysely_migration_lock',
                'sessions',
                'settings',
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

    it('keeps usernames unique and stores millisecond times exactly', async () => {
      const now = Date.now();
      assert.equal(
        await store.users.insert({
          id: 'u1',
          username: 'alice',
          display_name: 'Alice',
          password_hash: null,
          created_at: now,
        }),
        true,
      );
      assert.equal(
        await store.users.insert({
          id: 'u2',
          username: 'alice',
          display_name: 'A2',
          password_hash: null,
          created_at: now,
        }),
        false,
      );
      assert.deepEqual(await store.users.findByUsername('alice'), {
        id: 'u1',
        username: 'alice',
        display_name: 'Alice',
        password_hash: null,
        created_at: now,
      });
      await store.users.insert({
        id: 'u3',
        username: 'bob',
        display_name: 'Bob',
        password_hash: 'x',
        created_at: now,
      });
      assert.equal(await store.users.update('u1', { username: 'bob' }), 'taken');
    });

    it('consumes a challenge exactly once under concurrency', async () => {
      await store.challenges.insert({
        challenge: 'c1',
        ceremony: 'authentication',
        kind: 'passkey',
        user_id: null,
        device_id: null,
        conditional: 0,
        expires_at: Date.now() + 60_000,
        session_id: null,
        username_first: 0,
      });
      // another ceremony's or another session's attempt leaves the challenge in place
      assert.equal(await store.challenges.consume('c1', 'registration', null), undefined);
      assert.equal(await store.challenges.consume('c1', 'authentication', 's1'), undefined);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.challenges.consume('c1', 'authentication', null)),
      );
      assert.equal(results.filter(Boolean).length, 1);
    });

    it('replaces the restore key of a device and refuses deleting the last passkey', async () => {
      await store.credentials.replaceRestoreKey(credential('r1', 'u1', { kind: 'restore', device_id: 'd1' }));
      await store.credentials.replaceRestoreKey(credential('r2', 'u1', { kind: 'restore', device_id: 'd1' }));
      await store.credentials.replaceRestoreKey(credential('r3', 'u1', { kind: 'restore', device_id: 'd2' }));
      assert.deepEqual(
        (await store.credentials.listByUser('u1', 'restore')).map((c) => c.id),
        ['r2', 'r3'],
      );
      await store.credentials.insert(credential('p1', 'u1'));
      await store.credentials.insert(credential('p2', 'u1'));
      assert.equal(await store.credentials.deletePasskey('p1', 'u1'), 'deleted');
      assert.equal(await store.credentials.deletePasskey('p2', 'u1'), 'last');
      assert.equal(await store.credentials.deletePasskey('r2', 'u1'), 'missing');
      assert.deepEqual(await store.credentials.acceptedIds('u1', 0), ['p2', 'r2', 'r3']);
      assert.deepEqual(await store.credentials.acceptedIds('u1', Date.now()), ['p2']);
      assert.equal(await store.credentials.deleteRestoreKey('u1', 'd1'), 1);
    });

    it('never deletes both of two passkeys when both deletions race', async () => {
      const users = Array.from({ length: 8 }, (_, i) => `race${i}`);
      for (const id of users) {
        await store.users.insert({ id, username: id, display_name: id, password_hash: null, created_at: 1 });
        await store.credentials.insert(credential(`${id}-a`, id));
        await store.credentials.insert(credential(`${id}-b`, id));
      }
      const outcomes = await Promise.all(
        users.map((id) =>
          Promise.all([
            store.credentials.deletePasskey(`${id}-a`, id),
            store.credentials.deletePasskey(`${id}-b`, id),
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
