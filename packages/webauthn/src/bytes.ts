// Byte helpers for inputs of either class (Buffer or plain Uint8Array): copies that stay copies (Buffer#slice makes a
// view where Uint8Array#slice makes a copy), and comparison in place.

/** bytes[start, end) copied into a new plain Uint8Array (one object over its own memory), whatever `bytes` is. */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  return new Uint8Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + end));
}

/**
 * Whether `length` bytes of `a` from `aStart` equal those of `b` from `bStart` (both ranges within bounds). A plain
 * loop: public data, no timing concern, and unlike Buffer#compare with offsets it allocates nothing.
 */
export function equalBytesAt(
  a: Uint8Array,
  aStart: number,
  b: Uint8Array,
  bStart: number,
  length: number,
): boolean {
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}
