// Restore keys (Credential Manager "restore credentials", kept by Play services Block Store): one per app
// per device. A WebAuthn credential like a passkey, but never shown in a picker and fetched silently.
import { SoftwareAuthenticator } from './authenticator.js';
import type { StoredCredential } from './credential-store.js';
import type {
  AuthenticationResponseJSON,
  ClientContext,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from './types.js';

export interface RestoreKey {
  packageName: string;
  /** Created with isCloudBackupEnabled: travels in the device's encrypted backup. */
  cloudBackup: boolean;
  credential: StoredCredential;
}

export class RestoreKeyStore {
  readonly #byPackage = new Map<string, RestoreKey>();
  readonly #now: () => number;

  constructor(keys: RestoreKey[] = [], now: () => number = Date.now) {
    for (const k of keys) this.#byPackage.set(k.packageName, structuredClone(k));
    this.#now = now;
  }

  /** Creates the app's restore key, replacing any earlier one (one key per app per device). */
  create(
    packageName: string,
    options: PublicKeyCredentialCreationOptionsJSON,
    client: ClientContext,
    cloudBackup: boolean,
  ): RegistrationResponseJSON {
    // BE set (Block Store keys can move to a new device); BS only when the key is in the cloud backup
    const auth = new SoftwareAuthenticator({ backupEligible: true, backedUp: cloudBackup, now: this.#now });
    const { response, credentialId } = auth.createCredential(options, client);
    this.#byPackage.set(packageName, { packageName, cloudBackup, credential: auth.store.get(credentialId)! });
    return response;
  }

  /** Signs with the app's restore key; undefined when the app has none (or none for this RP). */
  assert(
    packageName: string,
    options: PublicKeyCredentialRequestOptionsJSON,
    client: ClientContext,
  ): AuthenticationResponseJSON | undefined {
    const key = this.#byPackage.get(packageName);
    if (!key) return undefined;
    const auth = new SoftwareAuthenticator({
      backupEligible: key.credential.backupEligible,
      backedUp: key.credential.backedUp,
      now: this.#now,
      state: { version: 1, credentials: [key.credential] },
    });
    // restore keys are used without user verification (GetRestoreCredentialOption forces "discouraged")
    const request = { ...options, userVerification: 'discouraged' as const };
    if (!auth.selectCredential(request, key.credential.rpId, key.credential.id)) return undefined;
    if (request.rpId !== undefined && request.rpId !== key.credential.rpId) return undefined;
    const response = auth.getAssertion(
      { ...request, rpId: key.credential.rpId },
      { ...client, credentialId: key.credential.id },
    );
    key.credential = auth.store.get(key.credential.id)!;
    return response;
  }

  /** The app's key when it can answer `options` (same RP ID, listed in a non-empty allowCredentials). */
  find(packageName: string, options: PublicKeyCredentialRequestOptionsJSON): RestoreKey | undefined {
    const key = this.#byPackage.get(packageName);
    if (!key || (options.rpId !== undefined && options.rpId !== key.credential.rpId)) return undefined;
    const allow = (options.allowCredentials ?? []).filter((d) => d.type === 'public-key').map((d) => d.id);
    if (allow.length > 0 && !allow.includes(key.credential.id)) return undefined;
    return structuredClone(key);
  }

  get(packageName: string): RestoreKey | undefined {
    const k = this.#byPackage.get(packageName);
    return k ? structuredClone(k) : undefined;
  }

  delete(packageName: string): boolean {
    return this.#byPackage.delete(packageName);
  }

  list(): RestoreKey[] {
    return [...this.#byPackage.values()].map((k) => structuredClone(k));
  }
}
