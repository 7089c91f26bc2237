// Every installed production dependency (the tree `dependencies` reach, as `npm ci` laid it out) must run on every
// Node release credkit's `engines` admits: no `engines.node` narrower than credkit's own (no EBADENGINE on Node 20).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function read(path: string): Manifest {
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** Node's lookup: the nearest node_modules/<name> from `dir` up. */
function locate(dir: string, name: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const path = join(at, 'node_modules', name, 'package.json');
    if (existsSync(path)) return path;
    if (dirname(at) === at) return undefined;
  }
}

/** The workspace packages: credkit's published packages, each with its own `dependencies`. */
function workspaces(root: string): string[] {
  return readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name, 'package.json'));
}

/** Every package the workspaces' `dependencies` reach (optional ones only where installed). */
function productionPackages(root: string): Map<string, Manifest> {
  const seen = new Map<string, Manifest>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    const manifest = read(path);
    seen.set(path, manifest);
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const found = locate(dirname(path), name);
      if (found) visit(found);
    }
  };
  const own = workspaces(root);
  own.forEach(visit);
  for (const path of own) seen.delete(path);
  // the workspaces themselves, found again through node_modules/@credkit/* links
  for (const [path, manifest] of seen) if (manifest.name.startsWith('@credkit/')) seen.delete(path);
  return seen;
}

describe('production dependencies and Node engines', () => {
  const own = read(join(ROOT, 'package.json')).engines?.node;

  it("credkit's own range starts at Node 20.19, in every package", () => {
    assert.equal(own, '>=20.19.0');
    for (const path of workspaces(ROOT)) assert.equal(read(path).engines?.node, own, path);
  });

  it('no production dependency excludes a Node 20 release credkit supports (20.19 and later)', () => {
    const packages = [...productionPackages(ROOT).values()];
    assert.ok(
      packages.length > 50,
      `only ${packages.length} production packages found: is node_modules there?`,
    );
    const narrower = packages
      .filter((p) => p.engines?.node !== undefined && !semver.subset('^20.19.0', p.engines.node))
      .map((p) => `${p.name}@${p.version} requires node ${p.engines!.node}`);
    assert.deepEqual(narrower, []);
  });

  it('none excludes the current LTS lines either (22, 24)', () => {
    const narrower = [...productionPackages(ROOT).values()]
      .filter(
        (p) =>
          p.engines?.node !== undefined &&
          !['22.12.0', '24.0.0'].every((v) => semver.satisfies(v, p.engines!.node!)),
      )
      .map((p) => `${p.name}@${p.version} requires node ${p.engines!.node}`);
    assert.deepEqual(narrower, []);
  });
});
