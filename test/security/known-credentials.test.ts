// A discoverable sign-in with a credential the process has seen verifies the assertion with the key it kept, then
// spends the challenge, records the use and stores the session in one store step (PostgreSQL: one statement). The
// attacks here try what a kept key could get wrong: the id now holding another key and owner, a deleted
// credential, a replay, a bad signature that should still spend the challenge, an expired restore key, a race.
// On SQLite and PostgreSQL.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../server/databases.js';
import { serverForSuite, signUpWithPasskey, registerRestoreKey, ANDROID_ORIGIN } from '../server/harness.js';
import { Client, WEB_ORIGIN, rawRequest } from './attacks.js';
import type { SoftwareAuthenticator } from '../../packages/provider/src/index.js';

const DAY = 86_400_000;

for (const engine of ENGINES) {
  describe(`sign-in with a kept credential key on ${engine.name}`, () => {
    const suite = serverForSuite(engine.make, { restoreKeyTtlMs: 7 * DAY });
    const base = () => suite.running.base;
    const store = () => suite.running.server.store;

    const options = async (body: object = {}) =>
      (await new Client(base()).post('/api/webauthn/authentication/options', body)).body;
    const verify = (assertion: unknown) =>
      new Client(base()).post('/api/webauthn/authentication/verify', assertion);
    async function signIn(authenticator: SoftwareAuthenticator, credentialId: string, origin = WEB_ORIGIN) {
      return verify(authenticator.getAssertion(await options(), { origin, credentialId }));
    }
    const sessions = async () =>
      Number(
        (
          await store()
            .db.selectFrom('sessions')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it(`runs the whole verify step in ${engine.name === 'postgres' ? 'one statement' : 'one transaction of three statements'} once the key is kept`, async () => {
      const { authenticator, credentialId } = await signUpWithPasskey(base(), 'kept-key');
      assert.equal((await signIn(authenticator, credentialId)).status, 200); // reads the credential: kept from now
      const assertion = authenticator.getAssertion(await options(), { origin: WEB_ORIGIN, credentialId });
      const before = store().statementCount();
      const reply = await verify(assertion);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.equal(reply.body.user.username, 'kept-key');
      assert.deepEqual(reply.body.signals.allAcceptedCredentials.allAcceptedCredentialIds, [credentialId]);
      assert.equal(store().statementCount() - before, engine.name === 'postgres' ? 1 : 3);
      // the session it started is a real one
      const me = await rawRequest(base(), 'GET', '/api/me', {
        headers: { authorization: `Bearer ${reply.body.token}` },
      });
      assert.equal(me.status, 200);
      assert.equal(me.body.user.username, 'kept-key');
    });

    it('refuses a replay, and spends the challenge on a bad signature so that a good one cannot follow', async () => {
      const { authenticator, credentialId } = await signUpWithPasskey(base(), 'kept-replay');
      const first = authenticator.getAssertion(await options(), { origin: WEB_ORIGIN, credentialId });
      assert.equal((await verify(first)).status, 200);
      const replay = await verify(first);
      assert.equal(replay.body.error.code, 'challenge_not_found');
      const challenge = await options();
      const good = authenticator.getAssertion(challenge, { origin: WEB_ORIGIN, credentialId });
      const signature = Buffer.from(good.response.signature, 'base64url');
      signature[signature.length - 1]! ^= 1;
      const bad = { ...good, response: { ...good.response, signature: signature.toString('base64url') } };
      const refused = await verify(bad);
      assert.equal(refused.status, 401);
      assert.equal(refused.body.error.code, 'bad_signature');
      const after = await verify(good);
      assert.equal(after.body.error.code, 'challenge_not_found');
    });

    it('never signs in the new owner of a credential id with the key kept for the old one', async () => {
      const victim = await signUpWithPasskey(base(), 'kept-victim');
      const holder = await signUpWithPasskey(base(), 'kept-holder');
      assert.equal((await signIn(holder.authenticator, holder.credentialId)).status, 200); // kept
      // the id now names another credential: the victim's key and owner (a re-registration under the same id)
      await store().db.deleteFrom('credentials').where('id', '=', holder.credentialId).execute();
      await store()
        .db.updateTable('credentials')
        .set({ id: holder.credentialId })
        .where('id', '=', victim.credentialId)
        .execute();
      const sessionsBefore = await sessions();
      const reply = await signIn(holder.authenticator, holder.credentialId);
      assert.equal(reply.status, 404, JSON.stringify(reply.body));
      assert.equal(reply.body.error.code, 'unknown_credential');
      assert.equal(await sessions(), sessionsBefore);
      const row = await store().credentials.findById(holder.credentialId);
      assert.equal(row?.userId, victim.userId);
      assert.equal(row?.counter, 0, 'the victim credential counter was not touched');
      // the key is forgotten: the next try reads the row, whose owner is not the one the assertion names
      const again = await signIn(holder.authenticator, holder.credentialId);
      assert.equal(again.status, 400);
      assert.equal(again.body.error.code, 'user_handle_mismatch');
      assert.equal(await sessions(), sessionsBefore);
    });

    it('answers unknown_credential for a deleted credential, with the challenge spent', async () => {
      const { authenticator, credentialId } = await signUpWithPasskey(base(), 'kept-deleted');
      const other = await signUpWithPasskey(base(), 'kept-deleted-other');
      assert.equal((await signIn(authenticator, credentialId)).status, 200);
      await store().credentials.deleteById(credentialId);
      const challenge = await options();
      const reply = await verify(authenticator.getAssertion(challenge, { origin: WEB_ORIGIN, credentialId }));
      assert.equal(reply.body.error.code, 'unknown_credential');
      assert.deepEqual(reply.body.signals, { unknownCredential: { rpId: 'localhost', credentialId } });
      // the challenge went with that attempt: another credential's assertion over it is a replay
      const replay = await verify(
        other.authenticator.getAssertion(challenge, { origin: WEB_ORIGIN, credentialId: other.credentialId }),
      );
      assert.equal(replay.body.error.code, 'challenge_not_found');
    });

    it('removes a kept restore key once it has expired, and signs nobody in with it', async () => {
      const { client, credentialId: passkeyId } = await signUpWithPasskey(base(), 'kept-restore');
      const { device, restoreId } = await registerRestoreKey(client, 'tablet');
      const restore = async () =>
        verify(
          device.getAssertion(await options({ kind: 'restore' }), {
            origin: ANDROID_ORIGIN,
            credentialId: restoreId,
          }),
        );
      assert.equal((await restore()).status, 200); // kept
      await store()
        .db.updateTable('credentials')
        .set({ last_used_at: Date.now() - 8 * DAY })
        .where('id', '=', restoreId)
        .execute();
      const sessionsBefore = await sessions();
      const reply = await restore();
      assert.equal(reply.body.error.code, 'unknown_credential');
      assert.equal(await sessions(), sessionsBefore);
      assert.equal(await store().credentials.findById(restoreId), undefined);
      assert.ok(await store().credentials.findById(passkeyId));
    });

    it('lets one of twenty concurrent verifies of one assertion through, and starts one session', async () => {
      const { authenticator, credentialId } = await signUpWithPasskey(base(), 'kept-race');
      assert.equal((await signIn(authenticator, credentialId)).status, 200);
      const assertion = authenticator.getAssertion(await options(), { origin: WEB_ORIGIN, credentialId });
      const sessionsBefore = await sessions();
      const replies = await Promise.all(Array.from({ length: 20 }, () => verify(assertion)));
      assert.equal(replies.filter((r) => r.status === 200).length, 1);
      assert.ok(
        replies.filter((r) => r.status !== 200).every((r) => r.body.error.code === 'challenge_not_found'),
      );
      assert.equal(await sessions(), sessionsBefore + 1);
    });

    it('keeps username-first sign-in on the read-first path (a kept real id must not answer faster than a decoy)', async () => {
      const { authenticator, credentialId } = await signUpWithPasskey(base(), 'kept-named');
      assert.equal((await signIn(authenticator, credentialId)).status, 200); // kept
      const named = await options({ username: 'kept-named' });
      const before = store().statementCount();
      const reply = await verify(authenticator.getAssertion(named, { origin: WEB_ORIGIN, credentialId }));
      assert.equal(reply.status, 200);
      // begin, then finish (SQLite: the use and the session as two statements of one transaction)
      assert.equal(store().statementCount() - before, engine.name === 'postgres' ? 2 : 3);
    });
  });
}
