#!/usr/bin/env node
// Runs every test file under test/ with Node's built-in test runner (TypeScript through tsx). The packages'
// `credkit-source` export condition makes `@credkit/*` imports load their TypeScript sources, so nothing needs
// building first and every module is loaded once.
// The examples' own `npm test` run first. Usage: node scripts/run-tests.mjs [substring ...]   (only test files and
// example folders whose path contains one of the substrings)
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
// the examples' own `npm test` (each walks its app over HTTP), with every run and with filters naming them
const examples = readdirSync(join(root, 'examples'))
  .map((name) => `examples/${name}`)
  .filter((dir) => filters.length === 0 || filters.some((s) => dir.includes(s)));
if (files.length === 0 && examples.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
let failed = false;
for (const dir of examples) {
  console.log(`\n▶ ${dir}: npm test`);
  const example = spawnSync('npm', ['test', '--silent'], { cwd: join(root, dir), stdio: 'inherit' });
  if (example.status !== 0) {
    console.error(`✖ ${dir}: npm test failed`);
    failed = true;
  }
}
if (files.length === 0) process.exit(failed ? 1 : 0);
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
process.exit(failed ? 1 : (result.status ?? 1));
