// Several worker processes sharing one port (node:cluster), for every core. The primary runs the migrations
// once, forks the workers, replaces one that dies, and stops them all on SIGTERM/SIGINT. Rate-limit budgets
// stay shared: without Redis, each worker's limiters ask the primary, which keeps the only BudgetStores (one IPC
// round trip per limited request), so N workers never grant N budgets.
import cluster, { type Worker } from 'node:cluster';
import { BudgetStore } from './http/budget-store.js';
import { openStore } from './store/index.js';
import type { ServerConfig } from './config.js';

interface BudgetRequest {
  type: 'credkit:budget';
  id: number;
  limiter: number;
  capacity: number;
  op: 'incr' | 'read';
  key: string;
  window: number;
  max: number;
}

interface BudgetReply {
  type: 'credkit:budget';
  id: number;
  current: number;
  ttl: number;
}

interface Listening {
  type: 'credkit:listening';
  address: string;
}

type Callback = (error: Error | null, result: { current: number; ttl: number }) => void;

const pending = new Map<number, Callback>();
let nextRequest = 0;
let nextLimiter = 0;
let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  process.on('message', (message: BudgetReply) => {
    if (message?.type !== 'credkit:budget') return;
    const cb = pending.get(message.id);
    pending.delete(message.id);
    cb?.(null, { current: message.current, ttl: message.ttl });
  });
}

/** A worker's rate-limit store: the budgets live in the primary (@fastify/rate-limit `store` option). */
export class PrimaryBudgetStore {
  readonly capacity: number;
  readonly limiter: number;

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
    this.#ask('incr', key, cb, window, max);
  }

  read(key: string, cb: Callback, window: number, max: number): void {
    this.#ask('read', key, cb, window, max);
  }

  #ask(op: 'incr' | 'read', key: string, cb: Callback, window: number, max: number): void {
    const id = nextRequest++;
    pending.set(id, cb);
    const request: BudgetRequest = {
      type: 'credkit:budget',
      id,
      limiter: this.limiter,
      capacity: this.capacity,
      op,
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
  close(): Promise<void>;
}

/** Primary: migrates, forks `count` workers of the same command, serves their budgets; resolves once all listen. */
export async function runWorkers(
  config: ServerConfig,
  count: number,
  log: (line: string) => void,
): Promise<WorkerPool> {
  const store = await openStore(config); // migrations once, before any worker opens the database
  await store.close();
  const stores = new Map<number, BudgetStore>();
  let stopping = false;
  const workers = new Set<Worker>();
  let resolveReady!: (address: string) => void;
  const ready = new Promise<string>((resolve) => (resolveReady = resolve));
  const addresses: string[] = [];

  cluster.on('message', (worker, message: BudgetRequest | Listening) => {
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
    if (message.op === 'read') budgets.read(message.key, answer, message.window);
    else budgets.incr(message.key, answer, message.window, message.max);
  });

  const fork = () => {
    // the database's connections are shared out: N workers together open DATABASE_POOL_SIZE (default 10)
    const share = Math.max(1, Math.floor((config.databasePoolSize ?? 10) / count));
    const worker = cluster.fork({ CREDKIT_WORKER: '1', DATABASE_POOL_SIZE: String(share) });
    workers.add(worker);
    worker.on('exit', (code, signal) => {
      workers.delete(worker);
      if (stopping) return;
      log(`credkit worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
      fork();
    });
  };
  for (let i = 0; i < count; i++) fork();
  const address = await ready;
  return {
    address,
    close: async () => {
      stopping = true;
      await Promise.all(
        [...workers].map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.once('exit', () => resolve());
              worker.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
