// Several worker processes sharing one port (node:cluster), for every core. The primary runs the migrations
// once, forks the workers, replaces one that dies, and stops them all on SIGTERM/SIGINT. Rate-limit budgets
// stay shared: without Redis, the primary keeps the only BudgetStores, so N workers never grant N budgets. A
// worker takes a budget's requests a few at a time (a lease: at most a 2N-th of what is left, so one IPC round
// trip per several requests while a budget is far from spent, and one per request near its end). /metrics on
// any worker answers with every worker's metrics summed: the worker asks the primary, which collects them
// (prom-client's AggregatorRegistry).
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { BudgetStore, DEFAULT_BUDGET_CAPACITY } from './http/budget-store.js';
import { openStore } from './store/index.js';
import type { ServerConfig } from './config.js';

/** A worker asks for a lease of one key's budget. */
interface BudgetRequest {
  type: 'credkit:budget';
  id: number;
  limiter: number;
  capacity: number;
  key: string;
  window: number;
  max: number;
}

interface BudgetReply {
  type: 'credkit:budget';
  id: number;
  current: number;
  ttl: number;
  /** Requests leased: `current` and the next granted - 1 counts are the worker's to hand out. */
  granted?: number;
}

interface Listening {
  type: 'credkit:listening';
  address: string;
}

interface MetricsRequest {
  type: 'credkit:metrics';
  id: number;
}

interface MetricsReply {
  type: 'credkit:metrics';
  id: number;
  text?: string;
  error?: string;
}

/** A stage of the primary's life worth a log line (start, a worker replaced, each step of shutdown). */
export type PoolLog = (message: string, fields?: Record<string, unknown>) => void;

type Callback = (error: Error | null, result: { current: number; ttl: number; granted?: number }) => void;

/** Requests of a budget the primary leased to this worker: counts `next` to `last`, until `end` (the window's). */
interface Lease {
  next: number;
  last: number;
  end: number;
}

const pending = new Map<number, Callback>();
const pendingMetrics = new Map<number, (reply: MetricsReply) => void>();
let nextRequest = 0;
let nextLimiter = 0;
let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  process.on('message', (message: BudgetReply | MetricsReply) => {
    if (message?.type === 'credkit:metrics') {
      pendingMetrics.get(message.id)?.(message);
      pendingMetrics.delete(message.id);
      return;
    }
    if (message?.type !== 'credkit:budget') return;
    const cb = pending.get(message.id);
    pending.delete(message.id);
    cb?.(null, { current: message.current, ttl: message.ttl, granted: message.granted });
  });
}

/** Worker: every worker's metrics, summed by the primary, in Prometheus text format (rejects after 5 s). */
export function askPrimaryForMetrics(): Promise<string> {
  listen();
  const id = nextRequest++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pendingMetrics.delete(id);
      reject(new Error('the primary did not answer the metrics request'));
    }, 5000);
    pendingMetrics.set(id, (reply) => {
      clearTimeout(timer);
      if (reply.text !== undefined) resolve(reply.text);
      else reject(new Error(reply.error ?? 'metrics collection failed'));
    });
    const request: MetricsRequest = { type: 'credkit:metrics', id };
    process.send!(request, undefined, undefined, (error) => {
      if (!error) return;
      clearTimeout(timer);
      pendingMetrics.delete(id);
      reject(error);
    });
  });
}

/**
 * A worker's rate-limit store (rate-limit.ts counts through it): the budgets live in the primary, which leases
 * their requests to the workers. Every leased request counts as spent in the primary at once, so the workers
 * together never grant more than the budget; a request leased to one worker and not used yet can make another
 * refuse a little early (at most a 2N-th of what was left when it was leased).
 */
export class PrimaryBudgetStore {
  readonly capacity: number;
  readonly limiter: number;
  /** Leases with requests left, oldest first (at most `capacity`: dropping one only gives its requests up). */
  readonly #leases = new Map<string, Lease>();
  /** Keys with a lease request on its way, and the requests waiting for its answer. */
  readonly #waiting = new Map<string, (() => void)[]>();

  constructor(options: { budgetCapacity?: number } = {}, limiter = -1) {
    this.capacity = options.budgetCapacity ?? 0;
    this.limiter = limiter;
    listen();
  }

  /** Limiters are created in the same order in every worker, so their numbers name the same budgets. */
  child(options: { budgetCapacity?: number }): PrimaryBudgetStore {
    return new PrimaryBudgetStore({ budgetCapacity: options.budgetCapacity ?? this.capacity }, nextLimiter++);
  }

  incr(key: string, cb: Callback, window: number, max: number): void {
    const now = Date.now();
    const lease = this.#leases.get(key);
    if (lease) {
      if (lease.end > now) {
        const current = lease.next++;
        if (lease.next > lease.last) this.#leases.delete(key);
        cb(null, { current, ttl: lease.end - now });
        return;
      }
      this.#leases.delete(key);
    }
    const waiting = this.#waiting.get(key);
    if (waiting) {
      waiting.push(() => this.incr(key, cb, window, max));
      return;
    }
    this.#waiting.set(key, []);
    this.#lease(
      key,
      (error, result) => {
        const queued = this.#waiting.get(key) ?? [];
        this.#waiting.delete(key);
        const granted = result.granted ?? 1;
        if (!error && granted > 1) {
          if (this.#leases.size >= Math.max(1, this.capacity || DEFAULT_BUDGET_CAPACITY)) {
            this.#leases.delete(this.#leases.keys().next().value!);
          }
          this.#leases.set(key, {
            next: result.current + 1,
            last: result.current + granted - 1,
            end: now + result.ttl,
          });
        }
        cb(error, { current: result.current, ttl: result.ttl });
        for (const retry of queued) retry();
      },
      window,
      max,
    );
  }

  /** Asks the primary for a lease of the key's budget. */
  #lease(key: string, cb: Callback, window: number, max: number): void {
    const id = nextRequest++;
    pending.set(id, cb);
    const request: BudgetRequest = {
      type: 'credkit:budget',
      id,
      limiter: this.limiter,
      capacity: this.capacity,
      key,
      window,
      max,
    };
    process.send!(request, undefined, undefined, (error) => {
      if (!error) return;
      pending.delete(id);
      cb(error, { current: 0, ttl: 0 });
    });
  }
}

/** True in a worker forked by runWorkers. */
export function isWorker(): boolean {
  return cluster.isWorker && process.env.CREDKIT_WORKER === '1';
}

/** Tells the primary this worker listens at `address`. */
export function announceListening(address: string): void {
  const message: Listening = { type: 'credkit:listening', address };
  process.send?.(message);
}

export interface WorkerPool {
  /** The address the workers share. */
  address: string;
  /**
   * Graceful shutdown: SIGTERM to every worker (each drains and closes its own connections and pools), then waits
   * for them; a worker still running `shutdownTimeoutMs` plus 2 s later is killed (SIGKILL). Resolves to whether
   * every worker stopped by itself with status 0.
   */
  close(): Promise<boolean>;
}

/** Primary: migrates, forks `count` workers of the same command, serves their budgets; resolves once all listen. */
export async function runWorkers(config: ServerConfig, count: number, log: PoolLog): Promise<WorkerPool> {
  const store = await openStore(config); // migrations once, before any worker opens the database
  await store.close();
  if (store.migrated.length > 0) log('database migrations applied', { migrations: store.migrated });
  else log('database schema up to date');
  const aggregator = new AggregatorRegistry();
  const stores = new Map<number, BudgetStore>();
  let stopping = false;
  const workers = new Set<Worker>();
  let resolveReady!: (address: string) => void;
  const ready = new Promise<string>((resolve) => (resolveReady = resolve));
  const addresses: string[] = [];

  cluster.on('message', (worker, message: BudgetRequest | Listening | MetricsRequest) => {
    if (message?.type === 'credkit:metrics') {
      const answer = (reply: Omit<MetricsReply, 'type' | 'id'>) => {
        if (worker.isConnected()) worker.send({ type: 'credkit:metrics', id: message.id, ...reply });
      };
      aggregator.clusterMetrics().then(
        (text) => answer({ text }),
        (error: Error) => answer({ error: error.message }),
      );
      return;
    }
    if (message?.type === 'credkit:listening') {
      addresses.push(message.address);
      if (addresses.length === count) resolveReady(message.address);
      return;
    }
    if (message?.type !== 'credkit:budget') return;
    let budgets = stores.get(message.limiter);
    if (!budgets) {
      budgets = new BudgetStore({ budgetCapacity: message.capacity || undefined });
      stores.set(message.limiter, budgets);
    }
    const answer: Callback = (_error, result) => {
      const reply: BudgetReply = { type: 'credkit:budget', id: message.id, ...result };
      if (worker.isConnected()) worker.send(reply);
    };
    budgets.lease(message.key, answer, message.window, message.max, count);
  });

  const fork = () => {
    // the database's connections are shared out: N workers together open DATABASE_POOL_SIZE (default 10)
    const share = Math.max(1, Math.floor((config.databasePoolSize ?? 10) / count));
    const worker = cluster.fork({ CREDKIT_WORKER: '1', DATABASE_POOL_SIZE: String(share) });
    workers.add(worker);
    worker.on('exit', (code, signal) => {
      workers.delete(worker);
      if (stopping) return;
      log('worker exited; starting another', { pid: worker.process.pid, exit: signal ?? code });
      fork();
    });
  };
  for (let i = 0; i < count; i++) fork();
  const address = await ready;
  return {
    address,
    close: async () => {
      stopping = true;
      const running = [...workers];
      log('shutdown: stopping the workers', { workers: running.length, timeoutMs: config.shutdownTimeoutMs });
      const clean = await Promise.all(
        running.map(
          (worker) =>
            new Promise<boolean>((resolve) => {
              const pid = worker.process.pid;
              const kill = setTimeout(() => {
                log('shutdown: worker did not stop in time; killing it', { pid });
                worker.process.kill('SIGKILL');
              }, config.shutdownTimeoutMs + 2000);
              worker.once('exit', (code, signal) => {
                clearTimeout(kill);
                log('shutdown: worker stopped', { pid, exit: signal ?? code });
                resolve(code === 0);
              });
              worker.process.kill('SIGTERM');
            }),
        ),
      );
      log('shutdown: all workers stopped');
      return clean.every(Boolean);
    },
  };
}
