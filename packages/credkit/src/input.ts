// Reading the commands' JSON inputs: a file path, or `-` for standard input.
import { readFile } from 'node:fs/promises';
import { CliError } from './errors.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a file (or stdin for `-`) as UTF-8 text. */
export async function readText(source: string): Promise<string> {
  if (source === '-') return readStdin();
  try {
    return await readFile(source, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${source}${code ? ` (${code})` : ''}`);
  }
}

/** Reads and parses a JSON document; `source` names it in errors. */
export async function readJson(source: string): Promise<unknown> {
  const text = await readText(source);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(
      `${source === '-' ? 'standard input' : source} is not JSON: ${(err as Error).message}`,
    );
  }
}
