// Where the server's FIDO MDS3 BLOB comes from (MDS_BLOB): a file, or an http(s) URL whose last good copy is
// kept on disk (MDS_CACHE). Only I/O here: reading, fetching and caching the BLOB's text; judging it is the
// core's parseMetadataBlob.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

/** How long one download may take before it counts as failed. */
const FETCH_TIMEOUT_MS = 60_000;

export function isUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** The location without query or credentials (for logs). */
export function describeLocation(location: string): string {
  if (!isUrl(location)) return location;
  const url = new URL(location);
  return `${url.origin}${url.pathname}`;
}

/** The BLOB's text from a file path or an http(s) URL (a non-2xx answer is an error). */
export async function readBlobText(location: string, fetchImpl: FetchLike = fetch): Promise<string> {
  if (!isUrl(location)) return readFile(location, 'utf8');
  const response = await fetchImpl(location, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${describeLocation(location)} answered HTTP ${response.status}`);
  return response.text();
}

/** Keeps a verified BLOB's text on disk: written beside the target and renamed over it, so never half-written. */
export async function writeCachedBlob(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

/** The cached BLOB's text, or undefined when there is no cache file. */
export async function readCachedBlob(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
