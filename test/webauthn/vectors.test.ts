// Every case of ../shared/vectors (W3C WebAuthn L3 appendix vectors and peer fixtures) through runVectorCase,
// the same runner `credkit verify --cases` uses. Nothing is skipped. The few cases where credkit is knowingly
// stricter than the peer that recorded them (src/webauthn/vector-deviations.ts) must fail with their listed code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadVectors } from '../helpers/vectors.js';
import { runVectorCase, type VectorCase } from '../../packages/credkit/src/vectors/vector-case.js';
import { VECTOR_DEVIATIONS } from '../../packages/credkit/src/vectors/vector-deviations.js';

for (const file of ['w3c-webauthn-l3.json', 'peer-fixtures.json'] as const) {
  for (const c of loadVectors(file) as VectorCase[]) {
    const deviation = VECTOR_DEVIATIONS[c.name];
    test(`${file}: ${c.name}`, () => {
      const outcome = runVectorCase(c);
      assert.notEqual(outcome.code, 'internal_error', `untyped error: ${outcome.message}`);
      assert.deepEqual(outcome.mismatches, []);
      if (deviation) {
        // credkit is stricter than the peer here: the case must fail, and for exactly the listed reason
        assert.equal(outcome.verified, false);
        assert.equal(outcome.code, deviation.code);
        assert.equal(outcome.deviation, deviation.reason);
      } else {
        assert.equal(outcome.verified, c.expected.verified);
        assert.equal(outcome.deviation, undefined);
      }
      assert.equal(outcome.matched, true);
    });
  }
}

test('every listed deviation names a case that exists in the vectors', () => {
  const names = new Set(
    (['w3c-webauthn-l3.json', 'peer-fixtures.json'] as const).flatMap((f) =>
      loadVectors(f).map((c) => c.name),
    ),
  );
  for (const name of Object.keys(VECTOR_DEVIATIONS)) assert.ok(names.has(name), name);
});
