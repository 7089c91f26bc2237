// credkit/server: the relying-party server as a library. `createServer(config)` opens the store (running
// migrations) and builds the Fastify app; `listen()` starts it, `close()` stops it and closes the database.
import type { FastifyInstance } from 'fastify';
import { resolveConfig, type ServerConfig, type ServerConfigInput } from './config.js';
import { openStore, type Store } from './store/index.js';
import { createContext, type RelyingPartyContext } from './relying-party/index.js';
import { buildApp } from './http/app.js';
import { isWorker } from './workers.js';
import {
  attestationTrust,
  metadataService,
  type MetadataDependencies,
  type MetadataService,
} from './metadata/index.js';

export interface CredkitServer {
  app: FastifyInstance;
  store: Store;
  context: RelyingPartyContext;
  config: ServerConfig;
  /** MDS_BLOB: the FIDO metadata in use and its refreshes. */
  metadata?: MetadataService;
  /** Starts listening; resolves to the address (e.g. http://127.0.0.1:8080). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface CreateServerOptions {
  /** The relying party's clock (default Date.now): challenge, session and MDS judgements use it. */
  now?: () => number;
  /** The MDS service's clock and timer, fetch and log (default: Node's, global fetch, the app's logger). */
  metadata?: MetadataDependencies;
}

export async function createServer(
  input: ServerConfigInput = {},
  options: CreateServerOptions = {},
): Promise<CredkitServer> {
  const config = resolveConfig(input);
  const metadata = await metadataService(config, options.metadata);
  // a worker shares the database with the others (SQLite: its group commits wait a turn longer)
  const store = await openStore({ ...config, sharedSqlite: isWorker() });
  try {
    const context = await createContext(store, config, {
      accounts: { users: store.users, sessions: store.sessions },
      secrets: store.settings,
      now: options.now ?? Date.now,
      ...(metadata ? { attestation: attestationTrust(config, metadata) } : {}),
    });
    const app = await buildApp(context, store);
    if (store.migrated.length > 0)
      app.log.info({ migrations: store.migrated }, 'database migrations applied');
    else app.log.info('database schema up to date');
    try {
      await metadata?.start(options.metadata?.log ?? app.log);
    } catch (e) {
      await app.close();
      throw e;
    }
    return {
      app,
      store,
      context,
      config,
      ...(metadata ? { metadata } : {}),
      listen: () => app.listen({ port: config.port, host: config.host }),
      close: async () => {
        metadata?.close();
        await app.close();
        await store.close();
      },
    };
  } catch (e) {
    metadata?.close();
    await store.close();
    throw e;
  }
}

export { buildApp } from './http/app.js';
export {
  credkit,
  createHandler,
  createRelyingParty,
  type CredkitPluginOptions,
  type CredkitHandlerOptions,
  type CredkitHandler,
  type NextFunction,
  type RelyingParty,
  type RelyingPartyOptions,
  type RelyingPartySettings,
  type HostSession,
  type HostSignedIn,
} from './embed.js';
export { credkitRoutes, type CredkitRoutesOptions } from './http/plugin.js';
export type { SessionAdapter } from './http/requesters.js';
export { shutDown, type ShutdownOptions, type ShutdownResult, type ShutdownLog } from './shutdown.js';
export { packageVersion } from './version.js';
export {
  loadConfig,
  describeConfig,
  defaultConfig,
  validateConfig,
  resolveConfig,
  parseAndroidApps,
  allowedWebAuthnOrigins,
  secureCookies,
  ENVIRONMENT_VARIABLES,
  type EnvironmentVariable,
  type ServerConfig,
  type ServerConfigInput,
  type AndroidApp,
} from './config.js';
export {
  openStore,
  MIGRATIONS,
  migrateToLatest,
  pendingMigrations,
  type Store,
  type StoreOptions,
} from './store/index.js';
// What `credkit serve` and `credkit migrate` run on: the engines and the worker processes.
export { openSqlite } from './store/sqlite.js';
export { openPostgres } from './store/postgres.js';
export { runWorkers, isWorker, announceListening } from './workers.js';
export {
  MetadataService,
  parseAttestationPolicy,
  describeAttestationPolicy,
  type MetadataClock,
  type MetadataLog,
  type MetadataDependencies,
  type AttestationTrust,
} from './metadata/index.js';
export * from './relying-party/index.js';
export { assetLinks } from './http/well-known.js';
