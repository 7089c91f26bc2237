// rpIdHash checks (§7.1 step 13, §7.2 step 14): SHA-256 of each expected RP ID, memoised in a small bounded map.
import { hash } from 'node:crypto';
import { BoundedCache } from './bounded-cache.js';
import { equalBytesAt } from './bytes.js';
import { WebAuthnError } from './errors.js';

/**
 * Pass as `expected.rpId` ONLY to verify a statement without knowing the RP ID (the test-vector harness uses it
 * for peer fixtures whose source did not check it). A server must always pass its RP ID(s).
 */
export const RP_ID_NOT_CHECKED: unique symbol = Symbol.for('credkit.webauthn.rpIdNotChecked');

const hashes = new BoundedCache<string, Buffer>(256);
const sha256 = (rpId: string) => hash('sha256', rpId, 'buffer');

export function rpIdHash(rpId: string): Buffer {
  return hashes.getOrSet(rpId, sha256);
}

/**
 * Returns the RP ID whose hash is the first 32 bytes of `actual` (an rpIdHash, or whole authenticatorData: compared
 * in place) — '' when unchecked; throws rp_id_mismatch otherwise.
 */
export function matchRpId(
  actual: Uint8Array,
  expected: string | readonly string[] | typeof RP_ID_NOT_CHECKED,
): string {
  if (expected === RP_ID_NOT_CHECKED) return '';
  if (actual.length >= 32) {
    if (typeof expected === 'string') {
      if (equalBytesAt(rpIdHash(expected), 0, actual, 0, 32)) return expected;
    } else {
      for (const id of expected) if (equalBytesAt(rpIdHash(id), 0, actual, 0, 32)) return id;
    }
  }
  throw new WebAuthnError('rp_id_mismatch', 'rpIdHash is not the SHA-256 of an expected RP ID');
}
