// CollectedClientData (WebAuthn §5.8.1) as a client serialises it (§5.8.1.1 limited verification algorithm
// order: type, challenge, origin, crossOrigin, then topOrigin and any extra members such as Android's
// androidPackageName).
import { sha256 } from './authenticator-data.js';
import type { ClientContext } from './types.js';

/** The members of CollectedClientData, in the order a client writes them. */
export function collectedClientData(
  type: 'webauthn.create' | 'webauthn.get',
  challenge: string,
  client: ClientContext,
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    type,
    // the client re-encodes the challenge bytes: unpadded base64url
    challenge: Buffer.from(challenge, 'base64url').toString('base64url'),
    origin: client.origin,
    crossOrigin: client.crossOrigin ?? false,
  };
  if (client.crossOrigin && client.topOrigin) data.topOrigin = client.topOrigin;
  if (client.androidPackageName) data.androidPackageName = client.androidPackageName;
  return data;
}

/** §5.8.1.1: the JSON-compatible serialisation, UTF-8 encoded. */
export function serializeClientData(members: Record<string, unknown>): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(members));
}

export function buildClientDataJSON(
  type: 'webauthn.create' | 'webauthn.get',
  challenge: string,
  client: ClientContext,
): Uint8Array {
  return serializeClientData(collectedClientData(type, challenge, client));
}

/**
 * The clientDataJSON a response carries and the hash the authenticator signs. A caller that supplies its own
 * clientDataHash (Android's privileged-app path) gets an empty clientDataJSON: the calling app holds the JSON.
 */
export function clientDataFor(
  type: 'webauthn.create' | 'webauthn.get',
  challenge: string,
  client: ClientContext,
): { clientDataJSON: Uint8Array; clientDataHash: Uint8Array } {
  const clientDataJSON = client.clientDataHash
    ? new Uint8Array(0)
    : buildClientDataJSON(type, challenge, client);
  return { clientDataJSON, clientDataHash: client.clientDataHash ?? sha256(clientDataJSON) };
}
