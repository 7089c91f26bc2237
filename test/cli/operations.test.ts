// What an operator runs: `credkit --version`, `credkit serve --help` naming every variable the server reads,
// `credkit migrate` (apply, print), the start-up log of the migrations applied, and a Dockerfile built the way CI
// builds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENT_VARIABLES } from '../../packages/server/src/index.js';
import { MIGRATIONS } from '../../packages/server/src/store/index.js';
import { repoRoot } from '../helpers/vectors.js';
import { runCli, spawnCli } from './run-cli.js';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string })
  .version;

function tempDatabase(): { url: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-ops-'));
  return {
    url: `sqlite:${join(dir, 'ops.db')}`,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe('operator commands', () => {
  it('credkit --version prints the package version', async () => {
    const result = await runCli(['--version']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim(), version);
  });

  it('credkit serve --help names every environment variable the server reads', async () => {
    const result = await runCli(['serve', '--help']);
    assert.equal(result.code, 0);
    assert.ok(ENVIRONMENT_VARIABLES.length >= 25);
    for (const variable of ENVIRONMENT_VARIABLES) {
      assert.match(result.stdout, new RegExp(`\\b${variable.name}\\b`), variable.name);
    }
  });

  it('credkit migrate applies every migration once, then finds the schema current', async () => {
    const database = tempDatabase();
    try {
      const first = await runCli(['migrate'], undefined, { DATABASE_URL: database.url });
      assert.equal(first.code, 0, first.stderr);
      for (const name of Object.keys(MIGRATIONS)) assert.match(first.stdout, new RegExp(name));
      const second = await runCli(['migrate'], undefined, { DATABASE_URL: database.url });
      assert.equal(second.code, 0, second.stderr);
      for (const name of Object.keys(MIGRATIONS)) assert.doesNotMatch(second.stdout, new RegExp(name));
    } finally {
      database.cleanup();
    }
  });

  it('credkit migrate --print --all prints the SQL of every migration for each engine, touching nothing', async () => {
    for (const [url, marker] of [
      ['sqlite:/nonexistent/dir/never-created.db', /without rowid/i],
      ['postgres://nobody@127.0.0.1:1/none', /pg_constraint/],
    ] as const) {
      const result = await runCli(['migrate', '--print', '--all'], undefined, { DATABASE_URL: url });
      assert.equal(result.code, 0, result.stderr);
      for (const name of Object.keys(MIGRATIONS)) assert.match(result.stdout, new RegExp(name));
      assert.match(result.stdout, /create table/i);
      assert.match(result.stdout, marker);
    }
  });

  it('serve logs the migrations it applied at start, and then that the schema is current', async () => {
    const database = tempDatabase();
    const started = async () => {
      const child = spawnCli(['serve', '--workers', '1'], {
        DATABASE_URL: database.url,
        PORT: '0',
        LOG: '1',
        METRICS: '0',
      });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => out.includes('listening') && (clearInterval(timer), resolve()), 50);
        child.once(
          'exit',
          (code) => (clearInterval(timer), reject(new Error(`serve exited ${code}: ${out}`))),
        );
      });
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      return out;
    };
    try {
      const first = await started();
      assert.match(first, /database migrations applied/);
      for (const name of Object.keys(MIGRATIONS)) assert.match(first, new RegExp(name));
      assert.match(await started(), /database schema up to date/);
    } finally {
      database.cleanup();
    }
  });

  it('the Dockerfile builds as CI does (npm ci, npm run build) on Node 20 slim, runs as non-root, checks /readyz', () => {
    const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
    const ci = readFileSync(join(repoRoot, '.ci/run'), 'utf8');
    assert.match(dockerfile, /^FROM node:20-slim/m);
    for (const step of ['npm ci', 'npm run build']) {
      assert.match(dockerfile, new RegExp(`^RUN .*${step}`, 'm'), step);
      assert.ok(ci.includes(step), `CI runs ${step}`);
    }
    assert.match(dockerfile, /^USER node$/m);
    assert.match(dockerfile, /^HEALTHCHECK .*\n.*\/readyz/m);
    const compose = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');
    for (const service of ['postgres:', 'redis:', 'credkit:']) assert.ok(compose.includes(service), service);
    const example = readFileSync(join(repoRoot, 'credkit.example.env'), 'utf8');
    const named = new Set(ENVIRONMENT_VARIABLES.map((v) => v.name));
    for (const [, name] of example.matchAll(/^#?\s*([A-Z_]+)=/gm)) assert.ok(named.has(name!), name);
  });
});
