// The error contract holds for what the framework and Node's HTTP parser refuse, and every credential id the
// store accepts (up to WebAuthn's 1,023 bytes) can be renamed and deleted: a lost key can always be revoked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../server/databases.js';
import { serverForSuite } from '../server/harness.js';
import {
  Client,
  SoftwareAuthenticator,
  WEB_ORIGIN,
  rawRequest,
  rawSocket,
  type RawReply,
} from './attacks.js';
import { SERVER_ERROR_CODES } from '../../packages/server/src/index.js';

function expectContract(reply: RawReply, status: number, code: string): void {
  assert.equal(reply.status, status, reply.text);
  assert.equal(reply.body?.error?.code, code, reply.text);
  assert.equal(typeof reply.body.error.message, 'string');
  assert.deepEqual(Object.keys(reply.body), ['error']);
  assert.equal(SERVER_ERROR_CODES[code as keyof typeof SERVER_ERROR_CODES], status);
}

for (const engine of ENGINES) {
  describe(`framework errors and long credential ids on ${engine.name}`, () => {
    const suite = serverForSuite(engine.make, { bodyLimit: 16 * 1024 });

    for (const length of [76, 255, 1023]) {
      it(`registers, signs in with, renames and deletes a ${length}-byte credential id`, async () => {
        const base = suite.running.base;
        const client = new Client(base);
        const username = `long-id-${length}`;
        assert.equal(
          (await client.post('/api/signup', { username, password: 'long enough password' })).status,
          201,
        );
        const authenticator = new SoftwareAuthenticator({ credentialIdLength: length });
        const options = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
        const { response, credentialId } = authenticator.createCredential(options.body, {
          origin: WEB_ORIGIN,
        });
        assert.equal(Buffer.from(credentialId, 'base64url').length, length);
        assert.equal((await client.post('/api/webauthn/registration/verify', response)).status, 200);
        const signIn = await client.post('/api/webauthn/authentication/options', { username });
        const assertion = authenticator.getAssertion(signIn.body, { origin: WEB_ORIGIN });
        assert.equal((await client.post('/api/webauthn/authentication/verify', assertion)).status, 200);
        const renamed = await client.call('PATCH', `/api/passkeys/${credentialId}`, { name: 'Long key' });
        assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
        assert.equal(renamed.body.passkey.name, 'Long key');
        const deleted = await client.call('DELETE', `/api/passkeys/${credentialId}`);
        assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
        assert.equal((await client.get('/api/passkeys')).body.passkeys.length, 0);
      });
    }

    it('answers a route parameter longer than any credential id with 414 uri_too_long', async () => {
      const reply = await rawRequest(suite.running.base, 'DELETE', `/api/passkeys/${'A'.repeat(1401)}`);
      expectContract(reply, 414, 'uri_too_long');
    });

    it('answers bad URL encoding with 400 malformed_url', async () => {
      for (const path of ['/api/passkeys/%zz', '/api/passkeys/%E0%A4%A', '/api/%']) {
        expectContract(await rawRequest(suite.running.base, 'DELETE', path), 400, 'malformed_url');
      }
    });

    it('answers unknown routes with 404 not_found and known paths with the wrong method with 405', async () => {
      expectContract(await rawRequest(suite.running.base, 'GET', '/api/nothing'), 404, 'not_found');
      const put = await rawRequest(suite.running.base, 'PUT', '/api/signup', {
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      expectContract(put, 405, 'method_not_allowed');
      assert.equal(put.headers.allow, 'POST');
      const post = await rawRequest(suite.running.base, 'POST', '/api/passkeys/abc', { body: '' });
      expectContract(post, 405, 'method_not_allowed');
      assert.equal(post.headers.allow, 'PATCH, DELETE');
    });

    it('answers other media types and encodings with 415 unsupported_media_type', async () => {
      const base = suite.running.base;
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const reply = await rawRequest(base, 'POST', '/api/signup', {
          body: 'username=abc',
          headers: { 'content-type': type },
        });
        expectContract(reply, 415, 'unsupported_media_type');
      }
      const noType = await rawRequest(base, 'POST', '/api/signup', { body: '{"username":"abc"}' });
      expectContract(noType, 415, 'unsupported_media_type');
      const gzip = await rawRequest(base, 'POST', '/api/signup', {
        body: '{"username":"gzip-user"}',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      });
      expectContract(gzip, 415, 'unsupported_media_type');
    });

    it('answers a body over the limit with 413 body_too_large, also when Content-Length lies', async () => {
      const big = JSON.stringify({ username: 'x'.repeat(20_000) });
      const reply = await rawRequest(suite.running.base, 'POST', '/api/signup', {
        body: big,
        headers: { 'content-type': 'application/json' },
      });
      expectContract(reply, 413, 'body_too_large');
      const lying = await rawSocket(
        suite.running.base,
        `POST /api/signup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n${big}`,
      );
      assert.doesNotMatch(lying, /HTTP\/1\.1 5\d\d/);
    });

    it('answers headers over the limit with 431 and garbage with 400, in the error format', async () => {
      const overflow = await rawSocket(
        suite.running.base,
        `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      assert.match(overflow, /^HTTP\/1\.1 431 /);
      assert.match(overflow, /\{"error":\{"code":"headers_too_large","message":"[^"]+"\}\}$/);
      const garbage = await rawSocket(suite.running.base, 'NOT HTTP AT ALL\r\n\r\n');
      assert.match(garbage, /^HTTP\/1\.1 400 /);
      assert.match(garbage, /"code":"malformed_request"/);
      // the server is still there
      assert.equal((await rawRequest(suite.running.base, 'GET', '/healthz')).status, 200);
    });
  });
}
