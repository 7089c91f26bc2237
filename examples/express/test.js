// The example over HTTP, as a browser would use it, with credkit's software authenticator: sign up with the app,
// add a passkey through credkit, sign out with the app, sign in with the passkey (the app's own session starts),
// then a restore key and the Signal payloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SoftwareAuthenticator } from '@credkit/provider';
import { createApp } from './app.js';

let server;
let base;
let close;
const dataDir = mkdtempSync(join(tmpdir(), 'credkit-express-'));

before(async () => {
  const created = createApp({ dataDir, origin: 'http://localhost:3000' });
  close = created.close;
  server = created.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A browser: the cookie jar of one site, and its Origin on every request. */
function browser() {
  let cookie = '';
  return async (method, path, body) => {
    const response = await fetch(base + path, {
      method,
      headers: {
        origin: 'http://localhost:3000',
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
  const signup = await call('POST', '/signup', { username: 'ada', password: 'correct horse battery' });
  assert.equal(signup.status, 201);

  const options = await call('POST', '/passkeys/webauthn/registration/options', {});
  assert.equal(options.status, 200);
  assert.equal(options.body.user.name, 'ada');
  const { response } = authenticator.createCredential(options.body, { origin: 'http://localhost:3000' });
  const registered = await call('POST', '/passkeys/webauthn/registration/verify', response);
  assert.equal(registered.status, 200);
  assert.deepEqual(registered.body.signals.allAcceptedCredentials.allAcceptedCredentialIds, [response.id]);

  assert.equal((await call('POST', '/logout')).status, 200);
  assert.equal((await call('GET', '/me')).status, 401);

  const request = await call('POST', '/passkeys/webauthn/authentication/options', {});
  const assertion = authenticator.getAssertion(request.body, {
    origin: 'http://localhost:3000',
    credentialId: response.id,
  });
  const signedIn = await call('POST', '/passkeys/webauthn/authentication/verify', assertion);
  assert.equal(signedIn.status, 200);
  assert.equal(signedIn.body.user.username, 'ada');
  // the app's own session (express-session's cookie) now says who this is
  const me = await call('GET', '/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.username, 'ada');

  const listed = await call('GET', '/passkeys/passkeys');
  assert.deepEqual(
    listed.body.passkeys.map((p) => p.id),
    [response.id],
  );
  // a password remains: the last passkey may go
  const deleted = await call('DELETE', `/passkeys/passkeys/${response.id}`);
  assert.equal(deleted.status, 200);
  assert.deepEqual(deleted.body.signals.allAcceptedCredentials.allAcceptedCredentialIds, []);
});

test('a restore key signs in on a new phone, and the app sends the Signal payload of its own change', async () => {
  const phone = browser();
  const signup = await phone('POST', '/signup', { username: 'grace' });
  assert.equal(signup.status, 201);
  const device = new SoftwareAuthenticator();
  const options = await phone('POST', '/passkeys/webauthn/registration/options', {
    kind: 'restore',
    deviceId: 'pixel',
  });
  const { response } = device.createCredential(options.body, { origin: 'http://localhost:3000' });
  assert.equal((await phone('POST', '/passkeys/webauthn/registration/verify', response)).status, 200);

  const restored = browser();
  const request = await restored('POST', '/passkeys/webauthn/authentication/options', { kind: 'restore' });
  const assertion = device.getAssertion(request.body, {
    origin: 'http://localhost:3000',
    credentialId: response.id,
  });
  assert.equal((await restored('POST', '/passkeys/webauthn/authentication/verify', assertion)).status, 200);
  const renamed = await restored('PATCH', '/me', { displayName: 'Grace H.' });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.signals.currentUserDetails.displayName, 'Grace H.');
  assert.equal(
    Buffer.from(renamed.body.signals.currentUserDetails.userId, 'base64url').toString(),
    signup.body.user.id,
  );
});
