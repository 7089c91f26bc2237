// Related Origin Requests (WebAuthn L3 §5.11): RELATED_ORIGINS served at /.well-known/webauthn and accepted as
// clientDataJSON.origin for the RP ID, in registration and sign-in; an origin not listed is still refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SoftwareAuthenticator } from '../../packages/provider/src/index.js';
import { allowedWebAuthnOrigins, loadConfig } from '../../packages/server/src/config.js';
import { sqliteDatabase } from './databases.js';
import { Client, startServer } from './harness.js';

const RELATED = ['https://shop.example', 'https://example.co.uk'];

describe('related origins', () => {
  it('RELATED_ORIGINS: comma separated, https origins only, accepted in clientDataJSON but not as ORIGINS', () => {
    const config = loadConfig({ RELATED_ORIGINS: ' https://shop.example ,https://example.co.uk:8443' });
    assert.deepEqual(config.relatedOrigins, ['https://shop.example', 'https://example.co.uk:8443']);
    assert.deepEqual(config.origins, ['http://localhost:8080']);
    assert.ok(allowedWebAuthnOrigins(config).includes('https://shop.example'));
    for (const bad of ['http://shop.example', 'https://shop.example/path', 'shop.example'])
      assert.throws(() => loadConfig({ RELATED_ORIGINS: bad }), /RELATED_ORIGINS/, bad);
  });

  it('serves {"origins": [...]} at /.well-known/webauthn and accepts a listed origin; others are origin_mismatch', async () => {
    const database = sqliteDatabase();
    const running = await startServer(database, { relatedOrigins: RELATED });
    try {
      const client = new Client(running.base);
      const wellKnown = await client.get('/.well-known/webauthn');
      assert.equal(wellKnown.status, 200);
      assert.match(wellKnown.headers.get('content-type') ?? '', /^application\/json/);
      assert.deepEqual(wellKnown.body, { origins: RELATED });
      const wellKnownOrigins = wellKnown.body.origins as string[];

      assert.equal((await client.post('/api/signup', { username: 'related' })).status, 201);
      const authenticator = new SoftwareAuthenticator();
      const options = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      const created = authenticator.createCredential(options.body, { origin: RELATED[0]!, wellKnownOrigins });
      const registered = await client.post('/api/webauthn/registration/verify', created.response);
      assert.equal(registered.status, 200, JSON.stringify(registered.body));

      const signIn = new Client(running.base);
      const request = await signIn.post('/api/webauthn/authentication/options', {});
      const assertion = authenticator.getAssertion(request.body, {
        origin: RELATED[1]!,
        wellKnownOrigins,
        credentialId: created.credentialId,
      });
      const signedIn = await signIn.post('/api/webauthn/authentication/verify', assertion);
      assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));

      // a client that believes another origin is related: the server does not list it
      const other = new Client(running.base);
      const again = await other.post('/api/webauthn/authentication/options', {});
      const forged = authenticator.getAssertion(again.body, {
        origin: 'https://evil.example',
        wellKnownOrigins: ['https://evil.example'],
        credentialId: created.credentialId,
      });
      const refused = await other.post('/api/webauthn/authentication/verify', forged);
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.code, 'origin_mismatch');
    } finally {
      await running.server.close();
      await database.cleanup();
    }
  });

  it('without related origins there is no /.well-known/webauthn', async () => {
    const database = sqliteDatabase();
    const running = await startServer(database);
    try {
      assert.equal((await new Client(running.base).get('/.well-known/webauthn')).status, 404);
    } finally {
      await running.server.close();
      await database.cleanup();
    }
  });
});
