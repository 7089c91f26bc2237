// Plain-text tables for the benchmark output (also pasted into docs/benchmarks.md).
const DEFAULT_COLUMNS = { credkit: 'credkit ops/s', swa: 'SimpleWebAuthn ops/s', raw: 'raw verify ops/s' };
const DEFAULT_RATIOS = {
  'credkit/raw': (r) => (r.raw ? r.credkit / r.raw : undefined),
  'credkit/SWA': (r) => (r.swa ? r.credkit / r.swa : undefined),
};

const num = (v) =>
  typeof v === 'string'
    ? v
    : v === undefined || Number.isNaN(v)
      ? '-'
      : v >= 100
        ? Math.round(v).toLocaleString('en-US')
        : v.toFixed(2);

/** rows: [{ what, ...numbers }]; columns: key -> header; ratios: header -> (row) => number. */
export function formatTable(
  rows,
  columns = DEFAULT_COLUMNS,
  ratios = columns === DEFAULT_COLUMNS ? DEFAULT_RATIOS : {},
) {
  const headers = ['', ...Object.values(columns), ...Object.keys(ratios)];
  const body = rows.map((r) => [
    r.what,
    ...Object.keys(columns).map((k) => num(r[k])),
    ...Object.values(ratios).map((f) => {
      const v = f(r);
      return v === undefined ? '-' : v >= 10 ? v.toFixed(1) : v.toFixed(2);
    }),
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
