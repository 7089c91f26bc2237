// `credkit simulate [--server URL] [--rp-id ID] [--save DIR]`: plays the Android device story (restore keys, passkeys,
// signals) against a credkit server: a running one, or one started here on a temporary SQLite database.
// Prints a line per step (✓/✗ and timing) and a summary; exits 0 only if every step behaved as the guides say.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runSteps, type StepResult } from '../provider/story/steps.js';
import { newStoryWorld, STORY, type StoryWorld } from '../provider/story/story.js';
import {
  defaultRpId,
  fetchAssetLinks,
  SIMULATOR_PACKAGE,
  simulatorFingerprint,
} from '../provider/story/world.js';

const USAGE = `usage: credkit simulate [--server URL] [--rp-id ID] [--save DIR]

Plays the Android story against a credkit server: sign up on phone A, create a passkey and a restore key,
back up, set up phone B from the backup, sign in silently with the restore key, sign in with the passkey,
delete the passkey and watch the signal hide it, rename the account, sign out and see the restore key gone.

  --server URL   a running credkit server (default: start one on a temporary SQLite database)
  --rp-id ID     its RP ID (default: the URL's host; loopback means localhost)
  --save DIR     write the phones' final state (phone-a.json, phone-b.json; keys included) for Device.load

A running server must accept the simulated app: ANDROID_APPS=${SIMULATOR_PACKAGE}:${simulatorFingerprint()}`;

interface Target {
  url: string;
  rpId: string;
  close(): Promise<void>;
}

async function startLocalServer(): Promise<Target> {
  const { createServer } = await import('../server/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'credkit-simulate-'));
  try {
    const server = await createServer({
      port: 0,
      host: '127.0.0.1',
      rpId: 'localhost',
      databaseUrl: `sqlite:${join(dir, 'credkit.db')}`,
      androidApps: [{ packageName: SIMULATOR_PACKAGE, fingerprints: [simulatorFingerprint()] }],
      logger: false,
      serveStatic: false,
    });
    const url = await server.listen();
    return {
      url,
      rpId: 'localhost',
      close: async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

function line(r: StepResult, total: number): string {
  const mark = r.status === 'passed' ? '✓' : r.status === 'failed' ? '✗' : '–';
  const n = `${String(r.index + 1).padStart(String(total).length)}/${total}`;
  const time = r.status === 'skipped' ? 'skipped' : `${Math.round(r.ms)} ms`;
  const extra = r.error ? `\n        ${r.error}` : r.detail ? `  · ${r.detail}` : '';
  return `  ${mark} [${n}] ${r.title} (${time})${extra}`;
}

function saveDevices(dir: string, world: StoryWorld): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, device] of [
    ['phone-a.json', world.phoneA],
    ['phone-b.json', world.phoneB],
  ] as const) {
    if (device) device.save(join(dir, name));
  }
  console.log(`\n  phones saved in ${dir}`);
}

export async function run(argv: string[]): Promise<number> {
  let values: { server?: string; 'rp-id'?: string; save?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        server: { type: 'string' },
        'rp-id': { type: 'string' },
        save: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(`credkit simulate: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const target: Target = values.server
    ? { url: values.server, rpId: values['rp-id'] ?? defaultRpId(values.server), close: async () => {} }
    : await startLocalServer();
  const started = performance.now();
  try {
    console.log(
      `credkit simulate: ${values.server ? 'server' : 'temporary server'} ${target.url} (RP ID ${target.rpId})\n`,
    );
    const assetLinks = await fetchAssetLinks(target.url, target.rpId);
    const world = newStoryWorld(target.url, target.rpId, assetLinks);
    // progress view: on a terminal, the running step shows as "…" and is replaced by its result line
    const live = process.stdout.isTTY === true;
    const results = await runSteps(
      world,
      STORY,
      (r, total) => console.log(`${live && r.status !== 'skipped' ? '\r\x1b[2K' : ''}${line(r, total)}`),
      undefined,
      (index, title, total) => {
        if (live)
          process.stdout.write(`  … [${String(index + 1).padStart(String(total).length)}/${total}] ${title}`);
      },
    );
    if (values.save) saveDevices(values.save, world);
    const passed = results.filter((r) => r.status === 'passed').length;
    const failed = results.filter((r) => r.status === 'failed').length;
    const skipped = results.length - passed - failed;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `\n${failed === 0 ? '✓' : '✗'} ${results.length} steps: ${passed} passed, ${failed} failed, ${skipped} skipped (${seconds} s)`,
    );
    if (failed > 0 && values.server)
      console.log(
        `  (is the server configured with ANDROID_APPS=${SIMULATOR_PACKAGE}:${simulatorFingerprint()}?)`,
      );
    return failed === 0 ? 0 : 1;
  } finally {
    await target.close();
  }
}
