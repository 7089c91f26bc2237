// The demo pages in Chromium playing older browsers: without the WebAuthn JSON helpers (parse*FromJSON, toJSON)
// the client encodes by hand and the server accepts what a real authenticator made; without WebAuthn at all the
// pages say so and password sign-in still works.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { withChromium } from './harness.js';
import type { BrowserSession, Harness } from './harness.js';
import { JSON_HELPER_LOG } from './instrumentation.js';
import * as ui from './pages.js';

const PASSWORD = 'correct horse battery staple';

/** The JSON helpers the pages called since the last call (the log is then cleared). */
function takeHelperLog(page: Page): Promise<string[]> {
  return page.evaluate((key) => {
    const log = JSON.parse(sessionStorage.getItem(key) ?? '[]') as string[];
    sessionStorage.removeItem(key);
    return log;
  }, JSON_HELPER_LOG);
}

async function usernameFirst(page: Page, username: string): Promise<void> {
  await page.fill('#signin-username', username);
  await page.click('#signin-username-first');
  await ui.atAccount(page);
  assert.match(await ui.message(page), new RegExp(`Signed in with a passkey as ${username}`));
}

export function olderBrowsersSuite(): void {
  describe('Chromium: older browsers (no JSON helpers, no WebAuthn)', () => {
    let h: Harness;
    let b: BrowserSession;

    withChromium(
      { transport: 'internal', hasResidentKey: true },
      (server, browser) => ([h, b] = [server, browser]),
    );

    test("with the browser's JSON helpers: the client uses them", async () => {
      const { page } = b;
      await page.goto(`${h.origin}/`);
      await b.setAutofillAvailable(false);
      await page.reload();
      await ui.atSignIn(page);
      await takeHelperLog(page); // the first load's autofill request, before autofill was hidden
      await ui.signUp(page, 'lee', PASSWORD);
      await page.click('#add-passkey');
      await ui.waitForPasskeyCount(page, 1);
      assert.deepEqual(await takeHelperLog(page), ['parseCreationOptionsFromJSON', 'toJSON']);
      await ui.signOut(page);
      await ui.atSignIn(page);
      await usernameFirst(page, 'lee');
      assert.deepEqual(await takeHelperLog(page), ['parseRequestOptionsFromJSON', 'toJSON']);
    });

    test('without them: options decoded and credentials encoded by hand, and the server accepts both', async () => {
      const { page } = b;
      await b.hide('jsonHelpers', true);
      await ui.signOut(page);
      await ui.atSignIn(page);
      assert.deepEqual(
        await page.evaluate(() => [
          typeof PublicKeyCredential.parseCreationOptionsFromJSON,
          typeof PublicKeyCredential.parseRequestOptionsFromJSON,
          typeof (PublicKeyCredential.prototype as { toJSON?: unknown }).toJSON,
        ]),
        ['undefined', 'undefined', 'undefined'],
      );
      // Sign-in with lee's passkey (allowCredentials decoded by hand), then a new account's registration.
      await usernameFirst(page, 'lee');
      await ui.signOut(page);
      await ui.atSignIn(page);
      await ui.signUp(page, 'max', PASSWORD);
      await page.click('#add-passkey');
      await ui.waitForPasskeyCount(page, 1);
      assert.match(await ui.message(page), /added/);
      await ui.signOut(page);
      await ui.atSignIn(page);
      await usernameFirst(page, 'max');
      assert.deepEqual(await takeHelperLog(page), []);
      await b.hide('jsonHelpers', false);
    });

    test('without WebAuthn: the pages say so, passkey buttons answer clearly, the password still works', async () => {
      const { page } = b;
      await b.hide('webauthn', true);
      await ui.signOut(page);
      await ui.atSignIn(page);
      const ceremoniesBefore = b.ceremonyCalls.length;
      assert.match((await page.textContent('#capabilities')) ?? '', /passkeys no, autofill no/);
      assert.match((await page.textContent('#autofill-hint')) ?? '', /not available/);
      await page.click('#signin-passkey');
      assert.match(
        await ui.messageMatching(page, /webauthn_unavailable/),
        /does not support passkeys\. Sign in with your password/,
      );
      await page.fill('#signin-username', 'max');
      await page.fill('#signin-password', PASSWORD);
      await page.click('#signin-password-button');
      await ui.atAccount(page);
      assert.match(await ui.message(page), /Signed in as max/);
      await page.click('#add-passkey');
      assert.match(await ui.messageMatching(page, /webauthn_unavailable/), /does not support passkeys/);
      assert.equal(b.ceremonyCalls.length, ceremoniesBefore, 'no WebAuthn call was attempted');
      await ui.waitForPasskeyCount(page, 1);
      await b.hide('webauthn', false);
    });
  });
}
