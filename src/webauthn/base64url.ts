// Strict unpadded base64url (RFC 4648 §5) as WebAuthn JSON uses it. Padding is tolerated on input
// because some clients send it; any other character is malformed input.
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

/**
 * True when base64url `value` decodes to exactly `bytes` (throws malformed_input if it is not base64url). Decodes
 * into a reused scratch buffer, so checking a copy costs no allocation.
 */
export function base64urlEquals(value: unknown, bytes: Uint8Array, field = 'value'): boolean {
  if (!isBase64url(value)) throw new WebAuthnError('malformed_input', `${field} is not base64url`);
  const needed = Math.ceil((value.length * 3) / 4);
  if (needed > scratch.length) scratch = Buffer.allocUnsafe(needed);
  const length = scratch.write(value, 'base64url');
  return length === bytes.length && scratch.compare(bytes, 0, bytes.length, 0, length) === 0;
}
