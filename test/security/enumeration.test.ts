// Enumeration oracles: within a username-first sign-in, nothing an attacker sees (status, body, time) tells a
// real listed credential id from a decoy, for existing and missing users, whatever the forged assertion carries.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ENGINES } from '../server/databases.js';
import { serverForSuite, signUpWithPasskey } from '../server/harness.js';
import {
  Client,
  SoftwareAuthenticator,
  WEB_ORIGIN,
  answer,
  attacker,
  withClientData,
  withCounter,
  withFlags,
  withResponse,
} from './attacks.js';
import type { AuthenticationResponseJSON } from '../../packages/webauthn/src/index.js';

type Variant = (forged: AuthenticationResponseJSON) => unknown;

const VARIANTS: Record<string, Variant> = {
  'signed by another key': (f) => f,
  'a random userHandle': (f) => withResponse(f, { userHandle: randomBytes(32).toString('base64url') }),
  'no userHandle': (f) => withResponse(f, { userHandle: null }),
  'BE and BS cleared': (f) => withFlags(f, 0, 0x18),
  'BS without BE': (f) => withFlags(f, 0x10, 0x08),
  'UV cleared': (f) => withFlags(f, 0, 0x04),
  'UP cleared': (f) => withFlags(f, 0, 0x01),
  'a foreign origin': (f) => withClientData(f, { origin: 'https://evil.example' }),
  'a malformed signature': (f) => withResponse(f, { signature: 'AA' }),
  'counter 0': (f) => withCounter(f, 0),
  'counter 2^32-1': (f) => withCounter(f, 0xffffffff),
};

for (const engine of ENGINES) {
  describe(`username-first enumeration on ${engine.name}`, () => {
    const suite = serverForSuite(engine.make);

    async function setup() {
      const base = suite.running.base;
      const victim = await signUpWithPasskey(base, `victim-${randomBytes(3).toString('hex')}`);
      // a second passkey: two real ids listed
      const more = await victim.client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      const second = await victim.client.post(
        '/api/webauthn/registration/verify',
        new SoftwareAuthenticator().createCredential(more.body, { origin: WEB_ORIGIN }).response,
      );
      assert.equal(second.status, 200);
      const mallory = await attacker(base);
      const options = (username: string) =>
        new Client(base).post('/api/webauthn/authentication/options', { username });
      return { base, victim, mallory, options };
    }

    it('answers a forged assertion the same for real listed ids, decoys and foreign ids', async () => {
      const { base, victim, mallory, options } = await setup();
      const victimName = (await victim.client.get('/api/me')).body.user.username as string;
      const ghost = `ghost-${randomBytes(3).toString('hex')}`;
      const realIds = (await options(victimName)).body.allowCredentials.map((c: { id: string }) => c.id);
      const decoyIds = (await options(ghost)).body.allowCredentials.map((c: { id: string }) => c.id);
      assert.equal(realIds.length, 2);
      assert.ok(decoyIds.length >= 1);
      for (const [name, variant] of Object.entries(VARIANTS)) {
        const answers: { label: string; got: unknown }[] = [];
        const attempt = async (username: string, id: string, label: string) => {
          const opts = await options(username);
          const reply = await new Client(base).post(
            '/api/webauthn/authentication/verify',
            variant(mallory.forge(opts.body, id)),
          );
          answers.push({ label, got: answer(reply) });
        };
        for (const id of realIds) await attempt(victimName, id, `victim's real id`);
        for (const id of decoyIds) await attempt(ghost, id, `ghost's decoy id`);
        await attempt(victimName, mallory.credentialId, `another account's real id, victim's options`);
        await attempt(ghost, mallory.credentialId, `another account's real id, ghost's options`);
        await attempt(victimName, decoyIds[0], `ghost's decoy id, victim's options`);
        const first = answers[0]!.got as { status: number };
        assert.ok(first.status >= 400 && first.status < 500, `${name}: ${JSON.stringify(first)}`);
        assert.notEqual(first.status, 404, name);
        for (const a of answers) assert.deepEqual(a.got, answers[0]!.got, `${name}: ${a.label}`);
      }
    });

    it('gives a plain bad signature the status and body of bad_signature, for real ids and decoys', async () => {
      const { base, victim, mallory, options } = await setup();
      const victimName = (await victim.client.get('/api/me')).body.user.username as string;
      const opts = await options(victimName);
      const real = await new Client(base).post(
        '/api/webauthn/authentication/verify',
        mallory.forge(opts.body, opts.body.allowCredentials[0].id),
      );
      assert.equal(real.status, 401);
      assert.equal(real.body.error.code, 'bad_signature');
      assert.equal(real.body.signals, undefined);
    });

    it('takes as long for a decoy id as for a real one (interleaved medians within 2x)', async () => {
      const { base, victim, mallory, options } = await setup();
      const victimName = (await victim.client.get('/api/me')).body.user.username as string;
      const ghost = `ghost-${randomBytes(3).toString('hex')}`;
      const timings = { real: [] as number[], decoy: [] as number[] };
      const time = async (username: string, which: 'real' | 'decoy') => {
        const opts = await options(username);
        const forged = mallory.forge(opts.body, opts.body.allowCredentials[0].id);
        const client = new Client(base);
        const start = performance.now();
        await client.post('/api/webauthn/authentication/verify', forged);
        timings[which].push(performance.now() - start);
      };
      for (let i = 0; i < 5; i++) await time(victimName, 'real'); // warm-up: key imports, statements
      timings.real.length = 0;
      for (let i = 0; i < 30; i++) {
        await time(victimName, 'real');
        await time(ghost, 'decoy');
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const ratio = median(timings.decoy) / median(timings.real);
      console.log(`# ${engine.name}: decoy/real median verify time ${ratio.toFixed(2)}`);
      assert.ok(ratio > 0.5 && ratio < 2, `decoy/real = ${ratio}`);
    });

    it('keeps unknown_credential and its signal for a discoverable sign-in', async () => {
      const { base, mallory } = await setup();
      const opts = await new Client(base).post('/api/webauthn/authentication/options', {});
      const id = randomBytes(32).toString('base64url');
      const reply = await new Client(base).post(
        '/api/webauthn/authentication/verify',
        mallory.forge(opts.body, id),
      );
      assert.equal(reply.status, 404);
      assert.equal(reply.body.error.code, 'unknown_credential');
      assert.deepEqual(reply.body.signals, { unknownCredential: { rpId: 'localhost', credentialId: id } });
    });
  });
}
