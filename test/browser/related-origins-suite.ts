// In Chromium: related origins (WebAuthn L3 §5.11). The RP ID is rp.example.com; the demo is used from
// https://shop.example.net, which credkit's RELATED_ORIGINS lists in /.well-known/webauthn. Chromium fetches that
// document from https://rp.example.com itself before it lets the shop page create or use a passkey for
// rp.example.com, and refuses a third origin the document does not list. The host names are mapped by Chromium's
// --host-resolver-rules to a local HTTPS front (a test certificate, trusted by its key hash only) that forwards
// to the in-process credkit server: no network, no system trust store. credkit keeps related origins out of the
// Origin check of its own API (docs/api.md: a related origin is another site, with its own backend), so for the
// shop the front plays that backend: it forwards the shop's requests server to server, without the browser's
// Origin and Sec-Fetch-* headers. What credkit must do for the shop is serve the list and accept the shop's
// origin in clientDataJSON.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { GeneralName, id_ce_subjectAltName, SubjectAlternativeName } from '@peculiar/asn1-x509';
import { certificateToPem } from '../../packages/webauthn/src/index.js';
import { extension, mintCertificate } from '../webauthn/attestation-certs.js';
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

const RP = 'rp.example.com';
const SHOP = 'shop.example.net';
const OTHER = 'other.example.org';

/** A TLS certificate for the three host names, and the base64 SHA-256 of its key (Chromium's SPKI list). */
function testCertificate(): { key: string; cert: string; spkiHash: string } {
  const minted = mintCertificate({
    subject: [['2.5.4.3', 'credkit browser test TLS']],
    extensions: [
      extension(
        id_ce_subjectAltName,
        new SubjectAlternativeName([RP, SHOP, OTHER].map((dNSName) => new GeneralName({ dNSName }))),
      ),
    ],
  });
  const spki = minted.publicKey.export({ type: 'spki', format: 'der' });
  return {
    key: minted.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: certificateToPem(minted.der),
    spkiHash: createHash('sha256').update(spki).digest('base64'),
  };
}

/**
 * An HTTPS front on 127.0.0.1 forwarding every request, Host header included, to the credkit server; the shop's
 * requests as its own backend would make them (no Origin, no Sec-Fetch-*).
 */
async function httpsFront(
  tls: { key: string; cert: string },
  upstreamPort: number,
  seen: string[],
): Promise<{ port: number; server: Server }> {
  const server = createHttpsServer(tls, (req, res) => {
    seen.push(`${req.headers.host ?? ''} ${req.method ?? ''} ${req.url ?? ''}`);
    const headers: IncomingHttpHeaders = { ...req.headers };
    if (req.headers.host === SHOP)
      for (const name of Object.keys(headers))
        if (name === 'origin' || name.startsWith('sec-fetch-')) delete headers[name];
    const upstream = request(
      {
        host: '127.0.0.1',
        port: upstreamPort,
        method: req.method,
        path: req.url,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (e) => res.writeHead(502).end(String(e)));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

export function relatedOriginsSuite(): void {
  describe('Chromium: a related origin (RELATED_ORIGINS, /.well-known/webauthn) uses the RP ID’s passkeys', () => {
    let h: Harness | undefined;
    let b: BrowserSession | undefined;
    let va: VirtualAuthenticator;
    let front: Server | undefined;
    const seen: string[] = [];

    before(async () => {
      chromiumPath();
      ensureBrowserBuild();
      h = await startServer({
        rpId: RP,
        origins: [`https://${RP}`],
        relatedOrigins: [`https://${SHOP}`],
      });
      const tls = testCertificate();
      const started = await httpsFront(tls, Number(new URL(h.origin).port), seen);
      front = started.server;
      const map = [RP, SHOP, OTHER].map((host) => `MAP ${host}:443 127.0.0.1:${started.port}`).join(', ');
      b = await launchBrowser([
        `--host-resolver-rules=${map}, EXCLUDE localhost`,
        `--ignore-certificate-errors-spki-list=${tls.spkiHash}`,
      ]);
      va = await addVirtualAuthenticator(b, { transport: 'internal', hasResidentKey: true });
    });
    after(async () => {
      await b?.close();
      await new Promise((resolve) => front?.close(resolve) ?? resolve(undefined));
      await h?.close();
    });

    test('on the related origin: sign up, add a passkey for the RP ID (Chromium reads the RP’s list), sign in', async () => {
      const { page } = b!;
      await page.goto(`https://${SHOP}/`);
      await ui.atSignIn(page);
      await ui.signUp(page, 'rosa', 'correct horse battery staple');
      await page.click('#add-passkey');
      await ui.waitForPasskeyCount(page, 1);
      assert.match(await ui.message(page), /added/);
      // Chromium asked the RP ID's own origin for its list before creating the passkey
      assert.ok(seen.includes(`${RP} GET /.well-known/webauthn`), seen.join('\n'));
      const [credential] = await va.credentials();
      assert.equal((credential as { rpId?: string }).rpId, RP);

      // the button path (autofill hidden on this origin): navigator.credentials.get for the RP ID from the shop
      await b!.setAutofillAvailable(false);
      await ui.signOut(page);
      await ui.atSignIn(page);
      await page.focus('#signin-passkey');
      await page.keyboard.press('Enter');
      await ui.atAccount(page);
      assert.match(await ui.message(page), /Signed in with a passkey as rosa/);
    });

    test('the same passkey signs in at the RP ID’s own origin (autofill)', async () => {
      const { page } = b!;
      // autofill: the virtual authenticator answers the page's conditional request as soon as it is made
      await page.goto(`https://${RP}/`);
      await ui.atAccount(page);
      assert.match(await ui.message(page), /Signed in with a passkey from autofill as rosa/);
      const listed = await page.evaluate(() => fetch('/api/passkeys').then((r) => r.json()));
      assert.equal(listed.passkeys.length, 1);
    });

    test('an origin the list does not name: Chromium refuses to use the RP ID', async () => {
      const { page } = b!;
      await page.goto(`https://${OTHER}/`);
      const fetchesBefore = seen.filter((s) => s === `${RP} GET /.well-known/webauthn`).length;
      const outcome = await page.evaluate(async (rpId) => {
        try {
          await navigator.credentials.get({
            publicKey: { rpId, challenge: new Uint8Array(32), userVerification: 'required' },
          });
          return 'allowed';
        } catch (e) {
          return (e as Error).name;
        }
      }, RP);
      assert.equal(outcome, 'SecurityError');
      const fetchesAfter = seen.filter((s) => s === `${RP} GET /.well-known/webauthn`).length;
      assert.ok(fetchesAfter > fetchesBefore, 'Chromium read the list before refusing');
    });
  });
}
