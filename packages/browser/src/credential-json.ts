// A PublicKeyCredential → RegistrationResponseJSON / AuthenticationResponseJSON (WebAuthn L3 §5.1.8).
// Uses credential.toJSON() where the browser has it; otherwise encodes each binary member by hand.
import { base64urlEncode } from './base64url.js';
import type { PublicKeyCredentialJSON } from './types.js';

/** The parts of a PublicKeyCredential read when encoding by hand. */
export interface CredentialLike {
  id: string;
  rawId: ArrayBuffer;
  type: string;
  authenticatorAttachment?: string | null;
  response: ResponseLike;
  getClientExtensionResults?(): Record<string, unknown>;
  toJSON?(): unknown;
}

interface ResponseLike {
  clientDataJSON: ArrayBuffer;
  attestationObject?: ArrayBuffer;
  getTransports?(): string[];
  getAuthenticatorData?(): ArrayBuffer;
  getPublicKey?(): ArrayBuffer | null;
  getPublicKeyAlgorithm?(): number;
  authenticatorData?: ArrayBuffer;
  signature?: ArrayBuffer;
  userHandle?: ArrayBuffer | null;
}

const isBinary = (v: unknown): v is ArrayBuffer | ArrayBufferView =>
  v instanceof ArrayBuffer || ArrayBuffer.isView(v);

/** Client extension outputs with every ArrayBuffer turned into base64url, as toJSON() does. */
function extensionsToJSON(value: unknown): unknown {
  if (isBinary(value)) return base64urlEncode(value);
  if (Array.isArray(value)) return value.map(extensionsToJSON);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, extensionsToJSON(v)]));
  }
  return value;
}

function responseToJSON(r: ResponseLike): Record<string, unknown> {
  const out: Record<string, unknown> = { clientDataJSON: base64urlEncode(r.clientDataJSON) };
  if (r.attestationObject) {
    // AuthenticatorAttestationResponseJSON
    out.attestationObject = base64urlEncode(r.attestationObject);
    if (typeof r.getAuthenticatorData === 'function')
      out.authenticatorData = base64urlEncode(r.getAuthenticatorData());
    if (typeof r.getTransports === 'function') out.transports = r.getTransports();
    const publicKey = typeof r.getPublicKey === 'function' ? r.getPublicKey() : null;
    if (publicKey) out.publicKey = base64urlEncode(publicKey);
    if (typeof r.getPublicKeyAlgorithm === 'function') out.publicKeyAlgorithm = r.getPublicKeyAlgorithm();
    return out;
  }
  // AuthenticatorAssertionResponseJSON
  if (!r.authenticatorData || !r.signature)
    throw new TypeError('credential response is neither attestation nor assertion');
  out.authenticatorData = base64urlEncode(r.authenticatorData);
  out.signature = base64urlEncode(r.signature);
  if (r.userHandle) out.userHandle = base64urlEncode(r.userHandle);
  return out;
}

/** The JSON form of a credential returned by navigator.credentials.create or get. */
export function credentialToJSON(credential: CredentialLike): PublicKeyCredentialJSON {
  if (typeof credential.toJSON === 'function') return credential.toJSON() as PublicKeyCredentialJSON;
  return {
    id: credential.id,
    rawId: base64urlEncode(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment ?? null,
    clientExtensionResults: extensionsToJSON(credential.getClientExtensionResults?.() ?? {}) as Record<
      string,
      unknown
    >,
    response: responseToJSON(credential.response),
  };
}
