// The demo pages by keyboard alone, in Chromium: the tab order of the sign-in page with a visible focus ring on
// every stop, buttons activated with Space and Enter, labels and accessible names for every control, errors in
// the live region, and no sideways scrolling on a phone-sized screen.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { withChromium } from './harness.js';
import type { BrowserSession, Harness } from './harness.js';
import * as ui from './pages.js';

/** The focused element: its id (or class for the skip link) and whether a focus ring is drawn. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const style = el ? getComputedStyle(el) : null;
    return {
      id: el?.id || el?.className || '',
      ring: !!style && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
  });
}

/** Presses Tab until the element with `id` has focus (at most `limit` presses). */
async function tabTo(page: Page, id: string, limit = 25): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if ((await focused(page)).id === id) return;
  }
  assert.fail(`Tab never reached #${id}`);
}

/** Controls without a label or an accessible name: [] when every one has them. */
function unlabelled(page: Page) {
  return page.evaluate(() => {
    const missing: string[] = [];
    for (const input of document.querySelectorAll('input, select, textarea')) {
      const labels = [...((input as HTMLInputElement).labels ?? [])];
      if (!labels.some((l) => l.textContent?.trim())) missing.push(`input ${input.id || input.outerHTML}`);
    }
    for (const button of document.querySelectorAll('button, a[href]')) {
      if (!(button.getAttribute('aria-label') ?? button.textContent)?.trim())
        missing.push(`control ${button.outerHTML}`);
    }
    return missing;
  });
}

const noSidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

export function accessibilitySuite(): void {
  describe('Chromium: keyboard and accessibility of the demo pages', () => {
    let h: Harness;
    let b: BrowserSession;

    withChromium(
      { transport: 'internal', hasResidentKey: true },
      (server, browser) => ([h, b] = [server, browser]),
    );

    test('sign-in page: tab order, a focus ring on every stop, labels, Space on a button', async () => {
      const { page } = b;
      await page.goto(`${h.origin}/`);
      await b.setAutofillAvailable(false); // keep the page still: no autofill sign-in while tabbing
      await page.reload();
      await ui.atSignIn(page);
      assert.deepEqual(await unlabelled(page), []);

      const order: string[] = [];
      for (let i = 0; i < 11; i++) {
        await page.keyboard.press('Tab');
        const { id, ring } = await focused(page);
        assert.ok(ring, `no visible focus ring on ${id}`);
        order.push(id);
      }
      assert.deepEqual(order, [
        'skip',
        'signin-passkey',
        'signin-username',
        'signin-password',
        'signin-password-button',
        'signin-username-first',
        'signup-username',
        'signup-display-name',
        'signup-password',
        'signup-button',
        'signal-log-clear',
      ]);

      // Space on "Use a passkey for this username" with no username: an announced error, focus on the field.
      await page.focus('#signin-password-button');
      await page.keyboard.press('Tab');
      assert.equal((await focused(page)).id, 'signin-username-first');
      await page.keyboard.press(' ');
      assert.match(await ui.message(page), /Enter your username first/);
      assert.equal(await page.getAttribute('#message', 'role'), 'alert');
      assert.equal((await focused(page)).id, 'signin-username');
    });

    test('sign up and add a passkey by keyboard alone (Enter and Space); account page labels', async () => {
      const { page } = b;
      await page.focus('#signup-username');
      await page.keyboard.type('kim');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Kim');
      await page.keyboard.press('Tab');
      await page.keyboard.type('correct horse battery staple');
      await page.keyboard.press('Tab');
      assert.equal((await focused(page)).id, 'signup-button');
      await page.keyboard.press(' ');
      await ui.atAccount(page);
      // A success message is polite (status), not an alert.
      assert.match(await ui.message(page), /Welcome, Kim/);
      assert.equal(await page.getAttribute('#message', 'role'), 'status');

      await tabTo(page, 'add-passkey');
      assert.ok((await focused(page)).ring, 'no visible focus ring on add-passkey');
      await page.keyboard.press('Enter');
      await ui.waitForPasskeyCount(page, 1);
      assert.match(await ui.messageMatching(page, /added/), /Passkey .* added/);
      assert.deepEqual(await unlabelled(page), []);

      // The same passkey again: the error is announced (alert) and takes focus.
      await page.focus('#add-passkey');
      await page.keyboard.press('Enter');
      assert.match(await ui.messageMatching(page, /InvalidStateError/), /already has a passkey/);
      assert.equal(await page.getAttribute('#message', 'role'), 'alert');
      assert.equal((await focused(page)).id, 'message');
    });

    test('phone-sized screen: no sideways scrolling on either page', async () => {
      const { page } = b;
      await page.setViewportSize({ width: 320, height: 740 });
      assert.equal(await noSidewaysScroll(page), true, 'account page scrolls sideways');
      await ui.signOut(page);
      await ui.atSignIn(page);
      assert.equal(await noSidewaysScroll(page), true, 'sign-in page scrolls sideways');
      await page.click('#signal-log-clear'); // the log's times and ids would change the image on every run
      await ui.screenshot(page, 'sign-in-narrow');
      await page.setViewportSize({ width: 1200, height: 900 });
    });
  });
}
