// Locates ../shared/vectors beside the repository root (the same layout in CI) and loads its cases.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { VectorCase as VectorCaseOf } from '../../packages/credkit/src/vectors/vector-case.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const vectorsDir = process.env.CREDKIT_VECTORS_DIR ?? join(repoRoot, '..', 'shared', 'vectors');

/** The core's vector case, with `response` left open for tests to reach into. */
export type VectorCase = VectorCaseOf<any>;

export function loadVectors(file: 'w3c-webauthn-l3.json' | 'peer-fixtures.json'): VectorCase[] {
  return JSON.parse(readFileSync(join(vectorsDir, file), 'utf8')) as VectorCase[];
}
