// WebAuthn L3 hints over HTTP: {kind, hints} in both options requests reach the options; bad hints are refused
// by the schema (malformed_request).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sqliteDatabase } from './databases.js';
import { Client, serverForSuite } from './harness.js';

describe('hints in options', () => {
  const suite = serverForSuite(async () => sqliteDatabase());

  it('registration and authentication options carry the requested hints, in order; none when not asked', async () => {
    const client = new Client(suite.running.base);
    assert.equal((await client.post('/api/signup', { username: 'hinted' })).status, 201);
    const key = await client.post('/api/webauthn/registration/options', {
      kind: 'passkey',
      hints: ['security-key', 'hybrid'],
    });
    assert.equal(key.status, 200, JSON.stringify(key.body));
    assert.deepEqual(key.body.hints, ['security-key', 'hybrid']);
    const plain = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
    assert.equal('hints' in plain.body, false);
    const signIn = await new Client(suite.running.base).post('/api/webauthn/authentication/options', {
      hints: ['client-device'],
    });
    assert.equal(signIn.status, 200);
    assert.deepEqual(signIn.body.hints, ['client-device']);
  });

  it('unknown, repeated or too many hints: malformed_request', async () => {
    const client = new Client(suite.running.base);
    assert.equal((await client.post('/api/signup', { username: 'badhints' })).status, 201);
    for (const hints of [['usb'], ['hybrid', 'hybrid'], 'hybrid']) {
      const r = await client.post('/api/webauthn/registration/options', { kind: 'passkey', hints });
      assert.equal(r.status, 400, JSON.stringify(hints));
      assert.equal(r.body.error.code, 'malformed_request');
      const a = await new Client(suite.running.base).post('/api/webauthn/authentication/options', { hints });
      assert.equal(a.status, 400);
    }
  });
});
