// What npm would publish: `npm pack` of every package (its prepack builds it) holds the built code, the types, the
// README and the LICENSE; the CLI's bin is built; and the verifier installed alone from its tarball is small (about
// 10 packages, no HTTP, SQL, Redis or native addon), verifies from plain JavaScript, and, without the optional
// @noble/post-quantum, refuses ML-DSA with a typed error instead of failing to load.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/vectors.js';

interface PackedFile {
  path: string;
}
interface Packed {
  name: string;
  filename: string;
  files: PackedFile[];
}

const PACKAGES = ['webauthn', 'browser', 'server', 'credential-manager', 'provider', 'credkit'];

describe('npm pack and a verifier-only install', () => {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-pack-'));
  let packed: Packed[] = [];

  before(() => {
    const out = execFileSync(
      'npm',
      ['pack', '--json', '--pack-destination', dir, ...PACKAGES.map((p) => `--workspace=packages/${p}`)],
      { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    packed = JSON.parse(out.slice(out.indexOf('['))) as Packed[];
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('packs built code, types, README and LICENSE in every package, and no build info', () => {
    assert.equal(packed.length, PACKAGES.length);
    for (const pack of packed) {
      const paths = pack.files.map((f) => f.path);
      const entry = pack.name === 'credkit' ? 'dist/main.js' : 'dist/index.js';
      for (const wanted of [entry, entry.replace(/\.js$/, '.d.ts'), 'README.md', 'LICENSE', 'package.json']) {
        assert.ok(paths.includes(wanted), `${pack.name} lacks ${wanted}`);
      }
      assert.ok(!paths.some((p) => p.endsWith('.tsbuildinfo')), `${pack.name} ships build info`);
      const manifest = JSON.parse(
        readFileSync(join(repoRoot, 'packages', pack.name.replace('@credkit/', ''), 'package.json'), 'utf8'),
      ) as { engines?: { node?: string } };
      assert.equal(manifest.engines?.node, '>=20.19.0', pack.name);
    }
    const cli = packed.find((p) => p.name === 'credkit')!;
    assert.match(
      readFileSync(join(repoRoot, 'packages/credkit/dist/main.js'), 'utf8'),
      /^#!\/usr\/bin\/env node/,
    );
    assert.ok(cli.files.some((f) => f.path === 'dist/audit/command.js'));
  });

  it('loads every library package with require() from CommonJS (Node >= 20.19 requires ES modules)', () => {
    // after npm pack above, every package is built
    for (const name of PACKAGES.filter((p) => p !== 'credkit').map((p) => `@credkit/${p}`)) {
      const keys = execFileSync(
        process.execPath,
        ['-e', `process.stdout.write(String(Object.keys(require(${JSON.stringify(name)})).length))`],
        { cwd: repoRoot, encoding: 'utf8' },
      );
      assert.ok(Number(keys) > 5, `${name}: ${keys} exports`);
    }
  });

  it('installs @credkit/webauthn alone in about 10 packages, and it verifies from plain JavaScript', () => {
    const app = join(dir, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    const tarball = join(dir, packed.find((p) => p.name === '@credkit/webauthn')!.filename);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
      cwd: app,
      stdio: 'pipe',
    });
    const installed: string[] = [];
    const walk = (at: string) => {
      for (const name of readdirSync(at)) {
        if (name.startsWith('.')) continue;
        if (name.startsWith('@')) walk(join(at, name));
        else installed.push(join(at, name));
      }
    };
    walk(join(app, 'node_modules'));
    assert.ok(installed.length <= 10, `${installed.length} packages: ${installed.join(', ')}`);
    const names = installed.map((p) => p.slice(join(app, 'node_modules').length + 1));
    for (const heavy of ['fastify', 'pg', 'ioredis', 'better-sqlite3', 'kysely', '@noble/post-quantum']) {
      assert.ok(!names.includes(heavy), `${heavy} is installed`);
    }
    // an ES256 assertion verifies; an ML-DSA key without the optional package is a typed refusal
    writeFileSync(
      join(app, 'check.mjs'),
      `import { generateKeyPairSync, sign, createHash } from 'node:crypto';
import { verifyAuthentication, parseCoseKey, WebAuthnError } from '@credkit/webauthn';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = publicKey.export({ format: 'jwk' });
const cose = new Map([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x, 'base64url')], [-3, Buffer.from(jwk.y, 'base64url')]]);
const { encode } = await import('cborg');
const rpIdHash = createHash('sha256').update('example.com').digest();
const authData = Buffer.concat([rpIdHash, Buffer.from([0x05, 0, 0, 0, 1])]);
const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: 'AAAAAAAAAAAAAAAAAAAAAA', origin: 'https://example.com' }));
const signature = sign('sha256', Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]), privateKey);
const b64 = (b) => Buffer.from(b).toString('base64url');
const result = verifyAuthentication({
  response: { id: 'AQID', rawId: 'AQID', type: 'public-key', clientExtensionResults: {},
    response: { clientDataJSON: b64(clientDataJSON), authenticatorData: b64(authData), signature: b64(signature) } },
  expected: { challenge: 'AAAAAAAAAAAAAAAAAAAAAA', origins: ['https://example.com'], rpId: 'example.com' },
  credential: { id: 'AQID', publicKey: encode(cose), counter: 0 },
});
let mlDsa = 'accepted';
try {
  verifyAuthentication({
    response: { id: 'AQID', rawId: 'AQID', type: 'public-key', clientExtensionResults: {},
      response: { clientDataJSON: b64(clientDataJSON), authenticatorData: b64(authData), signature: b64(signature) } },
    expected: { challenge: 'AAAAAAAAAAAAAAAAAAAAAA', origins: ['https://example.com'], rpId: 'example.com' },
    credential: { id: 'AQID', publicKey: encode(new Map([[1, 7], [3, -48], [-1, Buffer.alloc(1312, 1)]])), counter: 0 },
  });
} catch (e) { mlDsa = e instanceof WebAuthnError ? e.code : String(e); }
console.log(JSON.stringify({ counter: result.authenticationInfo.newCounter, mlDsa }));
`,
    );
    const out = JSON.parse(execFileSync('node', ['check.mjs'], { cwd: app, encoding: 'utf8' })) as {
      counter: number;
      mlDsa: string;
    };
    assert.deepEqual(out, { counter: 1, mlDsa: 'unsupported_algorithm' });
  });
});
