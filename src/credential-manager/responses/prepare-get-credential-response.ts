// PrepareGetCredentialResponse: what a later getCredential(handle) will find, answered without UI.
import type { PreparedGet } from '../flows/get.js';

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

  private get prepared(): PreparedGet {
    return this.pendingGetCredentialHandle.prepared;
  }

  /** Whether some provider has a credential of `credentialType` for this request. */
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
