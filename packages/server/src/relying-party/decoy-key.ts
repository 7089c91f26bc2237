// The public key a username-first sign-in checks an assertion against when the listed id it names is a decoy
// (or not one of the named user's): a fresh P-256 key whose private half is thrown away at once, so nothing
// verifies against it. Encoded as the COSE_Key a real ES256 credential stores (RFC 9053 §7.1.1).
import { generateKeyPairSync } from 'node:crypto';

/** COSE_Key {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y} as CBOR. */
export function decoyPublicKey(): Uint8Array {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x!, 'base64url');
  const y = Buffer.from(jwk.y!, 'base64url');
  // a5: map(5); 01 02 · 03 26 · 20 01 · 21 58 20 <x> · 22 58 20 <y>
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]),
      x,
      Buffer.from([0x22, 0x58, 0x20]),
      y,
    ]),
  );
}
