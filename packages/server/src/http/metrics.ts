// Prometheus metrics at GET /metrics (prom-client): WebAuthn and account ceremonies by outcome and error code,
// their latency, every route's latency, rate-limit rejections, SQL statements run and the PostgreSQL pool's use,
// plus prom-client's process metrics. Each route gets its own onResponse/onError hooks with its label sets bound
// once at start, and the two latency histograms are RequestHistograms (request-histogram.ts), so a request costs a
// status lookup and two bucket increments; successful ceremonies are counted from their histogram when scraped.
// With workers, the answering worker asks the primary, which sums every worker's registry (prom-client's
// AggregatorRegistry over node:cluster).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { AggregatorRegistry, Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { postgresPool, type Store } from '../store/index.js';
import { ServerError } from '../relying-party/errors.js';
import { toResponse } from './errors.js';
import { RequestHistogram, type Observer } from './request-histogram.js';
import { askPrimaryForMetrics, isWorker } from '../workers.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The ceremony a route runs, as the `ceremony` label of its metrics (signup, authentication, ...). */
    ceremony?: string;
  }
}

/** Seconds: from a cached options read to a scrypt-cost password check under load. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Metrics {
  registry: Registry;
  ceremonies: Counter<'ceremony' | 'outcome' | 'code'>;
  ceremonyDuration: RequestHistogram;
  requestDuration: RequestHistogram;
  /** Ceremonies that have routes: their successes are counted from ceremonyDuration when scraped. */
  ceremonyNames: Set<string>;
  rateLimited: Counter<'route'>;
}

/**
 * Counts kept elsewhere (the store's statements, the latency histograms' successes) reported as prom-client
 * counters, which only add: what each running total, by key, grew by since the last scrape.
 */
function growth<K>(): (key: K, total: number) => number {
  const reported = new Map<K, number>();
  return (key, total) => {
    const delta = total - (reported.get(key) ?? 0);
    reported.set(key, total);
    return delta;
  };
}

function createMetrics(store: Store): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'credkit_' });
  const pool = postgresPool(store.db);
  new Gauge({
    name: 'credkit_database_pool_connections',
    help: 'PostgreSQL pool connections by state (total, idle, waiting: requests queued for one; max: the limit)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      if (!pool) return;
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
      this.set({ state: 'max' }, pool.options.max ?? 10);
    },
  });
  const statementsGrowth = growth<'all'>();
  new Counter({
    name: 'credkit_database_statements_total',
    help: 'SQL statements run by this process (the built-in store)',
    registers: [registry],
    collect() {
      this.inc(statementsGrowth('all', store.statementCount()));
    },
  });
  const ceremonyDuration = new RequestHistogram(
    'credkit_ceremony_duration_seconds',
    'Ceremony latency from request to response, by ceremony and outcome',
    ['ceremony', 'outcome'],
    BUCKETS,
    registry,
  );
  const ceremonyNames = new Set<string>();
  const successesGrowth = growth<string>();
  return {
    registry,
    ceremonies: new Counter({
      name: 'credkit_ceremonies_total',
      help: 'Ceremonies finished, by ceremony, outcome (success, failure) and error code (none on success)',
      labelNames: ['ceremony', 'outcome', 'code'],
      registers: [registry],
      collect() {
        // a success is counted once, by the ceremony's latency histogram on the request path
        for (const ceremony of ceremonyNames) {
          const delta = successesGrowth(ceremony, ceremonyDuration.count(ceremony, 'success'));
          if (delta > 0) this.inc({ ceremony, outcome: 'success', code: 'none' }, delta);
        }
      },
    }),
    ceremonyDuration,
    requestDuration: new RequestHistogram(
      'credkit_http_request_duration_seconds',
      'HTTP request latency by method, route pattern and status',
      ['method', 'route', 'status'],
      BUCKETS,
      registry,
    ),
    ceremonyNames,
    rateLimited: new Counter({
      name: 'credkit_rate_limit_rejections_total',
      help: 'Requests refused with rate_limited (429), by route',
      labelNames: ['route'],
      registers: [registry],
    }),
  };
}

function append<T>(hooks: T | T[] | undefined, hook: T): T[] {
  return hooks === undefined ? [hook] : Array.isArray(hooks) ? [...hooks, hook] : [hooks, hook];
}

/** Error codes of failed requests, from the onError hook to the onResponse hook. */
const codes = new WeakMap<FastifyRequest, string>();

function instrument(metrics: Metrics, route: RouteOptions): void {
  const method = Array.isArray(route.method) ? route.method.join(',') : route.method;
  const url = route.url ?? '';
  const byStatus = new Map<number, Observer>();
  const ceremony = route.config?.ceremony;
  if (ceremony) metrics.ceremonyNames.add(ceremony);
  const succeeded = ceremony ? metrics.ceremonyDuration.labels(ceremony, 'success') : undefined;
  const failed = ceremony ? metrics.ceremonyDuration.labels(ceremony, 'failure') : undefined;
  const rateLimited = metrics.rateLimited.labels(url);

  route.onError = append(
    route.onError,
    async (request: FastifyRequest, _reply: FastifyReply, error: FastifyError) => {
      const code = error instanceof ServerError ? error.code : toResponse(error).body.error.code;
      codes.set(request, code);
      if (code === 'rate_limited') rateLimited.inc();
    },
  );
  // a callback hook: no promise per request
  route.onResponse = append(
    route.onResponse,
    (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      done();
      const status = reply.statusCode;
      const seconds = reply.elapsedTime / 1000;
      let observer = byStatus.get(status);
      if (!observer) {
        observer = metrics.requestDuration.labels(method, url, String(status));
        byStatus.set(status, observer);
      }
      observer.observe(seconds);
      if (!ceremony) return;
      if (status < 400) {
        succeeded!.observe(seconds);
      } else {
        failed!.observe(seconds);
        metrics.ceremonies.inc({
          ceremony,
          outcome: 'failure',
          code: codes.get(request) ?? `http_${status}`,
        });
      }
    },
  );
}

/** Registers GET /metrics and instruments every route registered after this call. */
export function installMetrics(app: FastifyInstance, store: Store): void {
  const metrics = createMetrics(store);
  if (isWorker()) {
    // this worker answers the primary's collection requests with its own registry
    AggregatorRegistry.setRegistries([metrics.registry]);
    new AggregatorRegistry();
  }
  app.addHook('onRoute', (route) => instrument(metrics, route));
  app.get(
    '/metrics',
    { schema: { summary: 'Prometheus metrics (text exposition format)' } },
    async (_request, reply) => {
      let text: string;
      try {
        text = isWorker() ? await askPrimaryForMetrics() : await metrics.registry.metrics();
      } catch (cause) {
        app.log.warn({ err: (cause as Error).message }, 'metrics collection failed');
        throw new ServerError('unavailable', 'the metrics could not be collected; try again later');
      }
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}
