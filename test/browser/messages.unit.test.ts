// Every error code a page can get has its own human sentence: the server's codes (its table and docs/api.md's
// error list), the WebAuthn core's codes, and the client's own; nothing falls back to a raw code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DESCRIBED_SERVER_CODES, describeError, errorMessage } from '../../packages/browser/src/messages.js';
import {
  ceremonyError,
  networkError,
  serverError,
  type ClientErrorKind,
} from '../../packages/browser/src/errors.js';
import { SERVER_ERROR_CODES } from '../../packages/server/src/relying-party/errors.js';
import { WEBAUTHN_ERROR_CODES } from '../../packages/webauthn/src/errors.js';

const api = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

/** The codes named in docs/api.md's "Error codes" table (attestation_* expanded from the core's table). */
function documentedCodes(): string[] {
  const section = api.slice(api.indexOf('## Error codes'));
  const codes = new Set<string>();
  for (const line of section.split('\n').filter((l) => l.startsWith('| '))) {
    const firstCell = line.split('|')[1];
    for (const [, code] of firstCell.matchAll(/`([a-z_]+\*?)`/g)) {
      if (code.endsWith('_*')) {
        const prefix = code.slice(0, -1);
        Object.keys(WEBAUTHN_ERROR_CODES)
          .filter((c) => c.startsWith(prefix))
          .forEach((c) => codes.add(c));
      } else codes.add(code);
    }
  }
  return [...codes];
}

const generic = (kind: ClientErrorKind) => errorMessage({ kind, code: '\u0000 no such code' });

test("docs/api.md's error list is found and every code in it has its own sentence", () => {
  const documented = documentedCodes();
  assert.ok(documented.length >= 30, `only ${documented.length} codes parsed from docs/api.md`);
  for (const code of documented) {
    assert.ok(DESCRIBED_SERVER_CODES.includes(code), `no sentence for documented code ${code}`);
  }
});

test("every code in the server's and the core's tables has a specific sentence, never the code itself", () => {
  const codes = [...Object.keys(SERVER_ERROR_CODES), ...Object.keys(WEBAUTHN_ERROR_CODES)];
  for (const code of codes) {
    const error = serverError(400, { error: { code, message: `raw server text for ${code}` } });
    const text = errorMessage(error);
    assert.notEqual(text, generic('server'), `${code} falls back to the generic sentence`);
    assert.doesNotMatch(text, new RegExp(code), `${code}: sentence shows the raw code`);
    assert.doesNotMatch(text, /raw server text/, `${code}: sentence shows the server's message`);
    assert.match(describeError(error), new RegExp(`^[A-Z].*\\. \\(${code}\\)$`));
  }
});

test('browser errors and the client’s own codes get sentences; unknown codes get the kind’s sentence', () => {
  const cancelled = ceremonyError(new DOMException('x', 'NotAllowedError'));
  assert.match(errorMessage(cancelled), /cancelled/);
  const registered = ceremonyError(new DOMException('x', 'InvalidStateError'));
  assert.match(errorMessage(registered), /already has a passkey/);
  assert.equal(
    describeError(networkError(new TypeError('Failed to fetch'))).endsWith('(network_error)'),
    true,
  );
  for (const code of ['webauthn_unavailable', 'conditional_unavailable', 'no_credential']) {
    const kind = code === 'no_credential' ? 'cancelled' : 'unsupported';
    assert.notEqual(errorMessage({ kind, code }), generic(kind), code);
  }
  // A gateway's bare 502 and a browser's new DOMException name still read as sentences.
  assert.equal(errorMessage(serverError(502, null)), generic('server'));
  assert.equal(errorMessage(ceremonyError(new DOMException('x', 'ConstraintError'))), generic('unknown'));
  // A server code is not looked up among the client's codes, nor an inherited property.
  assert.equal(errorMessage({ kind: 'server', code: 'toString' }), generic('server'));
  assert.equal(errorMessage({ kind: 'unsupported', code: 'unknown_credential' }), generic('unsupported'));
});
