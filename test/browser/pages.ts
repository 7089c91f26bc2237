// Page steps shared by the Chromium suites: each drives the demo pages as a person would and waits for the
// page's own visible outcome.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { root } from './harness.js';

export async function atAccount(page: Page): Promise<void> {
  await page.waitForURL('**/account.html');
  await page.waitForSelector('#who:not(:empty):not(:text("…"))');
  await page.waitForFunction(() => {
    const list = document.getElementById('passkey-list');
    const empty = document.getElementById('passkeys-empty');
    return (list?.children.length ?? 0) > 0 || empty?.hidden === false;
  });
}

export async function atSignIn(page: Page): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/' || url.pathname === '/index.html');
  await page.waitForSelector('#capabilities:not(:empty)');
}

export async function signUp(
  page: Page,
  username: string,
  password?: string,
  displayName?: string,
): Promise<void> {
  await page.fill('#signup-username', username);
  if (displayName) await page.fill('#signup-display-name', displayName);
  if (password) await page.fill('#signup-password', password);
  await page.click('#signup-button');
  await atAccount(page);
}

export async function signOut(page: Page): Promise<void> {
  await page.click('#signout');
  await page.waitForURL((url) => url.pathname === '/');
}

export async function message(page: Page): Promise<string> {
  await page.waitForSelector('#message:not([hidden])');
  return (await page.textContent('#message')) ?? '';
}

/** Waits until the message region shows text matching `pattern` (it is updated after async work). */
export async function messageMatching(page: Page, pattern: RegExp): Promise<string> {
  await page.waitForFunction(
    (source) => new RegExp(source).test(document.getElementById('message')?.textContent ?? ''),
    pattern.source,
  );
  return message(page);
}

export async function passkeyIds(page: Page): Promise<string[]> {
  return page.$$eval('#passkey-list li', (items) => items.map((li) => (li as HTMLElement).dataset.id ?? ''));
}

export async function waitForPasskeyCount(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('#passkey-list li').length === n, count);
}

/** The page's own "Signals sent" log: [method, outcome] per entry. */
export async function signalLog(page: Page): Promise<[string, string][]> {
  return page.$$eval('#signal-log li[data-method]', (items) =>
    items.map(
      (li) =>
        [(li as HTMLElement).dataset.method ?? '', (li as HTMLElement).dataset.outcome ?? ''] as [
          string,
          string,
        ],
    ),
  );
}

/**
 * Takes a full-page screenshot <name>.png. `npm run docs:screenshots` (CREDKIT_SCREENSHOTS=docs/img) writes them
 * where the README shows them; a plain test run writes them to a temporary folder, so it leaves the tree alone.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const target = process.env.CREDKIT_SCREENSHOTS;
  const dir = target ? join(root, target) : join(tmpdir(), 'credkit-screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({
    path: join(dir, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
  });
}
