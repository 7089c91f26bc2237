// Attacks on sealed challenges (relying-party/challenges.ts): the options' facts travel inside the challenge, so
// an attacker holds the token and can edit it. Every edit the authenticator then signs honestly (a valid
// signature over the edited challenge) must be refused as challenge_not_found without spending anything; a
// challenge from another server, one stretched past its expiry, a registration challenge turned into a sign-in
// one and a username-first challenge re-aimed at another account all fail; and the token says nothing about
// whether the username it was issued for exists.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, sqliteDatabase } from '../server/databases.js';
import { serverForSuite, signUpWithPasskey, Client, WEB_ORIGIN } from '../server/harness.js';

const decode = (challenge: string) => Buffer.from(challenge, 'base64url');
const encode = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

for (const engine of ENGINES) {
  describe(`sealed challenges on ${engine.name}`, () => {
    const suite = serverForSuite(engine.make);

    it('refuses every single-byte edit of a sign-in challenge, and spends nothing', async () => {
      const { authenticator, credentialId } = await signUpWithPasskey(suite.running.base, 'edits');
      const client = new Client(suite.running.base);
      const options = await client.post('/api/webauthn/authentication/options', {});
      const original = decode(options.body.challenge);
      for (let i = 0; i < original.length; i++) {
        for (const mask of [0x01, 0x80]) {
          const edited = Buffer.from(original);
          edited[i]! ^= mask;
          const assertion = authenticator.getAssertion(
            { ...options.body, challenge: encode(edited) },
            { origin: WEB_ORIGIN, credentialId },
          );
          const reply = await client.post('/api/webauthn/authentication/verify', assertion);
          assert.equal(reply.status, 400, `byte ${i} ^ ${mask}`);
          assert.equal(reply.body.error.code, 'challenge_not_found', `byte ${i} ^ ${mask}`);
        }
      }
      // the genuine challenge was never spent by those attempts
      const genuine = authenticator.getAssertion(options.body, { origin: WEB_ORIGIN, credentialId });
      assert.equal((await client.post('/api/webauthn/authentication/verify', genuine)).status, 200);
    });

    it('refuses truncated, extended, short, oversized and non-base64url challenges', async () => {
      const { authenticator, credentialId } = await signUpWithPasskey(suite.running.base, 'shapes');
      const client = new Client(suite.running.base);
      const options = await client.post('/api/webauthn/authentication/options', {});
      const bytes = decode(options.body.challenge);
      const cases: [string, string][] = [
        [encode(bytes.subarray(0, bytes.length - 1)), 'challenge_not_found'],
        [encode(Buffer.concat([bytes, Buffer.from([0])])), 'challenge_not_found'],
        [encode(bytes.subarray(0, 20)), 'challenge_not_found'],
        ['A'.repeat(1000), 'challenge_not_found'],
        // longer than the core reads back (challengeOf)
        ['A'.repeat(1500), 'challenge_mismatch'],
        // longer than any clientDataJSON the body schema takes
        ['A'.repeat(5000), 'malformed_request'],
      ];
      for (const [challenge, code] of cases) {
        const assertion = authenticator.getAssertion(
          { ...options.body, challenge },
          { origin: WEB_ORIGIN, credentialId },
        );
        const reply = await client.post('/api/webauthn/authentication/verify', assertion);
        assert.equal(reply.status, 400, challenge.slice(0, 40));
        assert.equal(reply.body.error.code, code, challenge.slice(0, 40));
      }
      // other texts that decode to the same bytes (foreign characters, padding, other trailing bits): an
      // authenticator signs only what it is given, so these are clientDataJSON edits, refused before the signature
      const genuine = authenticator.getAssertion(options.body, { origin: WEB_ORIGIN, credentialId });
      const clientData = JSON.parse(decode(genuine.response.clientDataJSON).toString('utf8'));
      const last = options.body.challenge.at(-1) as string;
      const sibling = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
        .split('')
        .find((c) => c !== last && decode(options.body.challenge.slice(0, -1) + c).equals(bytes));
      for (const challenge of [
        `${options.body.challenge}!`,
        `${options.body.challenge}=`,
        `${options.body.challenge.slice(0, 10)}.${options.body.challenge.slice(10)}`,
        ...(sibling ? [options.body.challenge.slice(0, -1) + sibling] : []),
      ]) {
        assert.ok(decode(challenge).equals(bytes));
        const edited = Buffer.from(JSON.stringify({ ...clientData, challenge })).toString('base64url');
        const reply = await client.post('/api/webauthn/authentication/verify', {
          ...genuine,
          response: { ...genuine.response, clientDataJSON: edited },
        });
        assert.equal(reply.body.error.code, 'challenge_not_found', challenge);
      }
      assert.equal((await client.post('/api/webauthn/authentication/verify', genuine)).status, 200);
    });

    it('refuses a registration challenge used to sign in, and a sign-in challenge used to register', async () => {
      const { client, authenticator, credentialId } = await signUpWithPasskey(suite.running.base, 'crossed');
      const registration = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      const signIn = authenticator.getAssertion(
        { challenge: registration.body.challenge, rpId: 'localhost', userVerification: 'required' },
        { origin: WEB_ORIGIN, credentialId },
      );
      const asSignIn = await client.post('/api/webauthn/authentication/verify', signIn);
      assert.equal(asSignIn.body.error.code, 'challenge_not_found');
      const authentication = await client.post('/api/webauthn/authentication/options', {});
      const created = authenticator.createCredential(
        { ...registration.body, challenge: authentication.body.challenge, excludeCredentials: [] },
        { origin: WEB_ORIGIN },
      ).response;
      const asRegistration = await client.post('/api/webauthn/registration/verify', created);
      assert.equal(asRegistration.body.error.code, 'challenge_not_found');
    });

    it("refuses a challenge sealed by another server (another secret), even one with the same users' ids", async () => {
      const { authenticator, credentialId } = await signUpWithPasskey(suite.running.base, 'foreign');
      const other = await (async () => {
        const database = await sqliteDatabase();
        const { startServer } = await import('../server/harness.js');
        return { database, running: await startServer(database) };
      })();
      try {
        const foreign = await new Client(other.running.base).post('/api/webauthn/authentication/options', {});
        const assertion = authenticator.getAssertion(foreign.body, { origin: WEB_ORIGIN, credentialId });
        const reply = await new Client(suite.running.base).post(
          '/api/webauthn/authentication/verify',
          assertion,
        );
        assert.equal(reply.body.error.code, 'challenge_not_found');
      } finally {
        await other.running.server.close();
        await other.database.cleanup();
      }
    });

    it('binds a username-first challenge to the user named: another account’s passkey fails as a decoy would', async () => {
      const alice = await signUpWithPasskey(suite.running.base, 'alice-sealed');
      const mallory = await signUpWithPasskey(suite.running.base, 'mallory-sealed');
      const client = new Client(suite.running.base);
      const forAlice = await client.post('/api/webauthn/authentication/options', {
        username: 'alice-sealed',
      });
      const withMallorysKey = mallory.authenticator.getAssertion(
        { ...forAlice.body, allowCredentials: [] },
        { origin: WEB_ORIGIN, credentialId: mallory.credentialId },
      );
      const refused = await client.post('/api/webauthn/authentication/verify', withMallorysKey);
      // what an id nobody registered gets under the same kind of challenge
      const forNobody = await client.post('/api/webauthn/authentication/options', {
        username: 'alice-sealed',
      });
      const decoy = mallory.authenticator.getAssertion(
        { ...forNobody.body, allowCredentials: [] },
        { origin: WEB_ORIGIN, credentialId: mallory.credentialId },
      );
      const decoyReply = await client.post('/api/webauthn/authentication/verify', {
        ...decoy,
        id: alice.credentialId.slice(0, -2) + 'AA',
        rawId: alice.credentialId.slice(0, -2) + 'AA',
      });
      assert.equal(refused.status, decoyReply.status);
      assert.deepEqual(refused.body, decoyReply.body);
      // Mallory's attempt spent that challenge; Alice's own passkey works with a fresh one
      const again = await client.post('/api/webauthn/authentication/options', { username: 'alice-sealed' });
      const own = alice.authenticator.getAssertion(again.body, {
        origin: WEB_ORIGIN,
        credentialId: alice.credentialId,
      });
      assert.equal((await client.post('/api/webauthn/authentication/verify', own)).status, 200);
    });

    it('says nothing about the username: known and unknown names get challenges of one length, never repeated', async () => {
      await signUpWithPasskey(suite.running.base, 'known-sealed');
      const client = new Client(suite.running.base);
      const challenges: Buffer[] = [];
      for (const username of ['known-sealed', 'unknown-sealed', 'known-sealed', 'unknown-sealed']) {
        const options = await client.post('/api/webauthn/authentication/options', { username });
        challenges.push(decode(options.body.challenge));
      }
      assert.equal(new Set(challenges.map((c) => c.length)).size, 1);
      // the user tag (bytes 24..39) differs for every challenge, also for the same user
      assert.equal(new Set(challenges.map((c) => c.subarray(24, 40).toString('hex'))).size, 4);
      // at least 16 random bytes (WebAuthn §13.4.3), never repeated
      assert.equal(new Set(challenges.map((c) => c.subarray(8, 24).toString('hex'))).size, 4);
    });
  });
}

describe('sealed challenges: the session binding', () => {
  it('refuses a registration challenge moved to a session whose id is a suffix of its own, the device id lengthened', async () => {
    const { challengeKey, issueChallenge, openChallenge } =
      await import('../../packages/server/src/relying-party/challenges.js');
    const ctx = {
      challengeKey: challengeKey(Buffer.alloc(32, 7)),
      now: () => 1_800_000_000_000,
      config: { challengeTtlMs: 60_000 },
    } as unknown as Parameters<typeof openChallenge>[0];
    const issued = issueChallenge(ctx, {
      ceremony: 'registration',
      kind: 'restore',
      deviceId: 'phone',
      sessionId: 'xsession',
    });
    assert.equal(openChallenge(ctx, issued, 'registration', 'xsession').deviceId, 'phone');
    // the body with one more device-id byte (the session's first), the same MAC, under the shorter session
    const bytes = decode(issued);
    const body = bytes.subarray(0, bytes.length - 16);
    const moved = encode(Buffer.concat([body, Buffer.from('x'), bytes.subarray(bytes.length - 16)]));
    assert.throws(
      () => openChallenge(ctx, moved, 'registration', 'session'),
      (e: { code?: string }) => e.code === 'challenge_not_found',
    );
  });
});

describe('sealed challenges: the ids they are spent under', () => {
  const load = () => import('../../packages/server/src/relying-party/challenges.js');
  it('begin with the expiry, so later challenges sort after earlier ones, and end with the random bytes', async () => {
    const { challengeKey, issueChallenge, openChallenge } = await load();
    let now = 1_800_000_000_000;
    const ctx = {
      challengeKey: challengeKey(Buffer.alloc(32, 9)),
      now: () => now,
      config: { challengeTtlMs: 60_000 },
    } as unknown as Parameters<typeof openChallenge>[0];
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const issued = issueChallenge(ctx, { ceremony: 'authentication', kind: 'passkey' });
      const { id, expiresAt } = openChallenge(ctx, issued, 'authentication');
      assert.equal(id.slice(0, 12), expiresAt.getTime().toString(16).padStart(12, '0'));
      // the 16 random bytes (8..23 of the challenge), in base64url
      assert.equal(id.slice(12), decode(issued).subarray(8, 24).toString('base64url'));
      ids.push(id);
      now += 1 + (i % 3) * 997;
    }
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('open a version 1 challenge (issued before the upgrade) under its old id, so one spent then stays spent', async () => {
    const { challengeKey, openChallenge } = await load();
    const { createHmac } = await import('node:crypto');
    const key = challengeKey(Buffer.alloc(32, 5));
    const now = 1_800_000_000_000;
    const ctx = {
      challengeKey: key,
      now: () => now,
      config: { challengeTtlMs: 60_000 },
    } as unknown as Parameters<typeof openChallenge>[0];
    // a version 1 sign-in challenge as the layout describes it: version, flags, expiry, random bytes, then the MAC
    // over an empty session (its length first) and the body
    const body = Buffer.alloc(24);
    body[0] = 1;
    body.writeUIntBE(now + 30_000, 2, 6);
    body.fill(0xab, 8, 24);
    const mac = createHmac('sha256', key).update(Buffer.alloc(4)).update(body).digest().subarray(0, 16);
    const record = openChallenge(ctx, encode(Buffer.concat([body, mac])), 'authentication');
    assert.equal(record.id, body.subarray(8, 24).toString('base64url'));
    assert.equal(record.expiresAt.getTime(), now + 30_000);
    // the same bytes as version 2 open under the expiry-first id
    body[0] = 2;
    const mac2 = createHmac('sha256', key).update(Buffer.alloc(4)).update(body).digest().subarray(0, 16);
    const current = openChallenge(ctx, encode(Buffer.concat([body, mac2])), 'authentication');
    assert.equal(current.id, (now + 30_000).toString(16).padStart(12, '0') + record.id);
    // and no other version opens
    body[0] = 3;
    const mac3 = createHmac('sha256', key).update(Buffer.alloc(4)).update(body).digest().subarray(0, 16);
    assert.throws(
      () => openChallenge(ctx, encode(Buffer.concat([body, mac3])), 'authentication'),
      (e: { code?: string }) => e.code === 'challenge_not_found',
    );
  });
});
