// CSRF: every state-changing route refuses an Origin that is not exactly an allowed one (lookalikes, `null`,
// other schemes and ports) and a cross-site request without Origin, before it changes anything.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../server/databases.js';
import { serverForSuite, signUpWithPasskey } from '../server/harness.js';
import { Client, WEB_ORIGIN } from './attacks.js';

const FOREIGN_ORIGINS = [
  'https://evil.example',
  'null',
  '',
  'http://localhost:8080.evil.example',
  'http://evil-localhost:8080',
  'https://localhost:8080',
  'http://localhost:8081',
  'http://localhost',
  'http://localhost:8080/',
  'HTTP://LOCALHOST:8080',
  'http://user@localhost:8080',
  `${WEB_ORIGIN} https://evil.example`,
  `${WEB_ORIGIN}, https://evil.example`,
  'http://127.0.0.1:8080',
  'android:apk-key-hash:AAAA',
];

for (const engine of ENGINES) {
  describe(`CSRF on ${engine.name}`, () => {
    const suite = serverForSuite(engine.make);

    it('refuses every foreign Origin variant on every state-changing route, changing nothing', async () => {
      const base = suite.running.base;
      const { client, credentialId } = await signUpWithPasskey(base, 'csrf-target', 'csrf password');
      const routes: [string, string, unknown][] = [
        ['POST', '/api/signup', { username: 'csrf-new' }],
        ['POST', '/api/signin/password', { username: 'csrf-target', password: 'csrf password' }],
        ['POST', '/api/signout', {}],
        ['PATCH', '/api/me', { displayName: 'Hacked' }],
        ['POST', '/api/webauthn/registration/options', { kind: 'passkey' }],
        ['POST', '/api/webauthn/registration/verify', {}],
        ['POST', '/api/webauthn/authentication/options', {}],
        ['POST', '/api/webauthn/authentication/verify', {}],
        ['PATCH', `/api/passkeys/${credentialId}`, { name: 'Hacked' }],
        ['DELETE', `/api/passkeys/${credentialId}`, undefined],
      ];
      for (const origin of FOREIGN_ORIGINS) {
        for (const [method, path, body] of routes) {
          const reply = await client.call(method, path, body, { origin });
          assert.equal(
            reply.status,
            403,
            `${method} ${path} from '${origin}': ${JSON.stringify(reply.body)}`,
          );
          assert.equal(reply.body.error.code, 'origin_not_allowed');
        }
      }
      for (const [method, path, body] of routes) {
        const reply = await client.call(method, path, body, { 'sec-fetch-site': 'cross-site' });
        assert.equal(reply.status, 403, `${method} ${path} cross-site without Origin`);
      }
      // nothing changed: still signed in, same name, the passkey still there and named as before
      const me = await client.get('/api/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.user.displayName, 'csrf-target');
      const passkeys = (await client.get('/api/passkeys')).body.passkeys;
      assert.equal(passkeys.length, 1);
      assert.notEqual(passkeys[0].name, 'Hacked');
      assert.equal(
        (await new Client(base).post('/api/signin/password', { username: 'csrf-new', password: 'x' })).status,
        401,
      );
    });

    it('accepts the exact allowed origin, same-origin fetch metadata and native apps without Origin', async () => {
      const base = suite.running.base;
      const client = new Client(base);
      const signup = await client.post(
        '/api/signup',
        { username: 'csrf-allowed' },
        { origin: WEB_ORIGIN, 'sec-fetch-site': 'same-origin' },
      );
      assert.equal(signup.status, 201);
      assert.equal((await client.call('PATCH', '/api/me', { displayName: 'Native' })).status, 200);
    });
  });
}
