// Spawns server processes (node --import tsx) for the multi-instance and crash tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerConfigInput } from '../../packages/server/src/index.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/server-process.ts', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
}

export function spawnServer(config: ServerConfigInput): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--conditions=credkit-source', '--import', 'tsx', FIXTURE], {
    env: { ...process.env, CREDKIT_TEST_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /LISTENING (\S+)/.exec(out);
      if (match) resolve({ child, base: match[1]!, kill });
    });
    child.once('exit', (code) =>
      reject(new Error(`server process exited (${code}) before listening: ${err}`)),
    );
  });
}
