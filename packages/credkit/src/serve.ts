// `credkit serve`: runs the relying-party server from environment variables and an optional JSON config file,
// and stops it gracefully on SIGTERM or SIGINT (src/server/shutdown.ts; with workers, the primary relays).
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import {
  loadConfig,
  createServer,
  describeConfig,
  shutDown,
  ENVIRONMENT_VARIABLES,
  type ServerConfig,
  type ShutdownLog,
} from '@credkit/server';
import { announceListening, isWorker, runWorkers } from '@credkit/server';

/** `serve --help`: the options, then every environment variable the server reads (config.ts's table). */
export function help(): string {
  const width = Math.max(...ENVIRONMENT_VARIABLES.map((v) => v.name.length));
  const variables = ENVIRONMENT_VARIABLES.map(
    (v) => `  ${v.name.padEnd(width)}  ${v.meaning}${v.default ? ` (default ${v.default})` : ''}`,
  );
  return `usage: credkit serve [--config FILE] [--workers N]

Runs the relying-party server: N worker processes sharing the port (WORKERS or --workers, default the number of
CPUs; 1 keeps one process). SIGTERM or SIGINT stops it gracefully: in-flight requests finish, connections close as
they go idle, then the rate-limit store and the database close (SHUTDOWN_TIMEOUT_MS at most). A second signal cuts
the wait short.

Options:
  --config FILE  JSON config file (keys as in ServerConfig); environment variables override it
  --workers N    worker processes (overrides WORKERS)
  -h, --help     this help

Environment variables:
${variables.join('\n')}`;
}

/** Printed at start with the conformance API on and the structured logs (which carry it too) off. */
const CONFORMANCE_WARNING =
  'credkit: FIDO conformance API on: anyone can add a passkey to any account; test deployments only';

/** WORKERS / --workers: a positive integer, default the number of CPUs. */
export function workerCount(value: string | undefined): number {
  if (value === undefined || value === '') return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error('WORKERS (--workers) must be a positive integer');
  return n;
}

interface Signals {
  /** Resolves with the first SIGTERM or SIGINT. */
  first: Promise<NodeJS.Signals>;
  /** Aborted by a second one (cuts a graceful shutdown short). */
  again: AbortSignal;
}

/** A worker stops on its primary's SIGTERM only (Ctrl-C reaches the whole process group; the primary relays). */
function signals(): Signals {
  const again = new AbortController();
  const first = new Promise<NodeJS.Signals>((resolve) => {
    let seen = false;
    const on = (signal: NodeJS.Signals) => {
      if (seen) again.abort();
      seen = true;
      resolve(signal);
    };
    process.on('SIGTERM', on);
    if (isWorker()) process.on('SIGINT', () => undefined);
    else process.on('SIGINT', on);
  });
  return { first, again: again.signal };
}

/** Lines for the primary (no Fastify logger there): pino-shaped JSON when logging is on, plain text when off. */
function primaryLog(config: ServerConfig): ShutdownLog {
  return (message, fields = {}) => {
    if (config.logger)
      console.log(JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, msg: message, ...fields }));
    else console.log(`credkit: ${message}${Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}`);
  };
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
    console.log(help());
    return 0;
  }
  // listen for the stop signal from the start: a SIGTERM while the workers start must still stop cleanly
  const stop = signals();
  const configFile = values.config ?? process.env.CREDKIT_CONFIG;
  const config = loadConfig(process.env, configFile);
  const workers = isWorker() ? 1 : workerCount(values.workers ?? process.env.WORKERS);
  if (workers > 1) {
    const log = primaryLog(config);
    const pool = await runWorkers(config, workers, log);
    const line = { address: pool.address, workers, ...describeConfig(config) };
    if (config.logger) log('credkit server listening', line);
    else console.log(`credkit server listening on ${pool.address} (${workers} workers)`);
    if (!config.logger && config.fidoConformanceApi) console.warn(CONFORMANCE_WARNING);
    const signal = await stop.first;
    log('shutdown: signal received', { signal });
    const clean = await pool.close();
    log('shutdown: complete');
    return clean ? 0 : 1;
  }
  const server = await createServer(config);
  const address = await server.listen();
  if (isWorker()) announceListening(address);
  else {
    server.app.log.info({ address, ...describeConfig(config) }, 'credkit server listening');
    if (!config.logger) console.log(`credkit server listening on ${address}`);
    if (!config.logger && config.fidoConformanceApi)
      console.warn(
        'credkit: FIDO conformance API on: anyone can add a passkey to any account; test deployments only',
      );
  }
  const signal = await stop.first;
  const { forced } = await shutDown(server, {
    reason: signal,
    force: stop.again,
    ...(config.logger ? {} : { log: primaryLog(config) }),
  });
  if (isWorker()) process.disconnect(); // the IPC channel would keep a worker alive
  // anything still holding the event loop (it should not) cannot keep the process past its shutdown
  setTimeout(() => process.exit(forced ? 1 : 0), 1000).unref();
  return forced ? 1 : 0;
}
