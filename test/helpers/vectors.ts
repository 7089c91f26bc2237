// Locates ../shared/vectors beside the repository root (the same layout in CI) and loads its cases.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const vectorsDir = process.env.CREDKIT_VECTORS_DIR ?? join(repoRoot, '..', 'shared', 'vectors');

export interface VectorCase {
  name: string;
  ceremony: 'registration' | 'authentication';
  rpId: string | string[] | null;
  origin: string | string[];
  challenge: string;
  response: any;
  credentialPublicKey?: string;
  credentialCounter?: number;
  trustAnchors?: string[];
  options?: Record<string, unknown>;
  expected: { verified: boolean; now?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export function loadVectors(file: 'w3c-webauthn-l3.json' | 'peer-fixtures.json'): VectorCase[] {
  return JSON.parse(readFileSync(join(vectorsDir, file), 'utf8')) as VectorCase[];
}
