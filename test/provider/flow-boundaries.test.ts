// The provider's carved-out flows take narrow contexts, not the provider: get-flow.ts and signal-handler.ts
// import nothing from provider.ts, so the three files no longer import each other in a circle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/vectors.js';

function importsOf(file: string): string[] {
  const text = readFileSync(join(repoRoot, 'packages', 'provider', 'src', file), 'utf8');
  return [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
}

test('get-flow and signal-handler do not import the provider', () => {
  for (const file of ['get-flow.ts', 'signal-handler.ts']) {
    assert.ok(!importsOf(file).includes('./provider.js'), file);
  }
});

test('the provider hands the flows their contexts (and keeps env and the RP check private)', () => {
  const text = readFileSync(join(repoRoot, 'packages', 'provider', 'src', 'provider.ts'), 'utf8');
  assert.match(text, /readonly #env: ProviderEnvironment;/);
  assert.match(text, /#callerMayUse\(rpId: string, caller: CallingAppInfo\): boolean/);
  assert.ok(!/^\s+readonly env: ProviderEnvironment;/m.test(text), 'no public env');
  assert.ok(!/this\.env\b/.test(text), 'no use of a public env');
});
