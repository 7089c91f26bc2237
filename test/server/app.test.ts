// Static files, cookie attributes outside localhost, and the `credkit serve` command's logs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SoftwareAuthenticator } from '../../packages/provider/src/index.js';
import { sqliteDatabase } from './databases.js';
import { startServer, Client } from './harness.js';

const MAIN = fileURLToPath(new URL('../../packages/credkit/src/main.ts', import.meta.url));

describe('server app', () => {
  it("serves web/ at / and @credkit/browser's dist/ at /lib/, or a JSON 404 while it is not built", async () => {
    const database = sqliteDatabase();
    const root = mkdtempSync(join(tmpdir(), 'credkit-static-'));
    mkdirSync(join(root, 'web'));
    writeFileSync(join(root, 'web', 'index.html'), '<!doctype html><title>credkit</title>');
    const running = await startServer(database, { serveStatic: true, staticRoot: root });
    try {
      const page = await fetch(`${running.base}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<title>credkit<\/title>/);
      const lib = await fetch(`${running.base}/lib/index.js`);
      if (existsSync(new URL('../../packages/browser/dist/index.js', import.meta.url))) {
        assert.equal(lib.status, 200);
        assert.match(lib.headers.get('content-type') ?? '', /javascript/);
      } else {
        assert.equal(lib.status, 404);
        assert.deepEqual(((await lib.json()) as { error: { code: string } }).error.code, 'not_found');
      }
      assert.equal((await fetch(`${running.base}/healthz`)).status, 200);
    } finally {
      await running.server.close();
      await database.cleanup();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('marks the session cookie Secure outside localhost', async () => {
    const database = sqliteDatabase();
    const running = await startServer(database, { rpId: 'example.com', origins: ['https://example.com'] });
    try {
      const reply = await new Client(running.base).post('/api/signup', { username: 'secure-cookie' });
      assert.match(reply.headers.get('set-cookie') ?? '', /; Secure/);
      assert.match(reply.headers.get('set-cookie') ?? '', /HttpOnly/);
    } finally {
      await running.server.close();
      await database.cleanup();
    }
  });

  it('runs `credkit serve` from the environment with structured logs free of secrets', async () => {
    const database = sqliteDatabase();
    const child = spawn(process.execPath, ['--conditions=credkit-source', '--import', 'tsx', MAIN, 'serve'], {
      env: {
        ...process.env,
        PORT: '0',
        ORIGINS: 'http://localhost:8080',
        DATABASE_URL: database.databaseUrl,
        SCRYPT_COST: '1024',
        LOG: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) {
            clearInterval(timer);
            resolve(match[1]!);
          }
        }, 20);
        void exited.then(() => {
          clearInterval(timer);
          reject(new Error(`serve exited: ${out}`));
        });
      });
      const browser = new Client(base, true);
      const signup = await browser.post(
        '/api/signup',
        { username: 'logged', password: 'secret-password-123' },
        { origin: 'http://localhost:8080' },
      );
      assert.equal(signup.status, 201);
      assert.equal((await browser.get('/api/me')).status, 200);
      const app = new Client(base);
      app.token = signup.body.token;
      assert.equal((await app.get('/api/me')).status, 200);
      const options = await app.post('/api/webauthn/registration/options', { kind: 'passkey' });
      // A full passkey registration and sign-in, and a refused (tampered) sign-in: none of their secrets,
      // challenges or keys may reach the log.
      const authenticator = new SoftwareAuthenticator();
      const { response: attestation } = authenticator.createCredential(options.body, {
        origin: 'http://localhost:8080',
      });
      assert.equal((await app.post('/api/webauthn/registration/verify', attestation)).status, 200);
      const signIn = await app.post('/api/webauthn/authentication/options', {});
      const assertion = authenticator.getAssertion(signIn.body, {
        origin: 'http://localhost:8080',
        credentialId: attestation.id,
      });
      const signedIn = await new Client(base).post('/api/webauthn/authentication/verify', assertion);
      assert.equal(signedIn.status, 200);
      const retry = await app.post('/api/webauthn/authentication/options', {});
      const tampered = authenticator.getAssertion(retry.body, {
        origin: 'http://localhost:8080',
        credentialId: attestation.id,
      });
      tampered.response.signature = Buffer.from('not the signature').toString('base64url');
      assert.equal((await app.post('/api/webauthn/authentication/verify', tampered)).status, 401);
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      const lines = out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { msg?: string });
      assert.ok(lines.some((l) => l.msg === 'request completed'));
      assert.ok(lines.some((l) => (l as { code?: string }).code === 'bad_signature'));
      const secrets: [string, string][] = [
        ['the session token', signup.body.token],
        ['the password', 'secret-password-123'],
        ['a session cookie', browser.cookie!.split('=')[1]!],
        ['the sign-in session token', signedIn.body.token],
        ['a challenge', options.body.challenge],
        ['a challenge', signIn.body.challenge],
        ['a challenge', retry.body.challenge],
        ['the public key', attestation.response.publicKey!],
        ['the attestation object', attestation.response.attestationObject],
        ['client data', attestation.response.clientDataJSON],
        ['client data', assertion.response.clientDataJSON],
        ['a signature', assertion.response.signature],
        ['authenticator data', assertion.response.authenticatorData],
      ];
      for (const [what, value] of secrets) assert.ok(!out.includes(value), `${what} is not logged`);
    } finally {
      child.kill('SIGKILL');
      await database.cleanup();
    }
  });
});
