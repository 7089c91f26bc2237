// Byte copies that stay copies: Buffer#slice makes a view where Uint8Array#slice makes a copy, and inputs here may
// be either class.

/** bytes[start, end) copied into a new plain Uint8Array (one object over its own memory), whatever `bytes` is. */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  return new Uint8Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + end));
}
