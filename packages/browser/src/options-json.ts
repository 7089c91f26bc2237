// JSON options from the server → the binary options navigator.credentials.create/get take.
// Uses PublicKeyCredential.parseCreationOptionsFromJSON / parseRequestOptionsFromJSON (WebAuthn L3 §5.1.9,
// §5.1.10) where the browser has them; otherwise decodes the base64url members by hand.
import { base64urlDecode } from './base64url.js';
import type { PublicKeyCredentialStatics } from './platform.js';
import type { CreationOptionsJSON, CredentialDescriptorJSON, RequestOptionsJSON } from './types.js';

function descriptors(
  list: CredentialDescriptorJSON[] | undefined,
): PublicKeyCredentialDescriptor[] | undefined {
  return list?.map((d) => ({
    ...d,
    type: d.type as PublicKeyCredentialType,
    id: base64urlDecode(d.id),
    transports: d.transports as AuthenticatorTransport[] | undefined,
  }));
}

/** Creation options for navigator.credentials.create({publicKey}). */
export function toCreationOptions(
  json: CreationOptionsJSON,
  statics: PublicKeyCredentialStatics | undefined,
): PublicKeyCredentialCreationOptions {
  if (typeof statics?.parseCreationOptionsFromJSON === 'function') {
    return statics.parseCreationOptionsFromJSON(json) as PublicKeyCredentialCreationOptions;
  }
  const options = {
    ...json,
    challenge: base64urlDecode(json.challenge),
    user: { ...json.user, id: base64urlDecode(json.user.id) },
  } as unknown as PublicKeyCredentialCreationOptions;
  if (json.excludeCredentials) options.excludeCredentials = descriptors(json.excludeCredentials);
  return options;
}

/** Request options for navigator.credentials.get({publicKey}). */
export function toRequestOptions(
  json: RequestOptionsJSON,
  statics: PublicKeyCredentialStatics | undefined,
): PublicKeyCredentialRequestOptions {
  if (typeof statics?.parseRequestOptionsFromJSON === 'function') {
    return statics.parseRequestOptionsFromJSON(json) as PublicKeyCredentialRequestOptions;
  }
  const options = {
    ...json,
    challenge: base64urlDecode(json.challenge),
  } as unknown as PublicKeyCredentialRequestOptions;
  if (json.allowCredentials) options.allowCredentials = descriptors(json.allowCredentials);
  return options;
}
