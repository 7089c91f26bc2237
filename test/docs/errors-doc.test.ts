// docs/errors.md documents every error code the core and the server can return, with its HTTP status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/vectors.js';
import { WEBAUTHN_ERROR_CODES } from '../../packages/webauthn/src/errors.js';
import { SERVER_ERROR_CODES } from '../../packages/server/src/relying-party/errors.js';

const doc = readFileSync(join(repoRoot, 'docs', 'errors.md'), 'utf8');

test('every WebAuthnError code is in docs/errors.md with its status', () => {
  for (const [code, { status }] of Object.entries(WEBAUTHN_ERROR_CODES)) {
    assert.match(doc, new RegExp(`\\| \`${code}\` +\\| ${status} +\\|`), code);
  }
});

test('every ServerError code is in docs/errors.md with its status', () => {
  for (const [code, status] of Object.entries(SERVER_ERROR_CODES)) {
    assert.match(doc, new RegExp(`\\| \`${code}\` +\\| ${status} +\\|`), code);
  }
});
