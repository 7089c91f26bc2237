// A Prometheus histogram for the request path: an observation is a bucket search and three additions on a series
// bound once per label set. prom-client's labelled `observe` builds, checks and hashes the label set on every call
// (about 2 µs; a sign-in made six: 0.04 ms of its CPU, docs/benchmarks.md). It registers in prom-client's Registry
// and answers `get()` in the shape prom-client's own Histogram does (cumulative `_bucket` series with `le`, then
// `_sum` and `_count`), so the text exposition and the workers' AggregatorRegistry (which sums) treat it alike.
import type { Registry } from 'prom-client';

/** One sample as prom-client's metrics give them from `get()`. */
interface Sample {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
}

interface Series {
  labels: Record<string, string>;
  /** Observations per bucket (not cumulative); those above the last bound are count minus their sum. */
  buckets: Float64Array;
  sum: number;
  count: number;
}

export interface Observer {
  observe(value: number): void;
}

export class RequestHistogram {
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  readonly #series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly upperBounds: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** The series of these label values (in labelNames' order), bound: keep it and observe into it. */
  labels(...values: string[]): Observer {
    const key = values.join('\u0000');
    let series = this.#series.get(key);
    if (!series) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, i) => (labels[name] = values[i] ?? ''));
      series = { labels, buckets: new Float64Array(this.upperBounds.length), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    const bounds = this.upperBounds;
    const s = series;
    return {
      observe(value: number): void {
        let i = 0;
        while (i < bounds.length && value > bounds[i]!) i++;
        if (i < bounds.length) s.buckets[i]!++;
        s.sum += value;
        s.count++;
      },
    };
  }

  /** Observations so far in the series of these label values (0 when it has none). */
  count(...values: string[]): number {
    return this.#series.get(values.join('\u0000'))?.count ?? 0;
  }

  async get(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    values: Sample[];
    aggregator: 'sum';
  }> {
    const values: Sample[] = [];
    for (const { labels, buckets, sum, count } of this.#series.values()) {
      let cumulative = 0;
      this.upperBounds.forEach((le, i) => {
        cumulative += buckets[i]!;
        values.push({ labels: { le, ...labels }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { le: '+Inf', ...labels }, value: count, metricName: `${this.name}_bucket` });
      values.push({ labels, value: sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** Zeroes every series (bound observers keep counting into them). */
  reset(): void {
    for (const series of this.#series.values()) {
      series.buckets.fill(0);
      series.sum = 0;
      series.count = 0;
    }
  }
}
