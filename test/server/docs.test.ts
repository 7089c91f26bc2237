// docs/api.md documents every route and shows an example body for every error code the server raises.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SERVER_ERROR_CODES } from '../../packages/server/src/relying-party/errors.js';

const api = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

describe('docs/api.md', () => {
  it('has a JSON example of every server error code', () => {
    const shown = new Set([...api.matchAll(/"code": "([a-z_]+)"/g)].map((m) => m[1]));
    const missing = Object.keys(SERVER_ERROR_CODES).filter((code) => !shown.has(code));
    assert.deepEqual(missing, []);
  });

  it('has a section for every route of the HTTP API', () => {
    const routes = [
      'POST /api/signup',
      'POST /api/signin/password',
      'POST /api/signout',
      'GET /api/me',
      'PATCH /api/me',
      'POST /api/webauthn/registration/options',
      'POST /api/webauthn/registration/verify',
      'POST /api/webauthn/authentication/options',
      'POST /api/webauthn/authentication/verify',
      'GET /api/passkeys',
      'PATCH /api/passkeys/:id',
      'DELETE /api/passkeys/:id',
    ];
    const missing = routes.filter((route) => !api.includes(`### \`${route}\``));
    assert.deepEqual(missing, []);
    for (const path of ['/.well-known/assetlinks.json', '/.well-known/passkey-endpoints', '/healthz'])
      assert.ok(api.includes(`\`GET ${path}\``), path);
  });
});
