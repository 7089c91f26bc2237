// base64url without padding (RFC 4648 §5), the encoding of every binary field in the WebAuthn JSON forms
// (WebAuthn L3 §5.1.8, §5.1.9). Uses only btoa/atob so it runs in browsers and in Node alike.

export type Base64URLString = string;

/** Encodes bytes as unpadded base64url. */
export function base64urlEncode(data: ArrayBuffer | ArrayBufferView): Base64URLString {
  const bytes =
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes unpadded (or padded) base64url; throws TypeError on characters outside the alphabet. */
export function base64urlDecode(text: Base64URLString): ArrayBuffer {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) {
    throw new TypeError('not base64url');
  }
  const base64 = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}
