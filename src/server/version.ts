// credkit's version, read once from package.json (two levels up from both src/server/ and dist/server/).
import { readFileSync } from 'node:fs';

let version: string | undefined;

/** The `version` field of credkit's package.json. */
export function packageVersion(): string {
  version ??= (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return version;
}
