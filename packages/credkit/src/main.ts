#!/usr/bin/env node
// The `credkit` command: one subcommand per module, each exporting `run(argv): Promise<number>` (the exit status).
import { packageVersion } from '@credkit/server';

const commands: Record<
  string,
  { summary: string; load: () => Promise<{ run: (argv: string[]) => Promise<number> }> }
> = {
  serve: { summary: 'run the relying-party server (SQLite by default)', load: () => import('./serve.js') },
  migrate: {
    summary: 'apply the database migrations, or print their SQL (--print)',
    load: () => import('./migrate.js'),
  },
  inspect: {
    summary: 'decode a registration or authentication response JSON',
    load: () => import('./inspect.js'),
  },
  verify: {
    summary: 'verify a response, or run vector cases (--cases FILE...)',
    load: () => import('./verify.js'),
  },
  mds: {
    summary: 'inspect a FIDO Metadata Service BLOB (mds inspect BLOB_FILE [--mds-root ROOT.pem])',
    load: () => import('./mds.js'),
  },
  audit: {
    summary:
      'audit a relying-party server through the FIDO conformance API: genuine ceremonies, then attacks',
    load: () => import('./audit/command.js'),
  },
  simulate: {
    summary: 'play the Android restore-key / passkey / signal story against a server',
    load: () => import('./simulate.js'),
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: credkit <command> [options]\n       credkit --version\n\ncommands:\n${lines.join('\n')}\n\nRun 'credkit <command> --help' for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    console.log(packageVersion());
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`credkit: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`credkit: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
