// In Chromium, against a server with a FIDO MDS BLOB and ATTESTATION_POLICY certification=FIDO_CERTIFIED_L1:
// "Add a security key" sends hints ["security-key"], the options reach navigator.credentials.create with those
// hints and attestation "direct", the DevTools virtual security key's packed attestation is judged against the
// BLOB, and the page shows the certified name; a sign-in's hints reach navigator.credentials.get.
// The virtual key's attestation certificate is Chromium's own: a first create (against a plain server) reads it,
// and the generated BLOB names it as the statement's root.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  aaguidToString,
  certificateToPem,
  decodeAttestationObject,
  parseAuthenticatorData,
} from '../../packages/webauthn/src/index.js';
import {
  fido2Entry,
  mintBlobSigner,
  mintCa,
  payload,
  signBlob,
  type Minted,
} from '../webauthn/mds-fixtures.js';
import {
  addVirtualAuthenticator,
  chromiumPath,
  ensureBrowserBuild,
  launchBrowser,
  startServer,
  type BrowserSession,
  type Harness,
  type VirtualAuthenticator,
} from './harness.js';
import * as ui from './pages.js';

const KEY_NAME = 'Chromium Virtual Security Key (test statement)';

/** Chromium's virtual key attests once, directly: its AAGUID and x5c, read from the attestation object. */
async function probeAttestation(
  b: BrowserSession,
  origin: string,
): Promise<{ aaguid: string; x5c: Uint8Array[] }> {
  await b.page.goto(`${origin}/`);
  const attestationObject = await b.page.evaluate(async () => {
    const credential = (await navigator.credentials.create({
      publicKey: {
        rp: { id: 'localhost', name: 'probe' },
        user: { id: new Uint8Array(16), name: 'probe', displayName: 'probe' },
        challenge: new Uint8Array(32),
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        attestation: 'direct',
        authenticatorSelection: { residentKey: 'discouraged', userVerification: 'discouraged' },
      },
    })) as PublicKeyCredential;
    const bytes = new Uint8Array((credential.response as AuthenticatorAttestationResponse).attestationObject);
    return Array.from(bytes);
  });
  const decoded = decodeAttestationObject(new Uint8Array(attestationObject));
  assert.equal(decoded.fmt, 'packed', 'the virtual key attests with packed');
  const x5c = decoded.attStmt.get('x5c') as Uint8Array[] | undefined;
  assert.ok(x5c && x5c.length > 0, 'the virtual key attests with a certificate chain');
  const data = parseAuthenticatorData(decoded.authData).attestedCredentialData!;
  return { aaguid: aaguidToString(data.aaguid), x5c: x5c.map((c) => new Uint8Array(c)) };
}

export function attestationSuite(): void {
  describe('Chromium: "Add a security key" with hints and a certification policy (FIDO MDS)', () => {
    let h: Harness | undefined;
    let b: BrowserSession | undefined;
    let va: VirtualAuthenticator;
    const dir = mkdtempSync(join(tmpdir(), 'credkit-browser-mds-'));

    before(async () => {
      chromiumPath();
      ensureBrowserBuild();
      b = await launchBrowser();
      va = await addVirtualAuthenticator(b, { transport: 'usb', hasResidentKey: true });
      const probe = await startServer();
      let virtualKey: { aaguid: string; x5c: Uint8Array[] };
      try {
        virtualKey = await probeAttestation(b, probe.origin);
      } finally {
        await probe.close();
      }
      for (const c of await va.credentials()) await va.removeCredential(c.credentialId);
      // the BLOB: signed under a generated root; the virtual key's statement roots at its own chain's last cert
      const root = mintCa('credkit browser MDS root');
      const signer = mintBlobSigner(root, 'ES256');
      const entry = fido2Entry(
        { der: virtualKey.x5c.at(-1)! } as Minted,
        [{ status: 'FIDO_CERTIFIED_L1', effectiveDate: '2020-01-01' }],
        virtualKey.aaguid,
      );
      (entry.metadataStatement as { description: string }).description = KEY_NAME;
      const blob = join(dir, 'mds.jwt');
      writeFileSync(blob, signBlob(payload([entry]), signer));
      const pem = join(dir, 'root.pem');
      writeFileSync(pem, certificateToPem(root.der));
      h = await startServer({
        mdsBlob: blob,
        mdsRootCert: pem,
        attestationPolicy: { requireAttestation: true, minimumCertificationLevel: 'FIDO_CERTIFIED_L1' },
      });
    });
    after(async () => {
      await b?.close();
      await h?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('the button sends hints, create gets hints and attestation "direct", the page shows the certified name', async () => {
      const { page } = b!;
      await page.goto(`${h!.origin}/`);
      await ui.atSignIn(page);
      await ui.signUp(page, 'erin', 'correct horse battery staple');
      const before = b!.ceremonyOptions.length;
      await page.click('#add-security-key');
      const message = await ui.messageMatching(page, /added|Error|error/);
      assert.match(
        message,
        new RegExp(`added\\. Certified: ${KEY_NAME.replace(/[()]/g, '\\$&')}, FIDO Certified L1`),
      );
      assert.deepEqual(b!.ceremonyOptions.slice(before), [
        { op: 'create', hints: ['security-key'], attestation: 'direct' },
      ]);
      await ui.waitForPasskeyCount(page, 1);
      const item = page.locator('#passkey-list li');
      assert.equal(await item.locator('.certification').isVisible(), true);
      assert.equal(await item.locator('.certified').textContent(), `${KEY_NAME}, FIDO Certified L1`);
      assert.equal(await item.locator('.passkey-name').textContent(), KEY_NAME);
      const listed = await page.evaluate(() => fetch('/api/passkeys').then((r) => r.json()));
      assert.equal(listed.passkeys[0].authenticatorName, KEY_NAME);
      assert.equal(listed.passkeys[0].certificationLevel, 'FIDO_CERTIFIED_L1');
      assert.equal(listed.passkeys[0].attestationFormat, 'packed');
    });

    test('a sign-in asking hints ["security-key"]: the hints reach navigator.credentials.get', async () => {
      const { page } = b!;
      const before = b!.ceremonyOptions.length;
      const result = await page.evaluate(async () => {
        const { CredkitClient } = await import('/lib/index.js' as string);
        const client = new CredkitClient();
        return client.signInWithPasskey({ username: 'erin', hints: ['security-key'] });
      });
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.deepEqual(b!.ceremonyOptions.slice(before), [
        { op: 'get', hints: ['security-key'], attestation: null },
      ]);
    });
  });
}
