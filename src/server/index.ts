// credkit/server: the relying-party server as a library. `createServer(config)` opens the store (running
// migrations) and builds the Fastify app; `listen()` starts it, `close()` stops it and closes the database.
import type { FastifyInstance } from 'fastify';
import { defaultConfig, validateConfig, type ServerConfig } from './config.js';
import { openStore, type Store } from './store/index.js';
import { createContext, type RelyingPartyContext } from './relying-party/index.js';
import { buildApp } from './http/app.js';

export interface CredkitServer {
  app: FastifyInstance;
  store: Store;
  context: RelyingPartyContext;
  config: ServerConfig;
  /** Starts listening; resolves to the address (e.g. http://127.0.0.1:8080). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export type ServerConfigInput = Partial<Omit<ServerConfig, 'rateLimit'>> & {
  rateLimit?: Partial<ServerConfig['rateLimit']>;
};

/** What else createServer can be given besides the configuration. */
export interface CreateServerOptions {
  /** The relying party's clock (challenge and session expiry, times stored); default Date.now. Tests move it. */
  now?: () => number;
}

export async function createServer(
  input: ServerConfigInput = {},
  options: CreateServerOptions = {},
): Promise<CredkitServer> {
  const base = defaultConfig();
  const config = validateConfig({
    ...base,
    ...input,
    rateLimit: { ...base.rateLimit, ...input.rateLimit },
  } as ServerConfig);
  const store = await openStore(config);
  try {
    const context = await createContext(store, config, options.now);
    const app = await buildApp(context, store);
    if (store.migrated.length > 0)
      app.log.info({ migrations: store.migrated }, 'database migrations applied');
    else app.log.info('database schema up to date');
    return {
      app,
      store,
      context,
      config,
      listen: () => app.listen({ port: config.port, host: config.host }),
      close: async () => {
        await app.close();
        await store.close();
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}

export { buildApp } from './http/app.js';
export { shutDown, type ShutdownOptions, type ShutdownResult, type ShutdownLog } from './shutdown.js';
export { packageVersion } from './version.js';
export {
  loadConfig,
  describeConfig,
  defaultConfig,
  validateConfig,
  parseAndroidApps,
  allowedWebAuthnOrigins,
  secureCookies,
  ENVIRONMENT_VARIABLES,
  type EnvironmentVariable,
  type ServerConfig,
  type AndroidApp,
} from './config.js';
export { openStore, type Store, type StoreOptions } from './store/index.js';
export * from './relying-party/index.js';
export { assetLinks } from './http/well-known.js';
