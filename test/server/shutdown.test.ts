// Graceful shutdown of a real `credkit serve` process (WORKERS=1): an in-flight request finishes, idle keep-alive
// connections are closed, the process exits well within SHUTDOWN_TIMEOUT_MS, and the log shows each stage.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sqliteDatabase } from './databases.js';
import { WEB_ORIGIN } from './harness.js';

const MAIN = fileURLToPath(new URL('../../packages/credkit/src/main.ts', import.meta.url));

function open(base: string): Promise<Socket> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname, () => resolve(socket));
  });
}

describe('graceful shutdown', () => {
  it('finishes the in-flight request, closes keep-alive connections and exits, logging each stage', async () => {
    const database = sqliteDatabase();
    const child = spawn(process.execPath, ['--conditions=credkit-source', '--import', 'tsx', MAIN, 'serve'], {
      env: {
        ...process.env,
        PORT: '0',
        WORKERS: '1',
        DATABASE_URL: database.databaseUrl,
        ORIGINS: WEB_ORIGIN,
        SHUTDOWN_TIMEOUT_MS: '8000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const base = await new Promise<string>((resolve) => {
        const check = () => {
          const match = /"address":"([^"]+)"/.exec(out);
          if (match) resolve(match[1]!);
          else setTimeout(check, 50);
        };
        check();
      });
      // two idle keep-alive connections
      const idle = await Promise.all([open(base), open(base)]);
      for (const socket of idle) {
        socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
        await new Promise((resolve) => socket.once('data', resolve));
      }
      const idleClosed = idle.map((s) => new Promise((resolve) => s.once('close', resolve)));
      // one in flight: headers sent, body not yet
      const busy = await open(base);
      let answer = '';
      busy.on('data', (d: Buffer) => (answer += d.toString()));
      busy.write(
        'POST /api/webauthn/authentication/options HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const signalled = Date.now();
      child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 500));
      busy.write('}');
      await Promise.all(idleClosed);
      const code = await exited;
      const took = Date.now() - signalled;
      assert.match(answer, /^HTTP\/1.1 200/);
      assert.match(answer, /"challenge"/);
      assert.equal(code, 0);
      assert.ok(took < 4000, `exited after ${took} ms`);
      const stages = [
        'shutdown: started; no longer accepting connections',
        'shutdown: in-flight requests finished; every connection closed',
        'shutdown: HTTP server and rate-limit store closed',
        'shutdown: database closed',
        'shutdown: complete',
      ];
      let at = 0;
      for (const stage of stages) {
        const next = out.indexOf(stage, at);
        assert.ok(next >= 0, `log lacks '${stage}' after position ${at}`);
        at = next;
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await database.cleanup();
    }
  });
});
