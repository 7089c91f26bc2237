// End to end in Debian's Chromium with DevTools WebAuthn virtual authenticators, against the credkit server
// started in-process: sign-up, passkey registration, sign-in by autofill / account selector / username first,
// the automatic passkey upgrade, passkey management and the Signal API calls the pages make.
// Without Chromium installed this suite FAILS (see harness.chromiumPath).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withChromium } from './harness.js';
import type { BrowserSession, Harness, VirtualAuthenticator } from './harness.js';
import * as ui from './pages.js';
import { accessibilitySuite } from './accessibility-suite.js';
import { olderBrowsersSuite } from './older-browsers-suite.js';
import { attestationSuite } from './attestation-suite.js';
import { iconsSuite } from './icons-suite.js';
import { relatedOriginsSuite } from './related-origins-suite.js';

const PASSWORD = 'correct horse battery staple';

describe('Chromium: platform authenticator (internal, resident keys)', () => {
  let h: Harness;
  let b: BrowserSession;
  let va: VirtualAuthenticator;
  const ids: Record<string, string> = {};

  withChromium({ transport: 'internal', hasResidentKey: true }, (...suite) => ([h, b, va] = suite));

  test('sign up, then add a passkey: the page sends signalAllAcceptedCredentials', async () => {
    const { page } = b;
    await page.goto(`${h.origin}/`);
    await ui.atSignIn(page);
    assert.match((await page.textContent('#capabilities')) ?? '', /autofill yes/);
    assert.equal(await page.getAttribute('#signin-username', 'autocomplete'), 'username webauthn');
    await ui.screenshot(page, 'sign-in');
    await ui.signUp(page, 'alice', PASSWORD, 'Alice Liddell');
    assert.match(await ui.message(page), /Welcome, Alice Liddell/);
    assert.equal(await page.textContent('#who'), 'Alice Liddell (alice)');
    assert.equal(await page.isVisible('#passkeys-empty'), true);

    await page.click('#add-passkey');
    await ui.waitForPasskeyCount(page, 1);
    assert.match(await ui.message(page), /added/);
    [ids.alice] = await ui.passkeyIds(page);
    assert.deepEqual(
      (await va.credentials()).map((c) => c.isResidentCredential),
      [true],
    );
    const item = page.locator(`#passkey-list li[data-id="${ids.alice}"]`);
    assert.match((await item.locator('.created').textContent()) ?? '', /\d/);
    assert.equal(await item.locator('.last-used').textContent(), 'Never');
    assert.ok(await item.locator('.provider').textContent());
    assert.ok(await item.locator('.backup').textContent());
    const me = await page.evaluate(() => fetch('/api/me').then((r) => r.json()));
    assert.deepEqual(b.signalCalls, [
      {
        method: 'signalAllAcceptedCredentials',
        options: { rpId: 'localhost', userId: me.user.id, allAcceptedCredentialIds: [ids.alice] },
      },
    ]);
    assert.deepEqual(await ui.signalLog(page), [['signalAllAcceptedCredentials', 'sent']]);
    await ui.screenshot(page, 'account');
    await page.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(page, 'account-narrow');
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  test('edit the display name: the page sends signalCurrentUserDetails', async () => {
    const { page } = b;
    await page.fill('#profile-display-name', 'Alice L.');
    await page.press('#profile-display-name', 'Enter');
    await ui.messageMatching(page, /Display name saved/);
    assert.equal(await page.textContent('#who'), 'Alice L. (alice)');
    const last = b.signalCalls.at(-1)!;
    assert.equal(last.method, 'signalCurrentUserDetails');
    assert.deepEqual(
      { ...last.options, userId: undefined },
      { rpId: 'localhost', userId: undefined, name: 'alice', displayName: 'Alice L.' },
    );
  });

  test('sign out, then sign in by autofill (conditional mediation)', async () => {
    const { page } = b;
    const before = b.ceremonyCalls.length;
    await ui.signOut(page);
    // The virtual authenticator answers the pending conditional request as soon as the page makes it.
    await ui.atAccount(page);
    assert.match(await ui.message(page), /Signed in with a passkey from autofill as alice/);
    const lastUsed = page.locator(`#passkey-list li[data-id="${ids.alice}"] .last-used time`);
    assert.match((await lastUsed.getAttribute('datetime')) ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(b.ceremonyCalls.slice(before), [
      { op: 'get', mediation: 'conditional', credentials: 0 },
    ]);
  });

  test('sign in with the account selector (browser without autofill: the button fallback)', async () => {
    const { page } = b;
    await b.setAutofillAvailable(false);
    await ui.signOut(page);
    await ui.atSignIn(page);
    assert.match(await ui.message(page), /signed out/);
    assert.match((await page.textContent('#autofill-hint')) ?? '', /not available/);
    const before = b.ceremonyCalls.length;
    await page.focus('#signin-passkey');
    await page.keyboard.press('Enter');
    await ui.atAccount(page);
    assert.match(await ui.message(page), /Signed in with a passkey as alice/);
    assert.deepEqual(b.ceremonyCalls.slice(before), [{ op: 'get', mediation: null, credentials: 0 }]);
  });

  test('a wrong password and a taken username get clear messages', async () => {
    const { page } = b;
    await ui.signOut(page);
    await ui.atSignIn(page);
    await page.fill('#signin-username', 'alice');
    await page.fill('#signin-password', 'not the password');
    await page.click('#signin-password-button');
    assert.match(await ui.messageMatching(page, /invalid_credentials/), /username or password is not right/);
    await page.fill('#signup-username', 'alice');
    await page.click('#signup-button');
    assert.match(await ui.messageMatching(page, /username_taken/), /taken/);
  });

  test('password sign-in offers the automatic passkey upgrade (conditional create)', async () => {
    const { page } = b;
    await ui.signUp(page, 'bob', PASSWORD);
    await ui.signOut(page);
    await ui.atSignIn(page);
    const before = b.ceremonyCalls.length;
    await page.fill('#signin-username', 'bob');
    await page.fill('#signin-password', PASSWORD);
    await page.click('#signin-password-button');
    await ui.atAccount(page);
    await page.waitForSelector('#upgrade-hint:not([hidden])');
    await waitUntil(() => b.ceremonyCalls.some((c, i) => i >= before && c.op === 'create'));
    // Chromium keeps the conditional create pending until its password manager holds bob's password (not
    // the case in a fresh headless profile): the request is made, nothing is shown as an error.
    assert.deepEqual(
      b.ceremonyCalls.slice(before).filter((c) => c.op === 'create'),
      [{ op: 'create', mediation: 'conditional', credentials: 0 }],
    );
    assert.equal(await page.isVisible('#passkeys-empty'), true);
  });

  test('add a passkey (ending the pending upgrade), then again: a clear already-registered message', async () => {
    const { page } = b;
    await page.click('#add-passkey');
    await ui.waitForPasskeyCount(page, 1);
    assert.match(await ui.message(page), /added/);
    assert.equal(await page.isVisible('#upgrade-hint'), false);
    assert.deepEqual(b.ceremonyCalls.at(-1), { op: 'create', mediation: null, credentials: 0 });
    [ids.bob] = await ui.passkeyIds(page);

    await page.click('#add-passkey');
    assert.match(await ui.messageMatching(page, /InvalidStateError/), /already has a passkey/);
    assert.deepEqual(b.ceremonyCalls.at(-1), { op: 'create', mediation: null, credentials: 1 });
    await ui.waitForPasskeyCount(page, 1);
  });

  test('rename and delete a passkey: delete sends signalAllAcceptedCredentials with what is left', async () => {
    const { page } = b;
    [ids.bob] = await ui.passkeyIds(page);
    const bobId = (await page.evaluate(() => fetch('/api/me').then((r) => r.json()))).user.id as string;
    const item = () => page.locator(`#passkey-list li[data-id="${ids.bob}"]`);

    // Keyboard: Escape closes the rename form and gives focus back to its button.
    await item().locator('.rename').click();
    await page.keyboard.press('Escape');
    assert.equal(await item().locator('.rename-form').isHidden(), true);
    assert.equal(
      await item()
        .locator('.rename')
        .evaluate((el) => el === document.activeElement),
      true,
    );

    const signalsBeforeRename = b.signalCalls.length;
    await page.keyboard.press('Enter');
    const input = item().locator('.rename-input');
    assert.equal(await input.evaluate((el) => el === document.activeElement), true);
    await input.fill('Work laptop');
    await input.press('Enter');
    await ui.messageMatching(page, /Renamed to "Work laptop"/);
    assert.equal(await item().locator('.passkey-name').textContent(), 'Work laptop');
    // A passkey's name lives on the server only: renaming it gives the provider nothing to update.
    assert.equal(b.signalCalls.length, signalsBeforeRename, 'rename made a signal call');

    const signalsBefore = b.signalCalls.length;
    await item().locator('.delete').click();
    assert.match((await item().locator('.confirm-text').textContent()) ?? '', /Delete "Work laptop"\?/);
    await item().locator('.confirm-delete').click();
    await ui.messageMatching(page, /Deleted "Work laptop"/);
    await ui.waitForPasskeyCount(page, 0);
    assert.deepEqual(b.signalCalls.slice(signalsBefore), [
      {
        method: 'signalAllAcceptedCredentials',
        options: { rpId: 'localhost', userId: bobId, allAcceptedCredentialIds: [] },
      },
    ]);
    // The page's visible log lists exactly the calls the browser saw.
    assert.deepEqual(
      (await ui.signalLog(page)).filter(([, outcome]) => outcome === 'sent').map(([method]) => method),
      b.signalCalls.map((c) => c.method),
    );
    // Chromium applies the signal: the virtual authenticator no longer offers bob's deleted passkey.
    assert.deepEqual(
      (await va.credentials()).map((c) => c.credentialId),
      [ids.alice],
    );
  });

  test('a passkey the server deleted gets unknown_credential and the page sends signalUnknownCredential', async () => {
    const { page } = b;
    await page.click('#add-passkey');
    await ui.waitForPasskeyCount(page, 1);
    const [stale] = await ui.passkeyIds(page);
    // Deleted behind the browser's back (another device, an admin): through the API with a bearer token.
    const api = h.origin.replace('localhost', '127.0.0.1');
    const signIn = await fetch(`${api}/api/signin/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bob', password: PASSWORD }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const deleted = await fetch(`${api}/api/passkeys/${stale}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(deleted.status, 200);
    // Leave the stale passkey as the authenticator's only one, so the account selector picks it.
    await va.removeCredential(ids.alice);
    assert.deepEqual(
      (await va.credentials()).map((c) => c.credentialId),
      [stale],
    );

    await ui.signOut(page);
    await ui.atSignIn(page);
    const signalsBefore = b.signalCalls.length;
    await page.click('#signin-passkey');
    assert.match(await ui.messageMatching(page, /unknown_credential/), /no longer registered/);
    await waitUntil(() => b.signalCalls.length > signalsBefore);
    assert.deepEqual(b.signalCalls.slice(signalsBefore), [
      { method: 'signalUnknownCredential', options: { rpId: 'localhost', credentialId: stale } },
    ]);
    assert.deepEqual((await ui.signalLog(page)).at(-1), ['signalUnknownCredential', 'sent']);
    await ui.screenshot(page, 'sign-in-unknown-credential');
    // Chromium applies it: the authenticator forgets the passkey.
    assert.deepEqual(await va.credentials(), []);
  });
});

/** Polls a condition the page fulfils asynchronously (bounded by the test runner's timeout, not a clock check). */
async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 50));
}

/**
 * The username-first path with a security key (ctap2 over usb). Without resident-key support the key can only
 * hold a non-discoverable credential: the page's "Add a security key" asks the server for residentKey "preferred"
 * (with "Add a passkey", i.e. "required", Chromium refuses such a key with NotAllowedError).
 */
function securityKeySuite(hasResidentKey: boolean): void {
  describe(`Chromium: security key (usb, ${hasResidentKey ? 'resident keys' : 'no resident keys'}), username first`, () => {
    let h: Harness;
    let b: BrowserSession;
    let va: VirtualAuthenticator;
    const username = hasResidentKey ? 'carol' : 'dave';
    const addButton = hasResidentKey ? '#add-passkey' : '#add-security-key';
    const addLabel = hasResidentKey ? '"Add a passkey"' : '"Add a security key": residentKey "preferred"';
    let registered = false;

    withChromium({ transport: 'usb', hasResidentKey }, (...suite) => ([h, b, va] = suite));

    test(`sign up and add a passkey on the security key (${addLabel})`, async () => {
      const { page } = b;
      await page.goto(`${h.origin}/`);
      await ui.atSignIn(page);
      await ui.signUp(page, username, PASSWORD);
      await page.click(addButton);
      // The page answers either way at once: "added", or the browser's refusal.
      assert.match(await ui.messageMatching(page, /added|Error/), /added/);
      await ui.waitForPasskeyCount(page, 1);
      registered = true;
      const [id] = await ui.passkeyIds(page);
      assert.deepEqual(
        (await va.credentials()).map((c) => [c.credentialId, c.isResidentCredential]),
        [[id, hasResidentKey]],
      );
      assert.match((await page.locator('#passkey-list li .backup').textContent()) ?? '', /Not backed up/);
    });

    test('sign out, then sign in username first (allowCredentials from the server)', async () => {
      const { page } = b;
      assert.ok(registered, 'no passkey was registered on the security key');
      await b.setAutofillAvailable(false);
      await ui.signOut(page);
      await ui.atSignIn(page);
      const before = b.ceremonyCalls.length;
      await page.fill('#signin-username', username);
      await page.click('#signin-username-first');
      await ui.atAccount(page);
      assert.match(await ui.message(page), new RegExp(`Signed in with a passkey as ${username}`));
      assert.deepEqual(b.ceremonyCalls.slice(before), [{ op: 'get', mediation: null, credentials: 1 }]);
      if (hasResidentKey) await ui.screenshot(page, 'account-security-key');
    });

    test('username first without a username asks for one', async () => {
      const { page } = b;
      await page.goto(`${h.origin}/`);
      await ui.atSignIn(page);
      await page.click('#signin-username-first');
      assert.match(await ui.message(page), /Enter your username first/);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'signin-username');
    });

    if (!hasResidentKey) {
      test('the account selector finds no discoverable credential, and the page says to enter the username', async () => {
        const { page } = b;
        assert.ok(registered, 'no passkey was registered on the security key');
        const before = b.ceremonyCalls.length;
        await page.click('#signin-passkey');
        assert.match(
          await ui.messageMatching(page, /No passkey was chosen/),
          /security key, enter your username and choose "Use a passkey for this username"/,
        );
        assert.deepEqual(b.ceremonyCalls.slice(before), [{ op: 'get', mediation: null, credentials: 0 }]);
        assert.equal(new URL(page.url()).pathname, '/');
        // The key still holds its one non-discoverable credential.
        assert.deepEqual(
          (await va.credentials()).map((c) => c.isResidentCredential),
          [false],
        );
      });
    }
  });
}

securityKeySuite(true);
securityKeySuite(false);
// In this file too (not files of their own) so that one process builds dist/browser and runs one Chromium at a time.
accessibilitySuite();
olderBrowsersSuite();
attestationSuite();
iconsSuite();
relatedOriginsSuite();
