// In Chromium: the account page shows each passkey's provider icon from the vendored community AAGUID list,
// the light one under prefers-color-scheme: light and the dark one under dark (a <picture> with a dark <source>),
// and no icon for an authenticator the list does not know. The passkeys are made by credkit's software
// authenticator with the providers' AAGUIDs (a virtual authenticator's AAGUID cannot be chosen) and registered
// through the page's own session.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SoftwareAuthenticator } from '../../packages/provider/src/index.js';
import { communityAuthenticator } from '../../packages/webauthn/src/index.js';
import {
  chromiumPath,
  ensureBrowserBuild,
  launchBrowser,
  startServer,
  type BrowserSession,
  type Harness,
} from './harness.js';
import * as ui from './pages.js';

const ONE_PASSWORD = 'bada5566-a7aa-401f-bd96-45619a55120d';

/** Registers a passkey made by `authenticator` through the signed-in page's session (its cookies). */
async function registerThroughPage(
  b: BrowserSession,
  origin: string,
  authenticator: SoftwareAuthenticator,
): Promise<void> {
  const post = (path: string, body: unknown) =>
    b.page.evaluate(
      async ([p, json]) => {
        const r = await fetch(p, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: json,
        });
        return { status: r.status, body: await r.json() };
      },
      [path, JSON.stringify(body)] as const,
    );
  const options = await post('/api/webauthn/registration/options', { kind: 'passkey' });
  assert.equal(options.status, 200, JSON.stringify(options.body));
  const { response } = authenticator.createCredential(options.body, { origin });
  const verified = await post('/api/webauthn/registration/verify', response);
  assert.equal(verified.status, 200, JSON.stringify(verified.body));
}

/** The icon the page shows for the passkey named `name`, once the browser has picked one. */
async function shownIcon(b: BrowserSession, name: string): Promise<{ hidden: boolean; src: string }> {
  const item = b.page.locator('#passkey-list li', {
    has: b.page.locator('.passkey-name', { hasText: name }),
  });
  const picture = item.locator('.provider-icon');
  const hidden = await picture.evaluate((el) => (el as HTMLElement).hidden);
  if (hidden) return { hidden, src: '' };
  await picture.locator('img').evaluate((img) => (img as HTMLImageElement).decode());
  const src = await picture.locator('img').evaluate((img) => (img as HTMLImageElement).currentSrc);
  return { hidden, src };
}

export function iconsSuite(): void {
  describe('Chromium: the account page shows the provider icon, light or dark by prefers-color-scheme', () => {
    let h: Harness | undefined;
    let b: BrowserSession | undefined;

    before(async () => {
      chromiumPath();
      ensureBrowserBuild();
      b = await launchBrowser();
      h = await startServer();
    });
    after(async () => {
      await b?.close();
      await h?.close();
    });

    test('a listed provider shows its light icon, then its dark icon; an unlisted one shows none', async () => {
      const { page } = b!;
      const listed = communityAuthenticator(ONE_PASSWORD)!;
      assert.ok(listed.iconLight && listed.iconDark && listed.iconLight !== listed.iconDark);
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(`${h!.origin}/`);
      await ui.atSignIn(page);
      await ui.signUp(page, 'iris', 'correct horse battery staple');
      await registerThroughPage(
        b!,
        h!.origin,
        new SoftwareAuthenticator({ aaguid: Buffer.from(ONE_PASSWORD.replace(/-/g, ''), 'hex') }),
      );
      await registerThroughPage(b!, h!.origin, new SoftwareAuthenticator()); // the all-zero AAGUID: unlisted

      const api = await page.evaluate(() => fetch('/api/passkeys').then((r) => r.json()));
      const [first, second] = api.passkeys;
      assert.equal(first.providerName, '1Password');
      assert.equal(first.icon_light, listed.iconLight);
      assert.equal(first.icon_dark, listed.iconDark);
      assert.equal(second.icon_light, undefined);
      // distinct names so each row can be found
      await page.evaluate(
        async ([a, z]) => {
          for (const [id, name] of [
            [a, 'From 1Password'],
            [z, 'From elsewhere'],
          ])
            await fetch(`/api/passkeys/${id}`, {
              method: 'PATCH',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ name }),
            });
        },
        [first.id, second.id] as const,
      );

      await page.reload();
      await ui.atAccount(page);
      await ui.waitForPasskeyCount(page, 2);
      assert.deepEqual(await shownIcon(b!, 'From 1Password'), { hidden: false, src: listed.iconLight });
      assert.deepEqual(await shownIcon(b!, 'From elsewhere'), { hidden: true, src: '' });
      assert.equal(
        await page.locator('#passkey-list li .provider').first().textContent(),
        '1Password',
        'the provider name beside the icon',
      );

      await page.emulateMedia({ colorScheme: 'dark' });
      await page.reload();
      await ui.atAccount(page);
      await ui.waitForPasskeyCount(page, 2);
      assert.deepEqual(await shownIcon(b!, 'From 1Password'), { hidden: false, src: listed.iconDark });
      assert.deepEqual(await shownIcon(b!, 'From elsewhere'), { hidden: true, src: '' });
    });
  });
}
