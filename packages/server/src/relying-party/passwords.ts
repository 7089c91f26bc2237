// Password hashing with scrypt (per-user random salt) and constant-time comparison. At most HASH_CONCURRENCY
// hashes run at once (the rest wait in a bounded queue): scrypt and the async signature checks share libuv's
// threadpool, so a password-login storm must not occupy every thread and starve passkey sign-in.
import { availableParallelism } from 'node:os';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { ServerError } from './errors.js';

const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** Hashes running at once: half the cores (at least one), leaving threadpool room for signature checks. */
export const HASH_CONCURRENCY = Math.max(1, Math.floor(availableParallelism() / 2));
/** Hashes that may wait; one more is refused with 503 unavailable rather than queued without bound. */
export const HASH_QUEUE = 256;

let running = 0;
let peak = 0;
const waiting: (() => void)[] = [];

/** Hashes running now, waiting now, and the most that ever ran at once (for tests and metrics). */
export function passwordHashLoad(): { running: number; waiting: number; peak: number } {
  return { running, waiting: waiting.length, peak };
}

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= HASH_CONCURRENCY) {
    if (waiting.length >= HASH_QUEUE)
      throw new ServerError('unavailable', 'too many password checks at once; try again in a moment');
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
    peak = Math.max(peak, running);
  }
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next)
      next(); // the slot passes straight to the next waiter
    else running--;
  }
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return limited(() => deriveNow(password, salt, n, r, p));
}

function deriveNow(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

/** `scrypt$N$r$p$salt$hash` (salt and hash base64url). */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost, R, P);
  return ['scrypt', cost, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a password against a stored hash; the same work whatever the outcome. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Password policy: 8 to 256 characters. Returns an error message or undefined. */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < 8) return 'the password must have at least 8 characters';
  if (password.length > 256) return 'the password must have at most 256 characters';
  return undefined;
}
