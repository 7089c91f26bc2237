/* global document, sessionStorage */
// Page messages: one live region per page, a human sentence for every error, and a one-shot "flash" carried
// across a navigation in sessionStorage.

const SERVER_MESSAGES = {
  username_taken: 'That username is taken. Choose another one.',
  invalid_username: 'That username is not valid. Use letters, digits, dots, dashes and underscores.',
  weak_password: 'That password is too weak. Use a longer one, or leave it empty to use passkeys only.',
  invalid_credentials: 'The username or password is not right.',
  unauthenticated: 'You are signed out. Sign in again.',
  unknown_credential:
    'This passkey is no longer registered for any account. Your passkey provider has been told to forget it.',
  last_credential:
    'This is your last way to sign in, so it cannot be deleted. Add another passkey or a password first.',
  rate_limited: 'Too many attempts. Wait a minute and try again.',
  origin_not_allowed: 'This page is not allowed to talk to the server (origin not allowed).',
  malformed_request: 'The request was not understood by the server.',
  conditional_create_not_allowed:
    'A passkey can only be created automatically right after a password sign-in.',
  challenge_mismatch: 'The passkey request expired. Try again.',
  bad_signature: 'The passkey signature did not verify.',
};

const KIND_MESSAGES = {
  cancelled: 'The passkey request was cancelled or timed out. Nothing was changed.',
  already_registered: 'This device or security key already has a passkey for your account.',
  aborted: 'The passkey request was stopped.',
  security: 'The browser refused the passkey request for this site.',
  unsupported: 'This browser or authenticator cannot do that. Use a password instead.',
  network: 'The server could not be reached. Check your connection and try again.',
};

/** A sentence for a ClientError, with its code for support. */
export function describeError(error) {
  const text =
    (error.kind === 'server' && SERVER_MESSAGES[error.code]) || KIND_MESSAGES[error.kind] || error.message;
  return `${text} (${error.code})`;
}

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
