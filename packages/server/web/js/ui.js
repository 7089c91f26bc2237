/* global document, sessionStorage */
// Page messages: one live region per page, a human sentence for every error, and a one-shot "flash" carried
// across a navigation in sessionStorage. The sentences come from the client's describeError (src/browser/messages.ts).
import { describeError } from '/lib/index.js';

/** Shows a message in the page's live region; errors are announced assertively and take focus. */
export function showMessage(text, tone = 'info') {
  const box = document.getElementById('message');
  box.textContent = text;
  box.dataset.tone = tone;
  box.setAttribute('role', tone === 'error' ? 'alert' : 'status');
  box.hidden = false;
  if (tone === 'error') box.focus();
}

export function showError(error) {
  showMessage(describeError(error), 'error');
}

export function clearMessage() {
  const box = document.getElementById('message');
  box.hidden = true;
  box.textContent = '';
}

const FLASH_KEY = 'credkit.flash';

/** Leaves a message for the next page. */
export function setFlash(text, tone = 'success') {
  sessionStorage.setItem(FLASH_KEY, JSON.stringify({ text, tone }));
}

export function showFlash() {
  const raw = sessionStorage.getItem(FLASH_KEY);
  if (!raw) return;
  sessionStorage.removeItem(FLASH_KEY);
  const { text, tone } = JSON.parse(raw);
  showMessage(text, tone);
}

/** Disables a button while `task` runs, with aria-busy for assistive technology. */
export async function busy(button, task) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await task();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
