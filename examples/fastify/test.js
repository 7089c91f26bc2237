// The example over HTTP with credkit's software authenticator: sign up with the app, add a passkey through the
// plugin, sign out with the app, sign in with the passkey (the app's own session starts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SoftwareAuthenticator } from '@credkit/provider';
import { buildApp } from './app.js';

const ORIGIN = 'http://localhost:3000';
const dataDir = mkdtempSync(join(tmpdir(), 'credkit-fastify-'));
let app;
let base;

before(async () => {
  app = await buildApp({ databaseUrl: `sqlite:${join(dataDir, 'passkeys.db')}`, origin: ORIGIN });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

after(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function browser() {
  let cookie = '';
  return async (method, path, body) => {
    const response = await fetch(base + path, {
      method,
      headers: {
        origin: ORIGIN,
        ...(cookie ? { cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    return { status: response.status, body: await response.json() };
  };
}

test('sign up with the app, add a passkey, sign out, sign in with the passkey', async () => {
  const call = browser();
  const authenticator = new SoftwareAuthenticator();
  assert.equal((await call('POST', '/signup', { username: 'linus' })).status, 201);
  const options = await call('POST', '/auth/webauthn/registration/options', {});
  assert.equal(options.status, 200);
  const { response } = authenticator.createCredential(options.body, { origin: ORIGIN });
  assert.equal((await call('POST', '/auth/webauthn/registration/verify', response)).status, 200);
  assert.equal((await call('POST', '/logout')).status, 200);
  assert.equal((await call('GET', '/me')).status, 401);

  const request = await call('POST', '/auth/webauthn/authentication/options', {});
  const assertion = authenticator.getAssertion(request.body, { origin: ORIGIN, credentialId: response.id });
  const signedIn = await call('POST', '/auth/webauthn/authentication/verify', assertion);
  assert.equal(signedIn.status, 200);
  const me = await call('GET', '/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.username, 'linus');
  // no password in this app: the only passkey is the last way in
  const last = await call('DELETE', `/auth/passkeys/${response.id}`);
  assert.equal(last.status, 409);
  assert.equal(last.body.error.code, 'last_credential');
});

test("the app's other routes keep their own behaviour; credkit's keep the credkit error format", async () => {
  const text = await fetch(`${base}/signup`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: 'x',
  });
  assert.notEqual(text.status, 500);
  const refused = await fetch(`${base}/auth/webauthn/authentication/options`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: ORIGIN },
    body: 'x',
  });
  assert.equal(refused.status, 415);
  assert.equal((await refused.json()).error.code, 'unsupported_media_type');
});
