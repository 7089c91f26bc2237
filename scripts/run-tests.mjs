#!/usr/bin/env node
// Runs every test file under test/ with Node's built-in test runner (TypeScript through tsx). The packages'
// `credkit-source` export condition makes `@credkit/*` imports load their TypeScript sources, so nothing needs
// building first and every module is loaded once.
// Usage: node scripts/run-tests.mjs [substring ...]   (only files whose path contains one of the substrings)
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = walk(join(root, 'test'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--conditions=credkit-source',
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    ...files,
  ],
  // tsx compiles with the test tsconfig, which includes every package's sources (its legacy decorators among them)
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.test.json') },
  },
);
process.exit(result.status ?? 1);
