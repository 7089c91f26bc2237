// Feature detection: which WebAuthn features this browser offers. getClientCapabilities() (WebAuthn L3 §5.1.7)
// where present, with the older per-feature probes as a fallback.
import type { PublicKeyCredentialStatics } from './platform.js';

export interface Capabilities {
  /** navigator.credentials and PublicKeyCredential exist. */
  webauthn: boolean;
  /** Sign-in by autofill (mediation "conditional" on get). */
  conditionalGet: boolean;
  /** Automatic passkey upgrade (mediation "conditional" on create). */
  conditionalCreate: boolean;
  /** A user-verifying platform authenticator is available. */
  platformAuthenticator: boolean;
  /** The three signal methods, each detected on its own. */
  signalUnknownCredential: boolean;
  signalAllAcceptedCredentials: boolean;
  signalCurrentUserDetails: boolean;
}

async function probe(fn: (() => Promise<boolean>) | undefined): Promise<boolean> {
  if (typeof fn !== 'function') return false;
  try {
    return (await fn()) === true;
  } catch {
    return false;
  }
}

export async function detectCapabilities(
  statics: PublicKeyCredentialStatics | undefined,
  hasCredentialsContainer: boolean,
): Promise<Capabilities> {
  const has = (name: keyof PublicKeyCredentialStatics) => typeof statics?.[name] === 'function';
  const caps: Capabilities = {
    webauthn: statics !== undefined && hasCredentialsContainer,
    conditionalGet: false,
    conditionalCreate: false,
    platformAuthenticator: false,
    signalUnknownCredential: has('signalUnknownCredential'),
    signalAllAcceptedCredentials: has('signalAllAcceptedCredentials'),
    signalCurrentUserDetails: has('signalCurrentUserDetails'),
  };
  if (!caps.webauthn || !statics) return caps;
  let reported: Record<string, boolean | undefined> = {};
  if (has('getClientCapabilities')) {
    try {
      reported = (await statics.getClientCapabilities!()) ?? {};
    } catch {
      reported = {};
    }
  }
  caps.conditionalGet =
    reported.conditionalGet ?? (await probe(statics.isConditionalMediationAvailable?.bind(statics)));
  caps.conditionalCreate = reported.conditionalCreate === true;
  caps.platformAuthenticator =
    reported.userVerifyingPlatformAuthenticator ??
    (await probe(statics.isUserVerifyingPlatformAuthenticatorAvailable?.bind(statics)));
  return caps;
}
