// Username and display-name normalisation and validation.
import { ServerError } from './errors.js';

const USERNAME = /^[a-z0-9][a-z0-9._@+-]{1,62}[a-z0-9]$/;

/** A username as stored and looked up (NFKC, trimmed, lower case), valid or not. */
export function foldUsername(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}

/** foldUsername, then 3-64 characters of a-z 0-9 . _ @ + - starting and ending with a letter or digit. */
export function normalizeUsername(value: string): string {
  const username = foldUsername(value);
  if (!USERNAME.test(username)) {
    throw new ServerError(
      'invalid_username',
      'a username has 3 to 64 characters: letters, digits and . _ @ + -, starting and ending with a letter or digit',
    );
  }
  return username;
}

/** Trimmed, 1-64 characters, no control characters. */
export function normalizeDisplayName(value: string): string {
  const name = value.normalize('NFC').trim();
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || [...name].length > 64 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new ServerError(
      'invalid_display_name',
      'a display name has 1 to 64 characters and no control characters',
    );
  }
  return name;
}

/** A credential's user-chosen name: trimmed, 1-64 characters, no control characters. */
export function normalizeCredentialName(value: string): string {
  const name = value.normalize('NFC').trim();
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || [...name].length > 64 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new ServerError('invalid_name', 'a passkey name has 1 to 64 characters and no control characters');
  }
  return name;
}
