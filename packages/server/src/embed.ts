// credkit inside a host app: createRelyingParty (the relying party over the app's users, or credkit's own), the
// `credkit` Fastify plugin (`app.register(credkit, { prefix, ... })`) and createHandler, a Node request handler for
// Express, Connect or plain `http`. Both serve the same routes (plugin.ts) over the app's own sessions.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import Fastify, { type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import { resolveConfig, type ServerConfig, type ServerConfigInput } from './config.js';
import { openStore, type Store } from './store/index.js';
import {
  allAcceptedCredentials,
  composeSignIn,
  createContext,
  hostUserDirectory,
  hostUserHandle,
  type AllAcceptedCredentialsSignal,
  type ChallengeStore,
  type CredentialStore,
  type CurrentUserDetailsSignal,
  type HostUser,
  type HostUsers,
  type RelyingPartyContext,
  type Stores,
  ServerError,
} from './relying-party/index.js';
import { credkitRoutes } from './http/plugin.js';
import {
  attestationTrust,
  metadataService,
  type MetadataDependencies,
  type MetadataLog,
  type MetadataService,
} from './metadata/index.js';
import { hostSessions, type HostSession } from './http/host-session.js';
import { clientErrorHandler, sendError } from './http/errors.js';
import { MAX_CREDENTIAL_ID_CHARS } from './http/schemas.js';

export type { HostSession, HostSignedIn } from './http/host-session.js';

/** The relying party's settings: ServerConfig's, all optional (defaults as `credkit serve`'s). */
export type RelyingPartySettings = ServerConfigInput;

export interface RelyingPartyOptions extends RelyingPartySettings {
  /**
   * The app's own users. Given, credkit keeps only their passkeys and restore keys (and serves no sign-up,
   * password or profile routes); the app's `session` says who is signed in. Absent, credkit keeps its own accounts
   * and sessions, as `credkit serve` does.
   */
  users?: HostUsers;
  /**
   * The app's own credential and challenge stores (default: the built-in store at `databaseUrl`, SQLite or
   * PostgreSQL). With them, `users` and `secret` are required.
   */
  stores?: { credentials: CredentialStore; challenges: ChallengeStore };
  /**
   * The server secret (at least 32 bytes) that seals challenges and derives decoys; every instance needs the same.
   * Default: the built-in store keeps one, made on the first start.
   */
  secret?: Uint8Array;
  /** The clock (tests). */
  now?: () => number;
  /**
   * With `mdsBlob`: the MDS service's clock and timer, fetch and log (default: Node's, global fetch, and
   * failures written to stderr).
   */
  metadata?: MetadataDependencies;
}

/** A relying party ready to serve: its context, the built-in store when it opened one, and the Signal payloads. */
export interface RelyingParty {
  readonly context: RelyingPartyContext;
  readonly store?: Store;
  /** `mdsBlob`: the FIDO metadata in use and its refreshes. */
  readonly metadata?: MetadataService;
  /** The signalCurrentUserDetails payload after the app changed a user's username or display name. */
  currentUserDetails(user: HostUser): CurrentUserDetailsSignal;
  /** The signalAllAcceptedCredentials payload for a user (e.g. for the account page). */
  allAcceptedCredentials(userId: string): Promise<AllAcceptedCredentialsSignal>;
  /** Closes the built-in store (when it opened one). */
  close(): Promise<void>;
}

function settings(options: RelyingPartySettings): ServerConfig {
  // an embedded relying party serves no pages and logs through its host
  return resolveConfig({ serveStatic: false, metrics: false, ...options });
}

/** An embedded relying party has no logger of its own: MDS failures (a refresh that failed) go to stderr. */
const stderrLog: MetadataLog = {
  info: () => {},
  error: (fields, message) => console.error(`credkit: ${message}`, fields),
};

/** Opens (or takes) the stores and makes the relying party's context. */
export async function createRelyingParty(options: RelyingPartyOptions = {}): Promise<RelyingParty> {
  const config = settings(options);
  if (options.stores && (!options.users || !options.secret)) {
    throw new Error('credkit: with stores of your own, give `users` and `secret` too');
  }
  // MDS_BLOB: loaded before anything opens; no usable BLOB, no relying party (as `credkit serve`)
  const metadata = await metadataService(config, { log: stderrLog, ...options.metadata });
  await metadata?.start();
  let store: Store | undefined;
  try {
    store = options.stores ? undefined : await openStore(config);
    let stores: Stores;
    if (options.users) {
      const users = hostUserDirectory(options.users);
      const { credentials, challenges } = options.stores ?? store!;
      stores = {
        users,
        credentials,
        challenges,
        signIn: composeSignIn({ users, credentials, challenges }),
        // the built-in store registers a passkey in one step; stores of the app's own, one call at a time
        ...(store ? { registration: store.registration } : {}),
      };
    } else {
      stores = store!;
    }
    const context = await createContext(stores, config, {
      ...(options.users ? { userHandle: hostUserHandle } : { accounts: store! }),
      ...(options.secret ? { secret: options.secret } : { secrets: store!.settings }),
      ...(options.now ? { now: options.now } : {}),
      ...(metadata ? { attestation: attestationTrust(config, metadata) } : {}),
    });
    return {
      context,
      ...(store ? { store } : {}),
      ...(metadata ? { metadata } : {}),
      currentUserDetails: (user) => ({
        rpId: config.rpId,
        userId: context.userHandle(user.id),
        name: user.username,
        displayName: user.displayName ?? user.username,
      }),
      allAcceptedCredentials: (userId) => allAcceptedCredentials(context, userId),
      close: async () => {
        metadata?.close();
        await store?.close();
      },
    };
  } catch (e) {
    metadata?.close();
    await store?.close();
    throw e;
  }
}

/** Either a relying party made with createRelyingParty, or the options to make one. */
type WithRelyingParty = RelyingPartyOptions & { relyingParty?: RelyingParty };

function checkPairing(options: WithRelyingParty, session: unknown): void {
  const hostUsers = options.relyingParty
    ? !options.relyingParty.context.accounts
    : options.users !== undefined;
  if (hostUsers !== (session !== undefined)) {
    throw new Error(
      "credkit: the app's `users` and its `session` come together (or neither, for credkit's own)",
    );
  }
}

export interface CredkitPluginOptions extends WithRelyingParty {
  /** The app's sessions, with Fastify's request and reply. */
  session?: HostSession<FastifyRequest, FastifyReply>;
}

/**
 * credkit's routes in a Fastify app: `app.register(credkit, { prefix: '/auth', rpId, origins, users, session })`.
 * A relying party it made itself closes with the app.
 */
export const credkit: FastifyPluginAsync<CredkitPluginOptions> = async (app, options) => {
  checkPairing(options, options.session);
  const rp = options.relyingParty ?? (await createRelyingParty(options));
  if (!options.relyingParty) app.addHook('onClose', () => rp.close());
  await app.register(credkitRoutes, {
    ctx: rp.context,
    ...(options.session ? { sessions: hostSessions(rp.context, options.session) } : {}),
  });
};

export interface CredkitHandlerOptions extends WithRelyingParty {
  /** The app's sessions, with Node's request and response (Express's `req` and `res`). */
  session?: HostSession<IncomingMessage, ServerResponse>;
  /**
   * Where the routes sit in the URLs the handler sees. Express's `app.use('/auth', handler)` strips `/auth`
   * already (leave this empty); a plain `http` server passes whole URLs.
   */
  prefix?: string;
  /** Logs of credkit's own (pino); default off: the app logs its requests. */
  logger?: boolean;
}

export type NextFunction = (error?: unknown) => void;

/** A Node request handler; `next` (Express, Connect) gets every request that is not credkit's. */
export interface CredkitHandler {
  (request: IncomingMessage, response: ServerResponse, next?: NextFunction): void;
  /** Resolves once the relying party is open and the routes are ready (requests wait for it anyway). */
  ready(): Promise<void>;
  /** The relying party behind the routes (for the Signal payloads of changes the app makes itself). */
  relyingParty(): Promise<RelyingParty>;
  /** Stops the routes and closes the relying party the handler made. */
  close(): Promise<void>;
}

const NEXT = Symbol('credkit next');
type WithNext = IncomingMessage & { [NEXT]?: NextFunction; body?: unknown };

/**
 * A body another middleware parsed already (express.json() ahead of credkit) is handed to credkit's parser as the
 * JSON text it was, instead of a stream that has ended.
 */
function reuseParsedBody(request: FastifyRequest, payload: NodeJS.ReadableStream): NodeJS.ReadableStream {
  const raw = request.raw as WithNext;
  if (raw.body === undefined || !raw.readableEnded) return payload;
  const text = Buffer.from(JSON.stringify(raw.body));
  return Object.assign(Readable.from([text]), {
    receivedEncodedLength: Number(request.headers['content-length'] ?? text.length),
  });
}

export function createHandler(options: CredkitHandlerOptions = {}): CredkitHandler {
  checkPairing(options, options.session);
  const { session, prefix = '', logger = false, ...rest } = options;
  const app = Fastify({
    logger,
    routerOptions: { maxParamLength: MAX_CREDENTIAL_ID_CHARS },
    frameworkErrors: (error, request, reply) => sendError(request, reply, error),
    clientErrorHandler,
  });
  app.addHook('preParsing', async (request, _reply, payload) => reuseParsedBody(request, payload));
  // not credkit's: back to the app (Express's next), or 404 on a plain server
  app.setNotFoundHandler((request, reply) => {
    const next = (request.raw as WithNext)[NEXT];
    if (!next) {
      const path = request.url.split('?')[0]!;
      return sendError(
        request,
        reply,
        new ServerError('not_found', `no route for ${request.method} ${path}`),
      );
    }
    reply.hijack();
    next();
  });
  const made = rest.relyingParty ? undefined : createRelyingParty(rest);
  const relyingParty = rest.relyingParty ? Promise.resolve(rest.relyingParty) : made!;
  const ready = (async () => {
    await app.register(credkit, {
      ...rest,
      relyingParty: await relyingParty,
      prefix,
      ...(session
        ? {
            session: {
              current: (request) => session.current(request.raw),
              signIn: (request, reply, user) => session.signIn(request.raw, reply.raw, user),
              ...(session.takePasskeyUpgrade
                ? { takePasskeyUpgrade: (request) => session.takePasskeyUpgrade!(request.raw) }
                : {}),
            },
          }
        : {}),
    });
    await app.ready();
  })();
  ready.catch(() => {}); // reported to each request, and by ready()
  const handler = ((request, response, next) => {
    ready.then(
      () => {
        if (next) (request as WithNext)[NEXT] = next;
        app.routing(request, response);
      },
      (error: unknown) => {
        if (next) return next(error);
        response.statusCode = 500;
        response.setHeader('content-type', 'application/json; charset=utf-8');
        response.end(JSON.stringify({ error: { code: 'internal_error', message: 'credkit did not start' } }));
      },
    );
  }) as CredkitHandler;
  handler.ready = () => ready;
  handler.relyingParty = () => relyingParty;
  handler.close = async () => {
    await ready.catch(() => {});
    await app.close();
    // the relying party the handler made closes with it
    if (made) await (await made.catch(() => undefined))?.close();
  };
  return handler;
}
