// Random bytes for tokens, ids and challenges, drawn from a pool the CSPRNG refills 4 KiB at a time: one call
// into OpenSSL per 128 session tokens instead of one each. Bytes are handed out once and never reused.
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/** Copies `length` (at most 4 KiB) fresh random bytes into `target` at `at`; returns the copied bytes. */
export function fillRandom(target: Buffer, at: number, length: number): Buffer {
  if (offset + length > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  pool.copy(target, at, offset, offset + length);
  pool.fill(0, offset, offset + length);
  offset += length;
  return target.subarray(at, at + length);
}

/** `length` fresh random bytes as base64url. */
export function randomToken(length: number): string {
  return fillRandom(Buffer.allocUnsafe(length), 0, length).toString('base64url');
}
