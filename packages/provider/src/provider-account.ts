// The user's account at the credential provider (like a Google account for Google Password Manager): the
// cloud copy of synced passkeys and passwords. Every device signed in to the same ProviderAccount object
// sees the same credentials at once, which is how passkeys "come along" to a new phone.
import { SoftwareAuthenticator, type SoftwareAuthenticatorOptions } from './authenticator.js';
import type { CredentialStoreState } from './credential-store.js';
import { PasswordStore, type StoredPassword } from './passwords.js';

export interface ProviderAccountState {
  version: 1;
  email: string;
  passkeys: CredentialStoreState;
  passwords: StoredPassword[];
}

export interface ProviderAccountOptions {
  email: string;
  /** Options of the passkey authenticator (attestation, aaguid, algorithms…); BE/BS stay true (synced). */
  authenticator?: Omit<SoftwareAuthenticatorOptions, 'state' | 'backupEligible' | 'backedUp'>;
  state?: ProviderAccountState;
}

export class ProviderAccount {
  readonly email: string;
  /** Synced passkeys: backup eligible and backed up. */
  readonly passkeys: SoftwareAuthenticator;
  readonly passwords: PasswordStore;

  constructor(options: ProviderAccountOptions) {
    this.email = options.email;
    this.passkeys = new SoftwareAuthenticator({
      ...options.authenticator,
      backupEligible: true,
      backedUp: true,
      state: options.state?.passkeys,
    });
    this.passwords = new PasswordStore(options.state?.passwords ?? []);
  }

  toJSON(): ProviderAccountState {
    return {
      version: 1,
      email: this.email,
      passkeys: this.passkeys.exportState(),
      passwords: this.passwords.toJSON(),
    };
  }

  static fromJSON(
    state: ProviderAccountState,
    options: Omit<ProviderAccountOptions, 'email' | 'state'> = {},
  ): ProviderAccount {
    return new ProviderAccount({ ...options, email: state.email, state });
  }
}
