#!/usr/bin/env node
// Draws the server CPU per ceremony of a saved `npm run bench:http` output as an SVG bar chart, one panel per
// ceremony, with the SimpleWebAuthn anchor marked across each panel.
// Usage: npm run bench:http | tee bench.txt; node bench/chart.mjs bench.txt docs/img/bench-http.svg
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node bench/chart.mjs BENCH_OUTPUT.txt CHART.svg');
  process.exit(2);
}
const ANCHOR = '@simplewebauthn/server on Fastify (memory)';
const CPU = 'server CPU ms/ceremony';

/** The rows of a table formatTable printed: cells cut where the dashes line has its gaps. */
function readTable(lines, at) {
  const header = lines[at + 1];
  const dashes = lines[at + 2];
  const columns = [...dashes.matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length]);
  // formatTable pads every cell to its column's width, so each one sits exactly under its dashes
  const cell = (line, [start, end]) => line.slice(start, end).trim();
  const names = columns.map((c) => cell(header, c));
  const rows = [];
  for (let i = at + 3; i < lines.length && lines[i].trim(); i++) {
    rows.push(Object.fromEntries(columns.map((c, j) => [names[j], cell(lines[i], c)])));
  }
  return { title: lines[at], rows };
}

const lines = readFileSync(input, 'utf8').split('\n');
const panels = [];
lines.forEach((line, i) => {
  if (/^(sign-in|registration) ceremonies, /.test(line)) panels.push(readTable(lines, i));
});
if (!panels.length) throw new Error(`${input}: no ceremony tables found`);

const WIDTH = 820;
const LABEL = 300;
const BAR = 400;
const ROW = 24;
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const colour = (name) =>
  name === ANCHOR
    ? '#9a9a9a'
    : name.startsWith('floor')
      ? '#c8c8c8'
      : name.includes('2 workers')
        ? '#7fa7d9'
        : '#2f6db5';
let y = 30;
const parts = [];
for (const { title, rows } of panels) {
  const cpus = rows.map((r) => Number(r[CPU]));
  const anchor = Number(rows.find((r) => r[''] === ANCHOR)?.[CPU]);
  const scale = BAR / Math.max(...cpus, anchor || 0);
  const ceremony = title.split(' ')[0];
  parts.push(
    `<text x="10" y="${y}" font-weight="bold">${ceremony[0].toUpperCase()}${ceremony.slice(1)} ceremony: server CPU ms per ceremony (lower is better; in brackets, against the anchor)</text>`,
  );
  y += 12;
  const top = y;
  rows.forEach((r, i) => {
    const cpu = cpus[i];
    // the ratio the bench printed (from unrounded figures), else none
    const ratio =
      r['CPU / SWA anchor'] && r['CPU / SWA anchor'] !== '-' ? ` (${r['CPU / SWA anchor']}x)` : '';
    parts.push(
      `<text x="${LABEL - 8}" y="${y + 16}" text-anchor="end">${escape(r[''])}</text>`,
      `<rect x="${LABEL}" y="${y + 4}" width="${(cpu * scale).toFixed(1)}" height="${ROW - 8}" fill="${colour(r[''])}"/>`,
      `<text x="${LABEL + cpu * scale + 6}" y="${y + 16}">${cpu.toFixed(2)}${ratio}</text>`,
    );
    y += ROW;
  });
  if (anchor) {
    const x = (LABEL + anchor * scale).toFixed(1);
    parts.push(
      `<line x1="${x}" y1="${top}" x2="${x}" y2="${y + 4}" stroke="#555" stroke-dasharray="4 3"/>`,
      `<text x="${x}" y="${y + 18}" text-anchor="middle" fill="#555">SimpleWebAuthn anchor = 1.00x</text>`,
    );
    y += 20;
  }
  y += 34;
}
const source = lines.find((l) => /^(sign-in|registration) ceremonies, /.test(l)) ?? '';
parts.push(`<text x="10" y="${y - 14}" fill="#555">${escape(source.split(', ').slice(1).join(', '))}</text>`);
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" font-family="sans-serif" font-size="13">
<rect width="100%" height="100%" fill="#fff"/>
${parts.join('\n')}
</svg>
`;
writeFileSync(output, svg);
console.log(`${output}: ${panels.length} panels`);
