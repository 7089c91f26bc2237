// `credkit serve`: runs the relying-party server from environment variables and an optional JSON config file.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig, createServer, describeConfig } from '../server/index.js';
import { announceListening, isWorker, runWorkers } from '../server/workers.js';

const HELP = `usage: credkit serve [--config FILE] [--workers N]

Runs the relying-party server: N worker processes sharing the port (WORKERS or --workers, default the number of
CPUs; 1 keeps one process).

Runs the relying-party server. Configuration (environment variables override the config file):
  PORT (8080)  HOST (127.0.0.1)  RP_ID (localhost)  RP_NAME (credkit)
  ORIGINS      comma-separated web origins (default http://localhost:PORT)
  ANDROID_APPS comma-separated package.name:AB:CD:... SHA-256 signing-certificate fingerprints
  DATABASE_URL sqlite:PATH (default sqlite:./data/credkit.db) or postgres://...
  DATABASE_SCHEMA  PostgreSQL schema (default: the search path's)
  CHALLENGE_TTL_SECONDS (300)  SESSION_TTL_SECONDS (2592000)  RESTORE_KEY_TTL_DAYS (180)
  RATE_LIMIT_PER_CLIENT (60)  RATE_LIMIT_PER_ACCOUNT (10)  RATE_LIMIT_WINDOW_SECONDS (60)
  SCRYPT_COST (16384)  LOG (1; 0 disables request logs)  CREDKIT_CONFIG (config file path)
  WORKERS (CPUs)  RATE_LIMIT_CAPACITY (100000)  COOKIE_SECURE  NODE_ENV`;

/** WORKERS / --workers: a positive integer, default the number of CPUs. */
export function workerCount(value: string | undefined): number {
  if (value === undefined || value === '') return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error('WORKERS (--workers) must be a positive integer');
  return n;
}

/** Resolves on SIGTERM or SIGINT. A worker stops on its primary's SIGTERM only (Ctrl-C reaches the whole group). */
function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    if (isWorker()) process.on('SIGINT', () => undefined);
    else process.once('SIGINT', stop);
  });
}

export async function run(argv: string[]): Promise<number> {
  let values: { help?: boolean; config?: string; workers?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        help: { type: 'boolean', short: 'h' },
        config: { type: 'string' },
        workers: { type: 'string' },
      },
    }));
  } catch (e) {
    console.error(`credkit serve: ${(e as Error).message}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  // listen for the stop signal from the start: a SIGTERM while the workers start must still stop cleanly
  const stopped = untilSignal();
  const configFile = values.config ?? process.env.CREDKIT_CONFIG;
  const config = loadConfig(process.env, configFile);
  const workers = isWorker() ? 1 : workerCount(values.workers ?? process.env.WORKERS);
  if (workers > 1) {
    const pool = await runWorkers(config, workers, (line) => console.error(line));
    const line = { address: pool.address, workers, ...describeConfig(config) };
    if (config.logger)
      console.log(JSON.stringify({ level: 30, time: Date.now(), msg: 'credkit server listening', ...line }));
    else console.log(`credkit server listening on ${pool.address} (${workers} workers)`);
    await stopped;
    await pool.close();
    return 0;
  }
  const server = await createServer(config);
  const address = await server.listen();
  if (isWorker()) announceListening(address);
  else {
    server.app.log.info({ address, ...describeConfig(config) }, 'credkit server listening');
    if (!config.logger) console.log(`credkit server listening on ${address}`);
  }
  await stopped;
  await server.close();
  if (isWorker()) process.disconnect(); // the IPC channel would keep a worker alive
  return 0;
}
