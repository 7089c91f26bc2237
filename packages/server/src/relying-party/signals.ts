// Signal API payloads (the requestJson of androidx's Signal*Request classes and the options of WebAuthn L3's
// PublicKeyCredential.signal*): declared once with the rest of the HTTP API, in @credkit/browser/api.
export type {
  UnknownCredentialSignal,
  AllAcceptedCredentialsSignal,
  CurrentUserDetailsSignal,
  Signals,
} from '@credkit/browser/api';
