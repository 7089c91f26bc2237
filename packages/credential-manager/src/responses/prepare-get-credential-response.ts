// PrepareGetCredentialResponse: what a later getCredential(handle) will find, answered without UI.
import { SecurityException } from '../exceptions/java.js';
import type { PreparedGet } from '../flows/get.js';
import { CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS } from '../types.js';

/** Opaque; pass it to CredentialManager.getCredential(context, handle) once. */
export class PendingGetCredentialHandle {
  #used = false;
  /** @internal */
  constructor(readonly prepared: PreparedGet) {}

  /** @internal Marks the handle used; false when it already was. */
  consume(): boolean {
    if (this.#used) return false;
    this.#used = true;
    return true;
  }
}

export class PrepareGetCredentialResponse {
  readonly pendingGetCredentialHandle: PendingGetCredentialHandle;

  /** @internal */
  constructor(prepared: PreparedGet) {
    this.pendingGetCredentialHandle = new PendingGetCredentialHandle(prepared);
  }

  /** The three queries need CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS, else SecurityException. */
  private get prepared(): PreparedGet {
    const prepared = this.pendingGetCredentialHandle.prepared;
    if (!prepared.mayQueryCandidates) {
      throw new SecurityException(
        `${prepared.callingApp.packageName} does not hold ${CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS}`,
      );
    }
    return prepared;
  }

  /**
   * Whether some provider has a credential of `credentialType` for this request.
   * @throws SecurityException without CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS (as the two below).
   */
  hasCredentialResults(credentialType: string): boolean {
    return this.prepared.candidates.some(
      (c) => c.choice.selected.kind === 'credential' && c.choice.selected.entry.type === credentialType,
    );
  }

  /** Whether a locked provider offers an unlock action. */
  hasAuthenticationResults(): boolean {
    return this.prepared.candidates.some((c) => c.choice.selected.kind === 'authentication');
  }

  /** Whether credentials from another device (hybrid) are offered. */
  hasRemoteResults(): boolean {
    return this.prepared.candidates.some((c) => c.choice.selected.kind === 'remote');
  }
}
