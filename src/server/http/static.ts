// Static files: the demo pages (`web/`) at `/` and the compiled browser client (`dist/browser/`) at `/lib/`.
// Paths are resolved from the package root; a missing directory is skipped.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

// src/server/http/ and dist/server/http/ are both three levels below the package root.
const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));

export async function registerStatic(app: FastifyInstance, root = packageRoot): Promise<void> {
  const mounts = [
    { root: join(root, 'web'), prefix: '/' },
    { root: join(root, 'dist', 'browser'), prefix: '/lib/' },
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
