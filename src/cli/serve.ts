// `credkit serve`: runs the relying-party server from environment variables and an optional JSON config file.
import { loadConfig, createServer, describeConfig } from '../server/index.js';

const HELP = `usage: credkit serve [--config FILE]

Runs the relying-party server. Configuration (environment variables override the config file):
  PORT (8080)  HOST (127.0.0.1)  RP_ID (localhost)  RP_NAME (credkit)
  ORIGINS      comma-separated web origins (default http://localhost:PORT)
  ANDROID_APPS comma-separated package.name:AB:CD:... SHA-256 signing-certificate fingerprints
  DATABASE_URL sqlite:PATH (default sqlite:./data/credkit.db) or postgres://...
  DATABASE_SCHEMA  PostgreSQL schema (default: the search path's)
  CHALLENGE_TTL_SECONDS (300)  SESSION_TTL_SECONDS (2592000)  RESTORE_KEY_TTL_DAYS (180)
  RATE_LIMIT_PER_CLIENT (60)  RATE_LIMIT_PER_ACCOUNT (10)  RATE_LIMIT_WINDOW_SECONDS (60)
  SCRYPT_COST (16384)  LOG (1; 0 disables request logs)  CREDKIT_CONFIG (config file path)`;

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const at = argv.indexOf('--config');
  const configFile = at >= 0 ? argv[at + 1] : process.env.CREDKIT_CONFIG;
  if (at >= 0 && !configFile) {
    console.error('credkit serve: --config needs a file');
    return 2;
  }
  const config = loadConfig(process.env, configFile);
  const server = await createServer(config);
  const address = await server.listen();
  server.app.log.info({ address, ...describeConfig(config) }, 'credkit server listening');
  if (!config.logger) console.log(`credkit server listening on ${address}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
