// Graceful shutdown of one server process (SIGTERM/SIGINT in `credkit serve`, or a host app's own signal):
//  1. /readyz turns 503 shutting_down and the listening socket closes (no new connections);
//  2. in-flight requests finish; a request arriving meanwhile on an open keep-alive connection is still served,
//     with `Connection: close`; every connection is closed as soon as it goes idle (Node's closeIdleConnections,
//     swept every 100 ms, so a keep-alive connection never waits out its 72 s idle timeout);
//  3. the rate-limit store (Redis) closes, then the database pool;
//  4. past `timeoutMs` from the start, the connections still open are destroyed and the rest goes on.
// Each stage is logged. Nothing here runs per request.
import type { CredkitServer } from './index.js';
import { markShuttingDown } from './http/health.js';

export type ShutdownLog = (message: string, fields?: Record<string, unknown>) => void;

export interface ShutdownOptions {
  /** Time in-flight requests get before their connections are destroyed (default: the server's config). */
  timeoutMs?: number;
  /** Where the stages go (default: the app's logger at info). */
  log?: ShutdownLog;
  /** What started the shutdown (a signal name), logged with the first stage. */
  reason?: string;
  /** Aborting it cuts the wait short: connections are destroyed at once (a second Ctrl-C). */
  force?: AbortSignal;
}

export interface ShutdownResult {
  /** True when connections had to be destroyed (timeout or `force`). */
  forced: boolean;
  /** Milliseconds from the start to the database closed. */
  ms: number;
}

const SWEEP_MS = 100;

function connectionCount(server: CredkitServer): Promise<number> {
  return new Promise((resolve) =>
    server.app.server.getConnections((error, count) => resolve(error ? 0 : count)),
  );
}

/** Stops `server` gracefully (see the file header); resolves once the database is closed. */
export async function shutDown(
  server: CredkitServer,
  options: ShutdownOptions = {},
): Promise<ShutdownResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? server.config.shutdownTimeoutMs;
  const log: ShutdownLog = options.log ?? ((message, fields) => server.app.log.info(fields ?? {}, message));
  const http = server.app.server;
  markShuttingDown(server.app);
  log('shutdown: started; no longer accepting connections', {
    ...(options.reason ? { signal: options.reason } : {}),
    timeoutMs,
    connections: await connectionCount(server),
  });
  const sweep = setInterval(() => http.closeIdleConnections(), SWEEP_MS);
  const closed = server.app.close(); // stops listening, waits for the open connections, then the onClose hooks
  let forced = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, timeoutMs - (performance.now() - started)));
    options.force?.addEventListener('abort', () => resolve('timeout'), { once: true });
  });
  const first = await Promise.race([closed.then(() => 'closed' as const), deadline]);
  if (first === 'timeout') {
    forced = true;
    log('shutdown: timed out waiting for in-flight requests; closing their connections', {
      connections: await connectionCount(server),
      afterMs: Math.round(performance.now() - started),
    });
    http.closeAllConnections();
    await closed;
  } else {
    log('shutdown: in-flight requests finished; every connection closed', {
      afterMs: Math.round(performance.now() - started),
    });
  }
  clearTimeout(timer);
  clearInterval(sweep);
  log('shutdown: HTTP server and rate-limit store closed');
  await server.store.close();
  log('shutdown: database closed', { engine: server.store.engine });
  const ms = Math.round(performance.now() - started);
  log('shutdown: complete', { ms, forced });
  return { forced, ms };
}
