// Settings > Passwords, passkeys & accounts: the credential providers installed on a device, the user's
// preferred service and the other enabled ones, in the order Credential Manager asks them. Restore keys are
// Play services' (Block Store), not a user-chosen provider: they reach the system provider whatever is set.
import type { CredentialProvider } from '@credkit/credential-manager';
import { ClearCredentialStateRequest } from '@credkit/credential-manager';
import { TYPE_RESTORE_CREDENTIAL } from '@credkit/credential-manager';
import { DeviceError } from './device-errors.js';

export class CredentialProviderSettings {
  readonly #installed = new Map<string, CredentialProvider>();
  readonly #enabled = new Set<string>();
  readonly #system: CredentialProvider;
  #preferred: string | null;

  /** `system` is the device's own provider: installed, enabled and preferred out of the box. */
  constructor(system: CredentialProvider) {
    this.#system = system;
    this.#installed.set(system.id, system);
    this.#enabled.add(system.id);
    this.#preferred = system.id;
  }

  /** Installs a provider app; it is off until the user enables it or makes it the preferred service. */
  install(provider: CredentialProvider): void {
    if (this.#installed.has(provider.id))
      throw new DeviceError('provider_invalid', `${provider.id} is already installed`);
    this.#installed.set(provider.id, provider);
  }

  uninstall(id: string): void {
    if (id === this.#system.id) throw new DeviceError('provider_invalid', 'the system provider stays');
    this.#require(id);
    this.#installed.delete(id);
    this.#enabled.delete(id);
    if (this.#preferred === id) this.#preferred = null;
  }

  /** The "Preferred service" choice (null: none). The preferred service is also enabled. */
  setPreferredService(id: string | null): void {
    if (id !== null) {
      this.#require(id);
      this.#enabled.add(id);
    }
    this.#preferred = id;
  }

  get preferredService(): string | null {
    return this.#preferred;
  }

  /** The toggle under "Additional providers". Turning off the preferred service clears the preference. */
  setEnabled(id: string, enabled: boolean): void {
    this.#require(id);
    if (enabled) this.#enabled.add(id);
    else {
      this.#enabled.delete(id);
      if (this.#preferred === id) this.#preferred = null;
    }
  }

  isEnabled(id: string): boolean {
    return this.#enabled.has(id);
  }

  installed(): CredentialProvider[] {
    return [...this.#installed.values()];
  }

  /**
   * What Credential Manager asks, in order: the preferred service, then the other enabled providers in install
   * order; when the system provider is off, its restore-key part still answers restore-key requests.
   */
  active(): CredentialProvider[] {
    const enabled = [...this.#installed.values()].filter((p) => this.#enabled.has(p.id));
    const preferred = enabled.filter((p) => p.id === this.#preferred);
    const rest = enabled.filter((p) => p.id !== this.#preferred);
    const list = [...preferred, ...rest];
    if (!this.#enabled.has(this.#system.id) && this.#system.isRestoreCapable)
      list.push(restoreOnly(this.#system));
    return list;
  }

  #require(id: string): CredentialProvider {
    const provider = this.#installed.get(id);
    if (!provider) throw new DeviceError('provider_invalid', `no credential provider ${id} is installed`);
    return provider;
  }
}

/** The restore-key part of a provider: every other request finds nothing there. */
export function restoreOnly(provider: CredentialProvider): CredentialProvider {
  return {
    id: provider.id,
    isRestoreCapable: true,
    onBeginCreateCredential: async (r) =>
      r.request.type === TYPE_RESTORE_CREDENTIAL
        ? provider.onBeginCreateCredential(r)
        : { createEntries: [] },
    onCreateCredential: (r) => provider.onCreateCredential(r),
    onBeginGetCredential: async (r) =>
      r.option.type === TYPE_RESTORE_CREDENTIAL
        ? provider.onBeginGetCredential(r)
        : { credentialEntries: [] },
    onGetCredential: (r) => provider.onGetCredential(r),
    onClearCredentialState: async (r) => {
      if (r.request.requestType === ClearCredentialStateRequest.TYPE_CLEAR_RESTORE_CREDENTIAL)
        await provider.onClearCredentialState(r);
    },
  };
}
