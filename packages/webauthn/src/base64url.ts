// Strict unpadded base64url (RFC 4648 §5) as WebAuthn JSON uses it. Padding is tolerated on input
// because some clients send it; any other character is malformed input.
import { isUtf8 } from 'node:buffer';
import { equalBytesAt } from './bytes.js';
import { WebAuthnError } from './errors.js';

const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

export function isBase64url(value: unknown): value is string {
  if (typeof value !== 'string' || !BASE64URL.test(value)) return false;
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 61 /* = */) end--;
  // a single trailing symbol carries 6 bits only; padding, when present, must complete the last quantum
  if (end % 4 === 1) return false;
  return end === value.length || value.length % 4 === 0;
}

/** Decodes base64url to bytes; `field` names the input in the error message. */
export function fromBase64url(value: unknown, field = 'value'): Buffer {
  if (!isBase64url(value)) throw new WebAuthnError('malformed_input', `${field} is not base64url`);
  return Buffer.from(value, 'base64url');
}

export function toBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

let scratch = Buffer.allocUnsafe(1024);

/** Decodes base64url `value` into the scratch buffer; returns the decoded length. */
function decodeToScratch(value: unknown, field: string): number {
  if (!isBase64url(value)) throw new WebAuthnError('malformed_input', `${field} is not base64url`);
  const needed = Math.ceil((value.length * 3) / 4);
  if (needed > scratch.length) scratch = Buffer.allocUnsafe(needed);
  return scratch.write(value, 'base64url');
}

/**
 * Decodes base64url to bytes and those bytes as UTF-8 text, failing with malformed_input when they are not UTF-8.
 * Only the string is allocated (the bytes pass through the scratch buffer). Valid UTF-8 encodes back to exactly
 * the bytes it came from, so the text stands for them (e.g. to hash them).
 */
export function utf8FromBase64url(value: unknown, field = 'value'): string {
  const length = decodeToScratch(value, field);
  const text = scratch.toString('utf8', 0, length);
  // the decoder puts U+FFFD where bytes are not UTF-8: only text that has one (rare) needs the exact check
  if (text.includes('\uFFFD') && !isUtf8(scratch.subarray(0, length)))
    throw new WebAuthnError('malformed_input', `${field}: not UTF-8`);
  return text;
}

/**
 * True when base64url `value` decodes to exactly `bytes` (or to bytes[start, end), read in place; throws
 * malformed_input if it is not base64url). Decodes into a reused scratch buffer, so checking a copy costs no
 * allocation.
 */
export function base64urlEquals(
  value: unknown,
  bytes: Uint8Array,
  field = 'value',
  start = 0,
  end = bytes.length,
): boolean {
  const length = decodeToScratch(value, field);
  return length === end - start && equalBytesAt(scratch, 0, bytes, start, length);
}

/** Values of the base64url alphabet's symbols (-1: not one). */
const SYMBOL_VALUE = new Int8Array(128).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].entries())
  SYMBOL_VALUE[c.charCodeAt(0)] = i;

/**
 * True when `value` (base64url, as isBase64url accepts) is the canonical encoding of what it decodes to: unpadded,
 * and the bits of its last symbol that carry no data are zero. Such a string is what toBase64url would make of those
 * bytes, so it can stand for them without encoding them again.
 */
export function isCanonicalBase64url(value: string): boolean {
  if (value.charCodeAt(value.length - 1) === 61 /* = */) return false;
  const rest = value.length % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const last = SYMBOL_VALUE[value.charCodeAt(value.length - 1)] ?? -1;
  // 2 symbols carry 8 bits (4 spare), 3 symbols carry 16 bits (2 spare); -1 is a character outside the alphabet
  return last >= 0 && (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}
