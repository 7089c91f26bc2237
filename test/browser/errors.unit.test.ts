// Error mapping: DOMException names and server error bodies → typed ClientErrors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ceremonyError, networkError, serverError } from '../../packages/browser/src/errors.js';

test('DOMException names map to kinds with stable codes', () => {
  const cases: [string, string][] = [
    ['NotAllowedError', 'cancelled'],
    ['InvalidStateError', 'already_registered'],
    ['AbortError', 'aborted'],
    ['SecurityError', 'security'],
    ['NotSupportedError', 'unsupported'],
    ['ConstraintError', 'unknown'],
  ];
  for (const [name, kind] of cases) {
    const e = ceremonyError(new DOMException('x', name));
    assert.equal(e.kind, kind, name);
    assert.equal(e.code, name);
    assert.ok(e.message.length > 0);
  }
  assert.equal(ceremonyError(new TypeError('bad')).kind, 'unknown');
  assert.match(ceremonyError(new TypeError('bad')).message, /bad/);
  assert.equal(ceremonyError('weird').code, 'Error');
});

test('server error bodies keep their code, message, status and signals', () => {
  const signals = { unknownCredential: { rpId: 'localhost', credentialId: 'AQ' } };
  const e = serverError(404, { error: { code: 'unknown_credential', message: 'gone', signals } });
  assert.deepEqual(e, { kind: 'server', code: 'unknown_credential', message: 'gone', status: 404, signals });
  assert.deepEqual(
    serverError(404, { error: { code: 'unknown_credential', message: 'gone' }, signals }).signals,
    signals,
  );
});

test('a body without the error shape still gives a code', () => {
  const e = serverError(502, null);
  assert.equal(e.code, 'http_502');
  assert.equal(e.status, 502);
  assert.equal('signals' in e, false);
  assert.equal(networkError(new TypeError('Failed to fetch')).kind, 'network');
});
