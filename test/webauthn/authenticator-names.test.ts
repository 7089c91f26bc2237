// Authenticator names and icons: the vendored community AAGUID list (shape, look-ups), MDS statement names taking
// precedence, and the refresh script's normalisation (run on local files: there is no network in tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  authenticatorDisplay,
  communityAuthenticator,
  COMMUNITY_AAGUID_COUNT,
  parseMetadataBlob,
} from '../../packages/webauthn/src/index.js';
import { providerName } from '../../packages/server/src/relying-party/aaguids.js';
import { repoRoot } from '../helpers/vectors.js';
import { NOW, fido2Entry, mintBlobSigner, mintCa, payload, signBlob } from './mds-fixtures.js';

const GPM = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4';
const listFile = join(repoRoot, 'packages/webauthn/src/metadata/aaguids.json');

test('the vendored list: lower-case AAGUID keys, a name each, icons only as data URLs', () => {
  const list = JSON.parse(readFileSync(listFile, 'utf8')) as Record<string, Record<string, string>>;
  assert.ok(COMMUNITY_AAGUID_COUNT >= 100, `${COMMUNITY_AAGUID_COUNT} entries`);
  assert.equal(Object.keys(list).length, COMMUNITY_AAGUID_COUNT);
  for (const [aaguid, entry] of Object.entries(list)) {
    assert.match(aaguid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.ok(entry.name.length > 0, aaguid);
    for (const icon of [entry.icon_light, entry.icon_dark])
      if (icon !== undefined) assert.match(icon, /^data:image\/(svg\+xml|png);base64,/);
  }
});

test('community look-ups: any case, all-zero and unknown AAGUIDs have no name, the server uses the same list', () => {
  assert.equal(communityAuthenticator(GPM.toUpperCase())?.name, 'Google Password Manager');
  assert.equal(communityAuthenticator(GPM)?.source, 'community');
  assert.equal(communityAuthenticator('00000000-0000-0000-0000-000000000000'), undefined);
  assert.equal(communityAuthenticator('ffffffff-ffff-ffff-ffff-fffffffffffe'), undefined);
  assert.equal(communityAuthenticator('__proto__'), undefined);
  assert.equal(providerName(GPM), 'Google Password Manager');
  assert.equal(providerName('08987058-cadc-4b81-b6e1-30de50dcbe96'), 'Windows Hello');
});

test('the vendored icons: SVG data URLs from the community list, a light and a dark one for known providers', () => {
  const list = JSON.parse(readFileSync(listFile, 'utf8')) as Record<string, Record<string, string>>;
  const withIcons = Object.values(list).filter((entry) => entry.icon_light || entry.icon_dark);
  assert.ok(withIcons.length >= 40, `${withIcons.length} AAGUIDs with icons`);
  for (const entry of withIcons)
    for (const icon of [entry.icon_light, entry.icon_dark]) {
      assert.ok(icon, `${entry.name} has both icons`);
      const svg = Buffer.from(icon.slice(icon.indexOf(',') + 1), 'base64').toString('utf8');
      assert.match(svg, /<svg[\s>]/, `${entry.name}: the icon decodes to SVG`);
      assert.match(svg, /<\/svg>\s*$/, `${entry.name}: the SVG is whole`);
    }
  const onePassword = communityAuthenticator('BADA5566-A7AA-401F-BD96-45619A55120D')!;
  assert.equal(onePassword.name, '1Password');
  assert.match(onePassword.iconLight!, /^data:image\/svg\+xml;base64,/);
  assert.match(onePassword.iconDark!, /^data:image\/svg\+xml;base64,/);
  assert.equal(communityAuthenticator(GPM)!.iconLight, list[GPM]!.icon_light);
});

test("a loaded MDS BLOB's statement name takes precedence; its icon fills in where the list has none", () => {
  const root = mintCa('root');
  const HYPR = '0076631b-d4a0-427f-5773-0ec71c9e0279'; // named by the list, without icons
  assert.equal(communityAuthenticator(HYPR)?.iconLight, undefined);
  const metadata = parseMetadataBlob({
    blob: signBlob(
      payload([fido2Entry(mintCa('attestation root'), [], GPM), fido2Entry(mintCa('hypr root'), [], HYPR)]),
      mintBlobSigner(root, 'ES256'),
    ),
    roots: [root.der],
    now: NOW,
  });
  const shown = authenticatorDisplay(GPM, metadata)!;
  assert.equal(shown.name, 'credkit Test Security Key');
  assert.equal(shown.source, 'mds');
  // the community list's light and dark pair is preferred to the statement's single icon
  assert.equal(shown.iconLight, communityAuthenticator(GPM)!.iconLight);
  assert.equal(shown.iconDark, communityAuthenticator(GPM)!.iconDark);
  const hypr = authenticatorDisplay(HYPR, metadata)!;
  assert.equal(hypr.iconLight, 'data:image/png;base64,iVBORw0KGgo=');
  assert.equal(hypr.iconDark, 'data:image/png;base64,iVBORw0KGgo=');
  assert.equal(providerName(GPM, metadata), 'credkit Test Security Key');
  assert.equal(authenticatorDisplay('08987058-cadc-4b81-b6e1-30de50dcbe96', metadata)?.name, 'Windows Hello');
});

test('refresh script: normalises the upstream shape and name-only maps, refuses an empty (retired) list', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-aaguids-'));
  const run = promisify(execFile);
  const script = join(repoRoot, 'scripts/refresh-aaguids.mjs');
  try {
    const icon = 'data:image/svg+xml;base64,PHN2Zy8+';
    const upstream = join(dir, 'upstream.json');
    writeFileSync(
      upstream,
      JSON.stringify({
        'BADA5566-A7AA-401F-BD96-45619A55120D': {
          name: ' 1Password ',
          icon_light: icon,
          icon_dark: 'javascript:x',
        },
        '0076631b-d4a0-427f-5773-0ec71c9e0279': 'HYPR FIDO2 Authenticator',
      }),
    );
    const out = join(dir, 'out.json');
    await run(process.execPath, [script, '--from', upstream, '--out', out]);
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), {
      '0076631b-d4a0-427f-5773-0ec71c9e0279': { name: 'HYPR FIDO2 Authenticator' },
      'bada5566-a7aa-401f-bd96-45619a55120d': { name: '1Password', icon_light: icon },
    });
    // --merge keeps the current copy's other AAGUIDs and takes the list's entries (names and icons)
    writeFileSync(
      upstream,
      JSON.stringify({
        '0076631b-d4a0-427f-5773-0ec71c9e0279': { name: 'HYPR', icon_dark: icon },
        '9addb28c-b46f-4402-808f-019651441ff3': { name: 'KeePassPasskey' },
      }),
    );
    await run(process.execPath, [script, '--from', upstream, '--out', out, '--merge']);
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), {
      '0076631b-d4a0-427f-5773-0ec71c9e0279': { name: 'HYPR', icon_dark: icon },
      '9addb28c-b46f-4402-808f-019651441ff3': { name: 'KeePassPasskey' },
      'bada5566-a7aa-401f-bd96-45619a55120d': { name: '1Password', icon_light: icon },
    });
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '{}');
    await assert.rejects(run(process.execPath, [script, '--from', empty, '--out', out]), /empty/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
