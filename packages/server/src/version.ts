// The server package's version, read once from its package.json (one level up from both src/ and dist/).
import { readFileSync } from 'node:fs';

let version: string | undefined;

/** The `version` field of @credkit/server's package.json (every credkit package shares one version). */
export function packageVersion(): string {
  version ??= (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return version;
}
