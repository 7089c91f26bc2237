// SIGKILL while registrations are in flight, on SQLite and PostgreSQL: after a restart, every registration the
// server acknowledged (200) signs in; none is lost, none half-written.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../server/databases.js';
import { testConfig } from '../server/harness.js';
import { spawnServer, type ServerProcess } from '../server/processes.js';
import { Client, SoftwareAuthenticator, WEB_ORIGIN } from './attacks.js';

const USERS = 24;

for (const engine of ENGINES) {
  describe(`SIGKILL during registrations on ${engine.name}`, () => {
    it(`keeps every acknowledged registration of ${USERS} in flight`, async () => {
      const database = await engine.make();
      const config = testConfig(database);
      let server: ServerProcess | undefined = await spawnServer(config);
      try {
        // sign everyone up and fetch options first, then fire all the verifies and kill mid-way
        const pending = await Promise.all(
          Array.from({ length: USERS }, async (_, i) => {
            const client = new Client(server!.base);
            assert.equal((await client.post('/api/signup', { username: `crash-${i}` })).status, 201);
            const options = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
            const authenticator = new SoftwareAuthenticator();
            const created = authenticator.createCredential(options.body, { origin: WEB_ORIGIN });
            return { client, authenticator, created, username: `crash-${i}` };
          }),
        );
        const acknowledged: typeof pending = [];
        let killed: Promise<void> | undefined;
        await Promise.all(
          pending.map(async (p) => {
            try {
              const reply = await p.client.post('/api/webauthn/registration/verify', p.created.response);
              if (reply.status === 200) {
                acknowledged.push(p);
                if (acknowledged.length === Math.floor(USERS / 3)) killed ??= server!.kill();
              }
            } catch {
              // the connection died with the server: not acknowledged
            }
          }),
        );
        await (killed ?? server.kill());
        assert.ok(acknowledged.length >= Math.floor(USERS / 3));
        const restarted = await spawnServer(config);
        server = restarted;
        for (const p of acknowledged) {
          const client = new Client(restarted.base);
          const options = await client.post('/api/webauthn/authentication/options', { username: p.username });
          assert.deepEqual(
            options.body.allowCredentials.map((c: { id: string }) => c.id),
            [p.created.credentialId],
            p.username,
          );
          const signedIn = await client.post(
            '/api/webauthn/authentication/verify',
            p.authenticator.getAssertion(options.body, { origin: WEB_ORIGIN }),
          );
          assert.equal(signedIn.status, 200, `${p.username}: ${JSON.stringify(signedIn.body)}`);
        }
        // the others were either stored whole (and sign in) or not at all
        for (const p of pending.filter((q) => !acknowledged.includes(q))) {
          const client = new Client(restarted.base);
          const options = await client.post('/api/webauthn/authentication/options', { username: p.username });
          const ids = options.body.allowCredentials.map((c: { id: string }) => c.id);
          if (!ids.includes(p.created.credentialId)) continue;
          const signedIn = await client.post(
            '/api/webauthn/authentication/verify',
            p.authenticator.getAssertion(options.body, { origin: WEB_ORIGIN }),
          );
          assert.equal(signedIn.status, 200, `${p.username} (unacknowledged, stored)`);
        }
        console.log(
          `# ${engine.name}: ${acknowledged.length} of ${USERS} acknowledged before SIGKILL, all sign in`,
        );
      } finally {
        await server?.kill();
        await database.cleanup();
      }
    });
  });
}
