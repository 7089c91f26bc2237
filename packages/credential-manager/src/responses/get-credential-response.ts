// GetCredentialResponse: the credential the user chose (or the restore key, silently).
import type { Credential } from './credential.js';

export class GetCredentialResponse {
  constructor(readonly credential: Credential) {}
}

/** Success of signalCredentialState; it never says whether a provider acted. */
export class SignalCredentialStateResponse {}
