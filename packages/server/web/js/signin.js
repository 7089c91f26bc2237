/* global document, window, sessionStorage */
// The sign-in page: passkey by account selector, by username first, by autofill; password (followed by the
// automatic passkey upgrade where the browser offers it); sign-up.
import { client, setUpSignalLog } from './credkit.js';
import { busy, clearMessage, setFlash, showError, showFlash, showMessage } from './ui.js';

const $ = (id) => document.getElementById(id);
let autofill; // { controller, done } while an autofill request is pending

function goToAccount(text) {
  setFlash(text);
  window.location.assign('/account.html');
}

let autofillFailures = 0;

async function startAutofill() {
  const caps = await client.capabilities();
  const hint = $('autofill-hint');
  if (!caps.conditionalGet) {
    hint.textContent =
      'Passkey autofill is not available in this browser: use a button below, or your password.';
    return;
  }
  hint.textContent = 'Your saved passkeys are offered in this field: pick one, or type your username.';
  const controller = new AbortController();
  const done = client.signInWithAutofill(controller.signal).then((result) => {
    if (autofill?.controller === controller) autofill = undefined;
    if (result.ok)
      return goToAccount(`Signed in with a passkey from autofill as ${result.value.user.username}.`);
    // Autofill is passive: the browser declining (no passkey here, dismissed) is not worth a message.
    if (result.error.kind !== 'server' && result.error.kind !== 'network') return;
    showError(result.error);
    // A server answer (e.g. unknown_credential) used up the challenge: offer autofill again, a few times at most.
    if (++autofillFailures < 3) void startAutofill();
  });
  autofill = { controller, done };
}

/** Ends a pending autofill request before another passkey request (a browser runs one at a time). */
async function stopAutofill() {
  const pending = autofill;
  autofill = undefined;
  if (!pending) return;
  pending.controller.abort();
  await pending.done;
}

async function passkeySignIn(button, username) {
  clearMessage();
  await stopAutofill();
  const result = await busy(button, () => client.signInWithPasskey(username ? { username } : {}));
  if (result.ok) return goToAccount(`Signed in with a passkey as ${result.value.user.username}.`);
  // The browser does not say whether the user dismissed the prompt or no passkey was found; a security key
  // added with "Add a security key" is only found once the username is known.
  if (!username && result.error.kind === 'cancelled') {
    showMessage(
      `No passkey was chosen. If yours is on a security key, enter your username and choose "Use a passkey for this username". (${result.error.code})`,
      'error',
    );
  } else showError(result.error);
  void startAutofill();
}

$('signin-passkey').addEventListener('click', (e) => passkeySignIn(e.currentTarget));

$('signin-username-first').addEventListener('click', (e) => {
  const username = $('signin-username').value.trim();
  if (!username) {
    showMessage('Enter your username first, then choose "Use a passkey for this username".', 'error');
    $('signin-username').focus();
    return;
  }
  return passkeySignIn(e.currentTarget, username);
});

$('signin-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  clearMessage();
  const username = $('signin-username').value.trim();
  const password = $('signin-password').value;
  if (!username || !password) {
    showMessage('Enter your username and password, or sign in with a passkey.', 'error');
    (username ? $('signin-password') : $('signin-username')).focus();
    return;
  }
  await stopAutofill();
  const button = $('signin-password-button');
  const result = await busy(button, () => client.signInWithPassword({ username, password }));
  if (!result.ok) {
    showError(result.error);
    void startAutofill();
    return;
  }
  // The automatic passkey upgrade runs on the account page, right after this sign-in (see account.js).
  sessionStorage.setItem('credkit.offerUpgrade', '1');
  goToAccount(`Signed in as ${result.value.username}.`);
});

$('signup-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  clearMessage();
  const username = $('signup-username').value.trim();
  const displayName = $('signup-display-name').value.trim();
  const password = $('signup-password').value;
  if (!username) {
    showMessage('Choose a username to create an account.', 'error');
    $('signup-username').focus();
    return;
  }
  const body = { username, ...(displayName ? { displayName } : {}), ...(password ? { password } : {}) };
  const result = await busy($('signup-button'), () => client.signUp(body));
  if (!result.ok) return showError(result.error);
  await stopAutofill();
  goToAccount(
    `Welcome, ${result.value.displayName || result.value.username}. Add a passkey to sign in without a password.`,
  );
});

showFlash();
await setUpSignalLog();
void startAutofill();
