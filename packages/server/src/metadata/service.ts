// The server's FIDO MDS3 BLOB over time: loaded at start (a URL's from its disk cache when the URL is down),
// loaded again from the BLOB's nextUpdate day on (MDS3 §3.1.6: a new BLOB is due then), and on a failed or
// premature refresh retried later while the last good BLOB stays in use. The checks themselves are the core's
// parseMetadataBlob; the clock and timers are passed in.
import { parseMetadataBlob, type MetadataBlob } from '@credkit/webauthn';
import {
  describeLocation,
  isUrl,
  readBlobText,
  readCachedBlob,
  writeCachedBlob,
  type FetchLike,
} from './source.js';

/** The clock and the one timer the service keeps (Node's by default; tests pass their own). */
export interface MetadataClock {
  now(): number;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** What the service logs through (a pino logger fits). */
export interface MetadataLog {
  info(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface MetadataServiceOptions {
  /** MDS_BLOB: a file path or an http(s) URL. */
  location: string;
  /** DER roots the BLOB's signing chain must end at (MDS_ROOT_CERT). */
  roots: readonly Uint8Array[];
  /** URL BLOBs: the disk cache (MDS_CACHE). */
  cacheFile?: string;
  fetch?: FetchLike;
  clock?: MetadataClock;
  log?: MetadataLog;
  /** After a failed refresh, or while the newest BLOB's nextUpdate day has begun: wait this long. Default 1 h. */
  retryMs?: number;
}

export const DEFAULT_RETRY_MS = 60 * 60_000;
/** setTimeout's longest delay; a later refresh is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const nodeClock: MetadataClock = {
  now: () => Date.now(),
  setTimer: (run, ms) => setTimeout(run, ms).unref(),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const quiet: MetadataLog = { info: () => {}, error: () => {} };

/** The first millisecond (UTC) of the BLOB's nextUpdate day (a YYYY-MM-DD date the core has checked). */
export function nextUpdateTime(blob: Pick<MetadataBlob, 'nextUpdate'>): number {
  return Date.parse(`${blob.nextUpdate}T00:00:00Z`);
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class MetadataService {
  readonly #options: MetadataServiceOptions;
  readonly #clock: MetadataClock;
  #log: MetadataLog;
  #blob: MetadataBlob | undefined;
  #timer: unknown;
  #refreshAt: number | undefined;
  #refreshing: Promise<boolean> | undefined;
  #closed = false;

  constructor(options: MetadataServiceOptions) {
    this.#options = options;
    this.#clock = options.clock ?? nodeClock;
    this.#log = options.log ?? quiet;
  }

  /** The BLOB in use (the last good one). Throws before start() has succeeded. */
  current(): MetadataBlob {
    if (!this.#blob) throw new Error('the MDS BLOB is not loaded');
    return this.#blob;
  }

  /** When the next refresh is due (ms since the epoch), if one is scheduled. */
  get refreshAt(): number | undefined {
    return this.#refreshAt;
  }

  /** The refresh under way (started by the timer or a caller), if any. */
  get refreshing(): Promise<boolean> | undefined {
    return this.#refreshing;
  }

  /**
   * Loads the BLOB: from the file, or from the URL (then cached), else from the cache when the URL fails.
   * Rejects when no usable BLOB can be had: the server must not start without the trust data it was given.
   */
  async start(log?: MetadataLog): Promise<MetadataBlob> {
    if (log) this.#log = log;
    const { location, cacheFile } = this.#options;
    try {
      await this.#load('start');
    } catch (e) {
      if (!isUrl(location) || !cacheFile) throw new Error(this.#failure(e));
      const text = await readCachedBlob(cacheFile);
      if (text === undefined)
        throw new Error(`${this.#failure(e)}, and there is no cached copy at ${cacheFile}`);
      try {
        this.#accept(this.#parse(text), 'cache');
      } catch (cacheError) {
        throw new Error(`${this.#failure(e)}, and the cached copy is unusable: ${reason(cacheError)}`);
      }
      this.#log.error(
        { mds: describeLocation(location), err: reason(e), cache: cacheFile },
        'MDS BLOB could not be fetched at start: using the cached copy',
      );
    }
    this.#schedule();
    return this.current();
  }

  /**
   * One refresh: reads and verifies the BLOB again and uses it when it is newer (a higher `no`). On any failure
   * the last good BLOB stays in use and the failure is logged. Resolves to whether a newer BLOB was taken.
   */
  refresh(): Promise<boolean> {
    this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #refresh(): Promise<boolean> {
    let taken = false;
    try {
      taken = await this.#load('refresh');
    } catch (e) {
      this.#log.error(
        { mds: describeLocation(this.#options.location), err: reason(e), no: this.#blob?.no },
        'MDS BLOB refresh failed: keeping the last good BLOB',
      );
    }
    this.#schedule();
    return taken;
  }

  /** Stops refreshing. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#refreshAt = undefined;
  }

  #failure(e: unknown): string {
    return `the MDS BLOB ${describeLocation(this.#options.location)} could not be loaded: ${reason(e)}`;
  }

  #parse(text: string): MetadataBlob {
    return parseMetadataBlob({ blob: text, roots: this.#options.roots, now: new Date(this.#clock.now()) });
  }

  /** Reads, verifies and (if newer) takes the BLOB; caches a URL's. Throws on any failure. */
  async #load(when: 'start' | 'refresh'): Promise<boolean> {
    const { location, cacheFile, fetch } = this.#options;
    const text = await readBlobText(location, fetch);
    const blob = this.#parse(text);
    const current = this.#blob;
    // MDS3 §3.1.6: `no` increases with every BLOB; an older one is a rollback, the same one nothing new
    if (current && blob.no < current.no)
      throw new Error(`the BLOB served has no ${blob.no}, older than the one in use (${current.no})`);
    if (current && blob.no === current.no) {
      this.#log.info({ no: blob.no, nextUpdate: blob.nextUpdate }, 'MDS BLOB unchanged');
      return false;
    }
    if (isUrl(location) && cacheFile) await writeCachedBlob(cacheFile, text);
    this.#accept(blob, when === 'start' ? 'start' : 'refresh');
    return true;
  }

  #accept(blob: MetadataBlob, how: 'start' | 'refresh' | 'cache'): void {
    this.#blob = blob;
    this.#log.info(
      { mds: describeLocation(this.#options.location), no: blob.no, nextUpdate: blob.nextUpdate, how },
      `MDS BLOB loaded: ${blob.entries.length} entries`,
    );
  }

  /** The next refresh: at the nextUpdate day's start, or after retryMs when that has come already. */
  #schedule(): void {
    if (this.#closed) return;
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    const now = this.#clock.now();
    const due = this.#blob ? nextUpdateTime(this.#blob) : now;
    this.#refreshAt = due > now ? due : now + (this.#options.retryMs ?? DEFAULT_RETRY_MS);
    this.#arm();
  }

  #arm(): void {
    const at = this.#refreshAt!;
    this.#timer = this.#clock.setTimer(
      () => {
        this.#timer = undefined;
        if (this.#closed) return;
        // a long wait goes in steps of at most MAX_TIMER_MS
        if (this.#clock.now() < at) return this.#arm();
        void this.refresh();
      },
      Math.min(Math.max(at - this.#clock.now(), 0), MAX_TIMER_MS),
    );
  }
}
