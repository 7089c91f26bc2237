/* global document, window, CSS, sessionStorage */
// The account page: profile (display name), the passkey list with add / rename / delete, sign-out.
import { client, setUpSignalLog } from './credkit.js';
import { busy, clearMessage, setFlash, showError, showFlash, showMessage } from './ui.js';

const $ = (id) => document.getElementById(id);
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function timeElement(iso) {
  if (!iso) return document.createTextNode('Never');
  const time = document.createElement('time');
  time.dateTime = iso;
  time.textContent = dateFormat.format(new Date(iso));
  return time;
}

function backupState(p) {
  if (p.backedUp) return 'Backed up (synced passkey)';
  if (p.backupEligible) return 'Can be backed up, not backed up yet';
  return 'Not backed up (device-bound)';
}

/** An icon the server sent, only as a base64 data: URL of an image (never a link to fetch). */
function imageData(value) {
  return typeof value === 'string' &&
    /^data:image\/(png|svg\+xml|jpeg|webp);base64,[A-Za-z0-9+/=]+$/.test(value)
    ? value
    : undefined;
}

/** The provider's icon beside the name: the light one, or the dark one when the page is dark. */
function showIcon(li, p) {
  const light = imageData(p.icon_light) ?? imageData(p.icon_dark);
  const dark = imageData(p.icon_dark) ?? light;
  if (!light) return;
  const picture = li.querySelector('.provider-icon');
  picture.querySelector('source').srcset = dark;
  picture.querySelector('img').src = light;
  picture.hidden = false;
}

/** FIDO_CERTIFIED_L1plus → "FIDO Certified L1+"; other statuses as words. */
function certificationText(level) {
  const m = /^FIDO_CERTIFIED(?:_(L\d)(plus)?)?$/.exec(level ?? '');
  if (m) return `FIDO Certified${m[1] ? ` ${m[1]}${m[2] ? '+' : ''}` : ''}`;
  return level === 'NOT_FIDO_CERTIFIED'
    ? 'Not FIDO certified'
    : (level ?? '').replace(/_/g, ' ').toLowerCase();
}

function renderPasskey(p) {
  const li = $('passkey-template').content.firstElementChild.cloneNode(true);
  li.dataset.id = p.id;
  li.querySelector('.passkey-name').textContent = p.name;
  li.querySelector('.badge').textContent = p.backedUp ? 'Synced' : 'This device';
  li.querySelector('.provider').textContent = p.providerName || 'Unknown provider';
  showIcon(li, p);
  if (p.authenticatorName) {
    li.querySelector('.certified').textContent = p.certificationLevel
      ? `${p.authenticatorName}, ${certificationText(p.certificationLevel)}`
      : p.authenticatorName;
    li.querySelector('.certification').hidden = false;
  }
  li.querySelector('.created').append(timeElement(p.createdAt));
  li.querySelector('.last-used').append(timeElement(p.lastUsedAt));
  li.querySelector('.backup').textContent = backupState(p);
  const renameButton = li.querySelector('.rename');
  const deleteButton = li.querySelector('.delete');
  renameButton.setAttribute('aria-label', `Rename ${p.name}`);
  deleteButton.setAttribute('aria-label', `Delete ${p.name}`);

  const form = li.querySelector('.rename-form');
  const input = li.querySelector('.rename-input');
  const inputId = `rename-${p.id}`;
  input.id = inputId;
  li.querySelector('.rename-label').htmlFor = inputId;
  li.querySelector('.rename-label').textContent = `New name for "${p.name}"`;
  const closeRename = () => {
    form.hidden = true;
    renameButton.focus();
  };
  renameButton.addEventListener('click', () => {
    form.hidden = false;
    input.value = p.name;
    input.select();
    input.focus();
  });
  li.querySelector('.rename-cancel').addEventListener('click', closeRename);
  form.addEventListener('keydown', (e) => e.key === 'Escape' && closeRename());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = input.value.trim();
    if (!name) {
      showMessage('Give the passkey a name.', 'error');
      return input.focus();
    }
    const result = await busy(form.querySelector('button[type=submit]'), () =>
      client.renamePasskey(p.id, name),
    );
    if (!result.ok) return showError(result.error);
    showMessage(`Renamed to "${result.value.name}".`, 'success');
    await loadPasskeys();
    document.querySelector(`li[data-id="${CSS.escape(p.id)}"] .rename`)?.focus();
  });

  const confirm = li.querySelector('.confirm');
  li.querySelector('.confirm-text').textContent =
    `Delete "${p.name}"? You will no longer be able to sign in with it.`;
  deleteButton.addEventListener('click', () => {
    confirm.hidden = false;
    li.querySelector('.confirm-cancel').focus();
  });
  li.querySelector('.confirm-cancel').addEventListener('click', () => {
    confirm.hidden = true;
    deleteButton.focus();
  });
  li.querySelector('.confirm-delete').addEventListener('click', async (e) => {
    const result = await busy(e.currentTarget, () => client.deletePasskey(p.id));
    if (!result.ok) return showError(result.error);
    showMessage(`Deleted "${p.name}". Your passkey provider has been told which passkeys remain.`, 'success');
    await loadPasskeys();
    $('passkeys-heading').focus();
  });
  return li;
}

async function loadPasskeys() {
  const result = await client.listPasskeys();
  if (!result.ok) return handleAuthError(result.error);
  $('passkey-list').replaceChildren(...result.value.map(renderPasskey));
  $('passkeys-empty').hidden = result.value.length > 0;
}

function handleAuthError(error) {
  if (error.code === 'unauthenticated') {
    setFlash('Sign in to see your account.', 'info');
    window.location.assign('/');
    return;
  }
  showError(error);
}

function showUser(user) {
  $('who').textContent = user.displayName ? `${user.displayName} (${user.username})` : user.username;
  $('profile-username').value = user.username;
  $('profile-display-name').value = user.displayName;
}

let upgrade; // { controller, done } while the automatic upgrade request is pending

/**
 * Automatic passkey upgrade, offered once right after a password sign-in: a conditional create that the
 * browser completes without a prompt when it can (and keeps pending or declines when it cannot). Silently
 * skipped where the browser lacks conditional create.
 */
async function offerUpgrade() {
  if (sessionStorage.getItem('credkit.offerUpgrade') !== '1') return;
  sessionStorage.removeItem('credkit.offerUpgrade');
  const caps = await client.capabilities();
  if (!caps.conditionalCreate) return;
  const controller = new AbortController();
  $('upgrade-hint').hidden = false;
  const done = client.upgradeToPasskey(controller.signal).then(async (result) => {
    if (upgrade?.controller === controller) upgrade = undefined;
    $('upgrade-hint').hidden = true;
    if (result.ok && result.value.upgraded) {
      showMessage(
        'Your browser created a passkey for you automatically. Next time, sign in without a password.',
        'success',
      );
      await loadPasskeys();
    }
  });
  upgrade = { controller, done };
}

/** A browser runs one passkey request at a time: end the pending upgrade before another. */
async function stopUpgrade() {
  const pending = upgrade;
  upgrade = undefined;
  if (!pending) return;
  pending.controller.abort();
  await pending.done;
}

/**
 * "Add a passkey" asks for a discoverable credential (account selector, autofill). "Add a security key" asks
 * residentKey "preferred", so a key without passkey storage can still make a credential for username-first
 * sign-in, and hints "security-key" so the browser leads with security keys. Where the server's policy asks for
 * attestation its options say "direct", and the key's certified make and model come back.
 */
async function addCredential(button, request) {
  clearMessage();
  await stopUpgrade();
  const result = await busy(button, () => client.registerPasskey(request));
  if (!result.ok) return showError(result.error);
  const { name, authenticatorName, certificationLevel } = result.value;
  const certified = authenticatorName
    ? ` Certified: ${authenticatorName}${certificationLevel ? `, ${certificationText(certificationLevel)}` : ''}.`
    : '';
  showMessage(`Passkey "${name ?? 'new passkey'}" added.${certified}`, 'success');
  await loadPasskeys();
}

$('add-passkey').addEventListener('click', (e) => addCredential(e.currentTarget, {}));
$('add-security-key').addEventListener('click', (e) =>
  addCredential(e.currentTarget, { residentKey: 'preferred', hints: ['security-key'] }),
);

$('profile-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const displayName = $('profile-display-name').value.trim();
  if (!displayName) {
    showMessage('Enter a display name.', 'error');
    return $('profile-display-name').focus();
  }
  const result = await busy($('profile-save'), () => client.updateProfile({ displayName }));
  if (!result.ok) return showError(result.error);
  showUser(result.value);
  showMessage('Display name saved. Your passkey provider has been told the new name.', 'success');
});

$('signout').addEventListener('click', async (e) => {
  const result = await busy(e.currentTarget, () => client.signOut());
  if (!result.ok && result.error.code !== 'unauthenticated') return showError(result.error);
  setFlash('You are signed out.', 'info');
  window.location.assign('/');
});

showFlash();
void setUpSignalLog();
const me = await client.me();
if (me.ok) {
  showUser(me.value);
  await loadPasskeys();
  void offerUpgrade();
} else {
  handleAuthError(me.error);
}
