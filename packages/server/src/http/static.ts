// Static files: the demo pages (this package's `web/`) at `/` and the compiled browser client (@credkit/browser's
// `dist/`) at `/lib/`. A missing directory is skipped.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

// src/http/ and dist/http/ are both two levels below the package root.
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The browser client's compiled modules: @credkit/browser's dist/. */
function browserClientRoot(): string {
  return join(dirname(fileURLToPath(import.meta.resolve('@credkit/browser/package.json'))), 'dist');
}

/** `root`: the directory holding `web/` (default this package's). */
export async function registerStatic(app: FastifyInstance, root = packageRoot): Promise<void> {
  const mounts = [
    { root: join(root, 'web'), prefix: '/' },
    { root: browserClientRoot(), prefix: '/lib/' },
  ];
  for (const mount of mounts) {
    if (!existsSync(mount.root)) continue;
    await app.register(fastifyStatic, {
      root: mount.root,
      prefix: mount.prefix,
      decorateReply: false,
      wildcard: true,
    });
  }
}
