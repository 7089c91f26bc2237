// Signal API payloads: the exact requestJson of SignalUnknownCredentialRequest,
// SignalAllAcceptedCredentialIdsRequest and SignalCurrentUserDetailsRequest (and PublicKeyCredential.signal*).

export interface UnknownCredentialSignal {
  rpId: string;
  credentialId: string;
}

export interface AllAcceptedCredentialsSignal {
  rpId: string;
  userId: string;
  allAcceptedCredentialIds: string[];
}

export interface CurrentUserDetailsSignal {
  rpId: string;
  userId: string;
  name: string;
  displayName: string;
}

export interface Signals {
  unknownCredential?: UnknownCredentialSignal;
  allAcceptedCredentials?: AllAcceptedCredentialsSignal;
  currentUserDetails?: CurrentUserDetailsSignal;
}
