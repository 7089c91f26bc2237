// The MDS inputs of the command line: a BLOB file (the JWS text as downloaded) and a PEM file of roots (one or
// several certificates), and the `--now` clock.
import { certificatesFromPem } from '@credkit/webauthn';
import { CliError } from './errors.js';
import { readText } from './input.js';

export interface MdsFiles {
  blob: string;
  roots: Uint8Array[];
}

export async function readMdsRoots(file: string): Promise<Uint8Array[]> {
  const roots = certificatesFromPem(await readText(file));
  if (roots.length === 0) throw new CliError(`${file} holds no PEM certificate`);
  return roots;
}

export async function readMdsFiles(blobFile: string, rootFile: string | undefined): Promise<MdsFiles> {
  if (!rootFile) throw new CliError('--mds needs --mds-root ROOT.pem (the BLOB signing root)', 2);
  return { blob: await readText(blobFile), roots: await readMdsRoots(rootFile) };
}

/** `--now ISO-8601`, or the current time. */
export function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const now = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(now.getTime()))
    throw new CliError(`--now must be an ISO-8601 date or date-time, not ${JSON.stringify(text)}`, 2);
  return now;
}
