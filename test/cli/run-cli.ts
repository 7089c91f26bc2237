// Spawns the credkit command from source (packages/credkit/src/main.ts through tsx), as a user would run it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers/vectors.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The credkit command from source, as a child process (stdio piped), with extra environment variables. */
export function spawnCli(args: string[], env: Record<string, string> = {}) {
  return spawn(
    process.execPath,
    [
      '--conditions=credkit-source',
      '--import',
      'tsx',
      join(repoRoot, 'packages/credkit/src/main.ts'),
      ...args,
    ],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
}

export function runCli(args: string[], stdin?: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** True when the text looks like a JavaScript stack trace (what a CLI must never print for bad input). */
export const hasStackTrace = (text: string): boolean => /\n\s+at .+:\d+:\d+/.test(text);
