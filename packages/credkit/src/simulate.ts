// `credkit simulate [--list] [--scenario NAME]... [--json] [--server URL] [--rp-id ID] [--save DIR]`: plays the
// Android scenarios (restore keys, passkeys, passwords, signals, federated sign-in, faults, platform gates)
// against a credkit server: a running one, or one started here on a temporary SQLite database. Prints a line
// per step (✓/✗ and timing, or one JSON object per line) and exits 0 only if no step failed.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Scenario } from './story/scenario.js';
import { SCENARIOS, scenarioNamed } from './story/scenarios/index.js';
import type { StepResult } from './story/steps.js';
import {
  defaultRpId,
  fetchAssetLinks,
  simulatorAndroidApps,
  simulatorAndroidAppsEnv,
} from './story/world.js';

/** The challenge TTL of the server simulate starts: short, so challenge-expired waits only seconds. */
const LOCAL_CHALLENGE_TTL_MS = 3_000;

const USAGE = `usage: credkit simulate [--list] [--scenario NAME]... [--json] [--server URL] [--rp-id ID] [--save DIR]

Plays the scenarios of the three Android guides against a credkit server, each on its own phones with a
fresh user (all of them by default; --list names them).

  --list           list the scenarios and their steps, and exit
  --scenario NAME  play only this scenario (repeatable)
  --json           one JSON object per step on stdout (scenario, step, of, title, status, ms, detail, error)
  --server URL     a running credkit server (default: start one on a temporary SQLite database)
  --rp-id ID       its RP ID (default: the URL's host; loopback means localhost)
  --save DIR       write the new-phone scenario's phones (phone-a.json, phone-b.json; keys included)

A running server must accept the simulated apps: ANDROID_APPS=${simulatorAndroidAppsEnv()}
The challenge-expired scenario needs a short challenge TTL (CHALLENGE_TTL_SECONDS=3); with a longer one it
is skipped. Sign-in rate limits low enough to be reached by one client fail steps with 429.`;

interface Target {
  url: string;
  rpId: string;
  close(): Promise<void>;
}

async function startLocalServer(): Promise<Target> {
  const { createServer } = await import('@credkit/server');
  const dir = mkdtempSync(join(tmpdir(), 'credkit-simulate-'));
  try {
    const server = await createServer({
      port: 0,
      host: '127.0.0.1',
      rpId: 'localhost',
      databaseUrl: `sqlite:${join(dir, 'credkit.db')}`,
      androidApps: simulatorAndroidApps(),
      challengeTtlMs: LOCAL_CHALLENGE_TTL_MS,
      // one client plays every scenario: budgets a real client would never reach
      rateLimit: { perClient: 10_000, perAccount: 10_000, windowMs: 60_000 },
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

const width = (total: number) => String(total).length;

function line(r: StepResult, total: number): string {
  const mark = r.status === 'passed' ? '✓' : r.status === 'failed' ? '✗' : '–';
  const n = `${String(r.index + 1).padStart(width(total))}/${total}`;
  const time = r.status === 'skipped' && r.ms === 0 ? 'skipped' : `${Math.round(r.ms)} ms`;
  const extra = r.error ? `\n        ${r.error}` : r.detail ? `  · ${r.detail}` : '';
  return `  ${mark} [${n}] ${r.title} (${time})${extra}`;
}

function jsonLine(scenario: Scenario, r: StepResult, total: number): string {
  return JSON.stringify({
    scenario: scenario.name,
    step: r.index + 1,
    of: total,
    title: r.title,
    status: r.status,
    ms: Math.round(r.ms),
    ...(r.detail ? { detail: r.detail } : {}),
    ...(r.error ? { error: r.error } : {}),
  });
}

function list(): void {
  for (const s of SCENARIOS) {
    console.log(`${s.name}  ${s.summary}`);
    for (const [i, title] of s.titles.entries()) console.log(`  ${i + 1}. ${title}`);
  }
}

interface Options {
  server?: string;
  'rp-id'?: string;
  save?: string;
  scenario?: string[];
  json?: boolean;
  list?: boolean;
  help?: boolean;
}

export async function run(argv: string[]): Promise<number> {
  let values: Options;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        server: { type: 'string' },
        'rp-id': { type: 'string' },
        save: { type: 'string' },
        scenario: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        list: { type: 'boolean' },
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
  if (values.list) {
    list();
    return 0;
  }
  const chosen: Scenario[] = [];
  for (const name of values.scenario ?? []) {
    const found = scenarioNamed(name);
    if (!found) {
      console.error(`credkit simulate: no scenario named ${name} (see --list)`);
      return 2;
    }
    chosen.push(found);
  }
  const scenarios = chosen.length > 0 ? chosen : SCENARIOS;
  const json = values.json === true;
  const say = (text: string) => {
    if (!json) console.log(text);
  };

  const target: Target = values.server
    ? { url: values.server, rpId: values['rp-id'] ?? defaultRpId(values.server), close: async () => {} }
    : await startLocalServer();
  const started = performance.now();
  try {
    say(
      `credkit simulate: ${values.server ? 'server' : 'temporary server'} ${target.url} (RP ID ${target.rpId})`,
    );
    const stage = {
      serverUrl: target.url,
      rpId: target.rpId,
      assetLinks: await fetchAssetLinks(target.url, target.rpId),
    };
    // progress view: on a terminal, the running step shows as "…" and is replaced by its result line
    const live = !json && process.stdout.isTTY === true;
    const results: StepResult[] = [];
    for (const scenario of scenarios) {
      say(`\n${scenario.name}: ${scenario.summary}`);
      const played = await scenario.play(stage, {
        onStart(index, title, total) {
          if (live)
            process.stdout.write(`  … [${String(index + 1).padStart(width(total))}/${total}] ${title}`);
        },
        onResult(r, total) {
          if (json) console.log(jsonLine(scenario, r, total));
          else
            console.log(
              `${live && !(r.status === 'skipped' && r.ms === 0) ? '\r\x1b[2K' : ''}${line(r, total)}`,
            );
        },
      });
      results.push(...played.results);
      if (values.save && played.save) {
        mkdirSync(values.save, { recursive: true });
        const written = played.save(values.save);
        say(`  phones saved in ${values.save}: ${written.join(', ')}`);
      }
    }
    const passed = results.filter((r) => r.status === 'passed').length;
    const failed = results.filter((r) => r.status === 'failed').length;
    const skipped = results.length - passed - failed;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    say(
      `\n${failed === 0 ? '✓' : '✗'} ${results.length} steps in ${scenarios.length} scenarios: ${passed} passed, ${failed} failed, ${skipped} skipped (${seconds} s)`,
    );
    if (failed > 0 && values.server)
      say(`  (is the server configured with ANDROID_APPS=${simulatorAndroidAppsEnv()}?)`);
    return failed === 0 ? 0 : 1;
  } finally {
    await target.close();
  }
}
