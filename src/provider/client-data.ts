// CollectedClientData (WebAuthn §5.8.1) as a client serialises it (§5.8.1.1 limited verification algorithm
// order: type, challenge, origin, crossOrigin, then topOrigin and any extra members such as Android's
// androidPackageName).
import type { ClientContext } from './types.js';

export function buildClientDataJSON(
  type: 'webauthn.create' | 'webauthn.get',
  challenge: string,
  client: ClientContext,
): Uint8Array {
  const data: Record<string, unknown> = {
    type,
    // the client re-encodes the challenge bytes: unpadded base64url
    challenge: Buffer.from(challenge, 'base64url').toString('base64url'),
    origin: client.origin,
    crossOrigin: client.crossOrigin ?? false,
  };
  if (client.crossOrigin && client.topOrigin) data.topOrigin = client.topOrigin;
  if (client.androidPackageName) data.androidPackageName = client.androidPackageName;
  return new TextEncoder().encode(JSON.stringify(data));
}
