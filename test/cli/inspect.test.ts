// `credkit inspect`: decodes the W3C and peer vectors; malformed input is a one-line error with exit 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from 'cborg';
import { loadVectors, vectorsDir } from '../helpers/vectors.js';
import { inspectResponse } from '../../packages/credkit/src/inspect-model.js';
import { formatInspection } from '../../packages/credkit/src/inspect-human.js';
import { hasStackTrace, runCli } from './run-cli.js';

const w3c = loadVectors('w3c-webauthn-l3.json');
const peer = loadVectors('peer-fixtures.json');
const byName = (name: string) => [...w3c, ...peer].find((c) => c.name === name)!;
const b64 = (s: string) => Buffer.from(s, 'base64url');

test('every vector decodes without throwing; problems only on cases expected to fail', () => {
  for (const c of [...w3c, ...peer]) {
    const r = inspectResponse(c);
    assert.equal(r.ceremony, c.ceremony, c.name);
    assert.equal(typeof formatInspection(r), 'string');
    if (c.expected.verified) assert.deepEqual(r.problems, [], c.name);
  }
});

test('registration: client data, flags, AAGUID, credential id and COSE key match the W3C vector', () => {
  const c = byName('none.ES256 registration');
  const r = inspectResponse(c.response);
  assert.equal(r.clientData?.type, 'webauthn.create');
  assert.equal(r.clientData?.challenge, c.challenge);
  assert.equal(r.clientData?.origin, c.origin);
  assert.equal(r.clientData?.crossOrigin, false);
  assert.ok(
    typeof r.clientData?.extra.extraData === 'string',
    'the unknown extraData member is shown as extra',
  );
  const ad = r.authenticatorData!;
  assert.equal(ad.rpIdHash, createHash('sha256').update('example.org').digest('hex'));
  assert.deepEqual(
    { up: ad.flags.UP, uv: ad.flags.UV, be: ad.flags.BE, bs: ad.flags.BS, at: ad.flags.AT, ed: ad.flags.ED },
    { ...(c.expected.flags as object), at: true, ed: false },
  );
  assert.equal(ad.signCount, c.expected.counter);
  assert.equal(ad.attestedCredentialData?.aaguid, c.expected.aaguid);
  assert.equal(ad.attestedCredentialData?.credentialId, c.expected.credentialId);
  const key = decode(b64(c.expected.credentialPublicKey as string), { useMaps: true }) as Map<
    number,
    Uint8Array
  >;
  const cose = ad.attestedCredentialData!.credentialPublicKey;
  assert.equal(cose.algName, 'ES256');
  assert.equal(cose.ktyName, 'EC2');
  assert.equal(cose.crvName, 'P-256');
  assert.equal(cose.x, Buffer.from(key.get(-2)!).toString('hex'));
  assert.equal(cose.y, Buffer.from(key.get(-3)!).toString('hex'));
  assert.equal(r.attestation?.fmt, 'none');
  assert.deepEqual(r.attestation?.x5c, []);
});

test('packed attestation: alg, signature length and each x5c certificate with its SHA-256 fingerprint', () => {
  const c = byName('packed.ES256 registration');
  const r = inspectResponse(c.response);
  const attObj = decode(b64(c.response.response.attestationObject), { useMaps: true }) as Map<string, any>;
  const stmt = attObj.get('attStmt') as Map<string, any>;
  assert.equal(r.attestation?.fmt, 'packed');
  assert.equal(r.attestation?.alg, -7);
  assert.equal(r.attestation?.algName, 'ES256');
  assert.equal(r.attestation?.sigLength, stmt.get('sig').length);
  const x5c = stmt.get('x5c') as Uint8Array[];
  assert.equal(r.attestation?.x5c.length, x5c.length);
  const fingerprint = createHash('sha256').update(x5c[0]).digest('hex').toUpperCase().match(/../g)!.join(':');
  const cert = r.attestation!.x5c[0];
  assert.equal(cert.sha256, fingerprint);
  assert.equal(cert.error, undefined);
  assert.ok(cert.subject.length > 0 && cert.issuer.length > 0);
  assert.ok(Date.parse(cert.notBefore) < Date.parse(cert.notAfter));
  assert.match(cert.serialNumber, /^[0-9A-F]+$/);
});

test('android-safetynet: the JWS payload and the certificates of its header', () => {
  const c = byName('duo-labs/py_webauthn: test_verify_attestation_android_safetynet (registration)');
  const r = inspectResponse(c.response);
  const attObj = decode(b64(c.response.response.attestationObject), { useMaps: true }) as Map<string, any>;
  const [header, payload] = Buffer.from(attObj.get('attStmt').get('response'))
    .toString()
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(b64(part).toString()));
  assert.deepEqual(r.attestation?.safetyNet, { alg: header.alg, payload });
  assert.equal(r.attestation?.x5c.length, header.x5c.length);
  const leaf = createHash('sha256').update(Buffer.from(header.x5c[0], 'base64')).digest('hex');
  assert.equal(r.attestation?.x5c[0].sha256.replaceAll(':', '').toLowerCase(), leaf);
  const text = formatInspection(r);
  assert.match(text, /JWS ctsProfileMatch\s+true/);
  assert.match(text, /x5c\s+3 certificate\(s\) in the JWS header/);
  const broken = structuredClone(c.response);
  attObj.get('attStmt').set('response', Buffer.from('not a JWS'));
  broken.response.attestationObject = Buffer.from(encode(attObj)).toString('base64url');
  assert.match(formatInspection(inspectResponse(broken)), /JWS\s+does not decode: attestation_invalid/);
});

test('authentication: signature length, flags without AT, topOrigin shown', () => {
  const c = byName('none.ES256.topOrigin authentication');
  const r = inspectResponse(c.response);
  assert.equal(r.ceremony, 'authentication');
  assert.equal(r.signatureLength, b64(c.response.response.signature).length);
  assert.equal(r.authenticatorData?.flags.AT, false);
  assert.equal(r.authenticatorData?.attestedCredentialData, undefined);
  assert.equal(r.clientData?.crossOrigin, true);
  assert.equal(r.clientData?.topOrigin, 'https://example.com');
});

test('authenticator and client extension outputs are both shown', () => {
  const reg = inspectResponse(
    byName(
      'Yubico/java-webauthn-server: RealExamples.YubikeyBio_5_5_6 via RelyingPartyCeremoniesSpec "can register and then authenticate a YubiKey Bio." (registration)',
    ),
  );
  assert.equal(reg.authenticatorData?.flags.ED, true);
  assert.deepEqual(reg.authenticatorData?.extensions, { credProtect: 2 });
  const android = inspectResponse(
    byName('duo-labs/py_webauthn: test_verify_attestation_android_key_hardware_authority (registration)'),
  );
  assert.deepEqual(android.clientExtensionResults, { credProps: { rk: false } });
  assert.match(formatInspection(reg), /authenticator\s+\{"credProtect":2\}/);
});

test("known AAGUIDs are named with the server's provider table", async () => {
  const c = byName('duo-labs/py_webauthn: test_verify_tpm_with_ecc_public_area_type (registration)');
  const r = await runCli(['inspect', '--json', '-'], JSON.stringify(c));
  const acd = JSON.parse(r.stdout).authenticatorData.attestedCredentialData;
  assert.equal(acd.aaguid, '08987058-cadc-4b81-b6e1-30de50dcbe96');
  assert.equal(acd.providerName, 'Windows Hello');
  assert.equal(
    inspectResponse(c).authenticatorData?.attestedCredentialData?.providerName,
    undefined,
    'no table, no name',
  );
});

test('strict-parser problems are listed while the rest is still decoded', () => {
  const r = inspectResponse(
    byName('kanidm/webauthn-rs: test_solokey_v2_a_sealed_attestation (registration)'),
  );
  assert.match(r.problems.join('\n'), /leftover bytes/);
  assert.ok(r.clientData?.type, 'client data still shown');
  assert.ok(r.authenticatorData?.rpIdHash, 'authenticator data header still shown');
});

test('CLI: human output with every flag by name, --json, a vector file and stdin', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-inspect-'));
  try {
    const c = byName('packed-self.ES256 registration');
    const file = join(dir, 'case.json');
    writeFileSync(file, JSON.stringify(c));
    const human = await runCli(['inspect', file]);
    assert.equal(human.code, 0, human.stderr);
    for (const flag of ['UP', 'UV', 'BE', 'BS', 'AT', 'ED'])
      assert.match(human.stdout, new RegExp(`\\n\\s+${flag}\\s+(set|clear)\\s`));
    assert.match(human.stdout, /alg\s+ES256 \(-7\)/);
    const json = await runCli(['inspect', '--json', '-'], JSON.stringify(c.response));
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout);
    assert.equal(parsed.attestation.fmt, 'packed');
    assert.equal(parsed.authenticatorData.attestedCredentialData.credentialId, c.response.id);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI: malformed input exits 1 with one clear line, never a stack trace', async () => {
  const broken = structuredClone(byName('none.ES256 registration').response);
  broken.response.attestationObject = broken.response.attestationObject.slice(0, 40);
  const [notJson, notResponse, truncated, missing, usage] = await Promise.all([
    runCli(['inspect', '-'], '{not json'),
    runCli(['inspect', '-'], '[1,2]'),
    runCli(['inspect', '-'], JSON.stringify(broken)),
    runCli(['inspect', join(vectorsDir, 'no-such-file.json')]),
    runCli(['inspect']),
  ]);
  assert.equal(notJson.code, 1);
  assert.match(notJson.stderr, /^credkit inspect: standard input is not JSON/);
  assert.equal(notResponse.code, 1);
  assert.match(notResponse.stderr, /not a JSON object/);
  assert.equal(truncated.code, 1);
  assert.match(truncated.stderr, /malformed_input/);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read .*ENOENT/);
  for (const r of [notJson, notResponse, truncated, missing])
    assert.ok(!hasStackTrace(r.stderr + r.stdout), r.stderr);
  assert.equal(usage.code, 2);
});
