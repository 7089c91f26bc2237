// Applying Signal API requests to a credential store (WebAuthn §5.1.10 "signal methods", authenticator
// actions), scoped to rpId AND userId: hide instead of delete, so allAccepted can unhide later.
import type { CredentialStore } from './credential-store.js';
import type { SignalKind } from './notifications.js';

export interface SignalOutcome {
  kind: SignalKind;
  rpId: string;
  /** Ids whose state changed. */
  changed: string[];
  title: string;
  text: string;
}

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));

/** unknownCredential: hide the credential with this rpId and id. */
export function applyUnknownCredential(store: CredentialStore, json: Json): SignalOutcome {
  const rpId = str(json.rpId);
  const id = str(json.credentialId);
  const c = store.get(id);
  const changed = c && c.rpId === rpId && !c.hidden ? [id] : [];
  for (const i of changed) store.update(i, { hidden: true });
  return {
    kind: 'unknownCredential',
    rpId,
    changed,
    title: 'Passkey removed',
    text: `The site ${rpId} no longer accepts a passkey; it is hidden.`,
  };
}

/** allAcceptedCredentials: of this user's credentials for rpId, hide those not listed and unhide those listed. */
export function applyAllAcceptedCredentials(store: CredentialStore, json: Json): SignalOutcome {
  const rpId = str(json.rpId);
  const userId = str(json.userId);
  const accepted = new Set(
    Array.isArray(json.allAcceptedCredentialIds) ? json.allAcceptedCredentialIds.map(str) : [],
  );
  const changed: string[] = [];
  for (const c of store.list({ rpId, userId })) {
    const hidden = !accepted.has(c.id);
    if (hidden !== c.hidden) {
      store.update(c.id, { hidden });
      changed.push(c.id);
    }
  }
  return {
    kind: 'allAcceptedCredentials',
    rpId,
    changed,
    title: 'Passkeys updated',
    text: `The list of passkeys for ${rpId} was updated.`,
  };
}

/** currentUserDetails: new name and display name for this user's credentials for rpId. */
export function applyCurrentUserDetails(store: CredentialStore, json: Json): SignalOutcome {
  const rpId = str(json.rpId);
  const userId = str(json.userId);
  const userName = str(json.name);
  const userDisplayName = str(json.displayName);
  const changed: string[] = [];
  for (const c of store.list({ rpId, userId })) {
    if (c.userName !== userName || c.userDisplayName !== userDisplayName) {
      store.update(c.id, { userName, userDisplayName });
      changed.push(c.id);
    }
  }
  return {
    kind: 'currentUserDetails',
    rpId,
    changed,
    title: 'Account details updated',
    text: `Your account details for ${rpId} were updated.`,
  };
}
