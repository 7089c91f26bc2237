// SoftwareAuthenticator: a WebAuthn authenticator with real node:crypto keys, as a synced passkey provider
// (Google Password Manager, MyVault) implements it. It produces genuine RegistrationResponseJSON and
// AuthenticationResponseJSON (§5.2.1, §5.2.2 and their L3 toJSON() encodings) that any RP library verifies.
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import {
  buildAttestationObject,
  type AttestationCertificateChain,
  type AttestationMode,
} from './attestation.js';
import { buildAuthenticatorData } from './authenticator-data.js';
import { clientDataFor } from './client-data.js';
import { CredentialStore, type CredentialStoreState, type StoredCredential } from './credential-store.js';
import { AuthenticatorError } from './errors.js';
import {
  coseEncodePublicKey,
  exportPrivateKey,
  generateCredentialKeyPair,
  isKeyAlgorithm,
  SUPPORTED_ALGORITHMS,
  type KeyAlgorithm,
  importPrivateKey,
  signWithCredentialKey,
  spkiOf,
} from './keys.js';
import { authenticationResponseJSON, registrationResponseJSON } from './response-json.js';
import { checkCreationOptions, checkRequestOptions, decideUserVerification } from './options-check.js';
import type {
  AssertionClientContext,
  AuthenticationResponseJSON,
  ClientContext,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from './types.js';

export interface SoftwareAuthenticatorOptions {
  /** 16 bytes; default all zero (as Google Password Manager and MyVault report for "none"). */
  aaguid?: Uint8Array;
  /** BE flag (default true: a synced provider). */
  backupEligible?: boolean;
  /** BS flag (default true). */
  backedUp?: boolean;
  /** Default true. Without it, userVerification "required" fails with NotAllowedError. */
  supportsUserVerification?: boolean;
  /** Default "none"; "packed" is self attestation, or full attestation with `attestationCertificate`. */
  attestation?: AttestationMode;
  /**
   * With attestation "packed": the attestation key and x5c chain (a security key's batch certificate) that sign
   * instead of the credential key. Its certificate should carry the packed subject (§8.2.1).
   */
  attestationCertificate?: AttestationCertificateChain;
  /** "zero" (default, synced passkeys keep 0) or "increment" (a per-credential counter). */
  signCounter?: 'zero' | 'increment';
  /** Credential ID length in bytes (default 32). */
  credentialIdLength?: number;
  /**
   * COSE algorithms it can make keys for, any of KEY_ALGORITHMS (default SUPPORTED_ALGORITHMS: ES256, EdDSA,
   * RS256). It uses the first entry of pubKeyCredParams it can make, as §5.1.3 step 10 says.
   */
  algorithms?: readonly KeyAlgorithm[];
  now?: () => number;
  randomBytes?: (length: number) => Uint8Array;
  state?: CredentialStoreState;
}

export interface CreatedCredential {
  response: RegistrationResponseJSON;
  credentialId: string;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

export class SoftwareAuthenticator {
  readonly aaguid: Uint8Array;
  readonly backupEligible: boolean;
  readonly backedUp: boolean;
  readonly supportsUserVerification: boolean;
  readonly attestation: AttestationMode;
  readonly #attestationCertificate: AttestationCertificateChain | undefined;
  readonly signCounter: 'zero' | 'increment';
  readonly store: CredentialStore;
  readonly #now: () => number;
  readonly #random: (length: number) => Uint8Array;
  readonly #idLength: number;
  readonly algorithms: readonly KeyAlgorithm[];

  constructor(options: SoftwareAuthenticatorOptions = {}) {
    this.aaguid = options.aaguid ?? new Uint8Array(16);
    if (this.aaguid.length !== 16) throw new RangeError('aaguid must be 16 bytes');
    this.backupEligible = options.backupEligible ?? true;
    this.backedUp = this.backupEligible && (options.backedUp ?? true);
    this.supportsUserVerification = options.supportsUserVerification ?? true;
    this.attestation = options.attestation ?? 'none';
    this.#attestationCertificate = options.attestationCertificate;
    this.signCounter = options.signCounter ?? 'zero';
    this.#idLength = options.credentialIdLength ?? 32;
    this.algorithms = [...(options.algorithms ?? SUPPORTED_ALGORITHMS)];
    if (this.algorithms.length === 0 || !this.algorithms.every(isKeyAlgorithm))
      throw new RangeError('algorithms must be a non-empty list of KEY_ALGORITHMS');
    this.#now = options.now ?? Date.now;
    this.#random = options.randomBytes ?? ((n) => new Uint8Array(nodeRandomBytes(n)));
    this.store = new CredentialStore(options.state);
  }

  /** Credentials held (hidden ones included unless asked otherwise). */
  credentials(filter?: { rpId?: string; userId?: string; includeHidden?: boolean }): StoredCredential[] {
    return this.store.list(filter);
  }

  exportState(): CredentialStoreState {
    return this.store.toJSON();
  }

  /** navigator.credentials.create() for a public-key credential: §5.1.3 client steps + §6.3.2 authenticatorMakeCredential. */
  createCredential(
    options: PublicKeyCredentialCreationOptionsJSON,
    client: ClientContext,
  ): CreatedCredential {
    const { userId, rpId, algorithm } = checkCreationOptions(options, client, this.algorithms);
    const challenge = options.challenge;

    // §6.3.2 step 3: a credential on the exclude list for this RP means InvalidStateError
    for (const d of options.excludeCredentials ?? []) {
      const held = this.store.get(d.id);
      if (held && held.rpId === rpId)
        throw new AuthenticatorError(
          'InvalidStateError',
          'the authenticator already holds an excluded credential',
        );
    }
    const uv = decideUserVerification(
      options.authenticatorSelection?.userVerification,
      client,
      this.supportsUserVerification,
    );

    const credentialId = this.#random(this.#idLength);
    const id = b64(credentialId);
    const keys = generateCredentialKeyPair(algorithm);
    const cosePublicKey = coseEncodePublicKey(algorithm, keys.publicKey);
    const authData = buildAuthenticatorData({
      rpId,
      userPresent: client.userPresent ?? true,
      userVerified: uv,
      backupEligible: this.backupEligible,
      backedUp: this.backedUp,
      signCount: 0,
      attestedCredential: { aaguid: this.aaguid, credentialId, cosePublicKey },
    });
    const { clientDataJSON, clientDataHash } = clientDataFor('webauthn.create', challenge, client);
    const attestationObject = buildAttestationObject(
      options.attestation === 'none' ? 'none' : this.attestation,
      authData,
      clientDataHash,
      algorithm,
      keys.privateKey,
      this.#attestationCertificate,
    );
    const now = this.#now();
    this.store.put({
      id,
      rpId,
      userId: b64(userId),
      userName: options.user.name,
      userDisplayName: options.user.displayName ?? '',
      algorithm,
      privateKey: exportPrivateKey(keys.privateKey),
      publicKey: b64(cosePublicKey),
      signCount: 0,
      backupEligible: this.backupEligible,
      backedUp: this.backedUp,
      hidden: false,
      createdAt: now,
    });
    const clientExtensionResults: Record<string, unknown> = {};
    if (options.extensions?.credProps === true) clientExtensionResults.credProps = { rk: true };
    const response = registrationResponseJSON({
      credentialId: id,
      clientDataJSON,
      attestationObject,
      authenticatorData: authData,
      spki: spkiOf(keys.privateKey),
      algorithm,
      clientExtensionResults,
    });
    return { response, credentialId: id };
  }

  /** navigator.credentials.get(): §5.1.4 client steps + §6.3.3 authenticatorGetAssertion. */
  getAssertion(
    options: PublicKeyCredentialRequestOptionsJSON,
    client: AssertionClientContext,
  ): AuthenticationResponseJSON {
    const rpId = checkRequestOptions(options, client);
    const credential = this.selectCredential(options, rpId, client.credentialId);
    if (!credential)
      throw new AuthenticatorError('NotAllowedError', 'no credential is available for this request');
    const uv = decideUserVerification(options.userVerification, client, this.supportsUserVerification);

    // §6.1.1: synced passkeys keep a zero counter; otherwise increment per credential
    const signCount = this.signCounter === 'increment' ? credential.signCount + 1 : 0;
    const authData = buildAuthenticatorData({
      rpId,
      userPresent: client.userPresent ?? true,
      userVerified: uv,
      backupEligible: credential.backupEligible,
      backedUp: credential.backedUp,
      signCount,
    });
    const { clientDataJSON, clientDataHash } = clientDataFor('webauthn.get', options.challenge, client);
    // §6.3.3 step 11: signature over authenticatorData || clientDataHash
    const signature = signWithCredentialKey(
      credential.algorithm,
      importPrivateKey(credential.privateKey),
      Buffer.concat([authData, clientDataHash]),
    );
    this.store.update(credential.id, { signCount, lastUsedAt: this.#now() });
    return authenticationResponseJSON({
      credentialId: credential.id,
      clientDataJSON,
      authenticatorData: authData,
      signature,
      userHandle: credential.userId,
    });
  }

  /**
   * The credential a get() would use, or undefined: never a hidden one. With allowCredentials, the first
   * allowed one held; without (discoverable), `credentialId` if given, else the most recently created.
   */
  selectCredential(
    options: PublicKeyCredentialRequestOptionsJSON,
    rpId: string,
    credentialId?: string,
  ): StoredCredential | undefined {
    const candidates = this.store.list({ rpId, includeHidden: false });
    const allow = options.allowCredentials ?? [];
    let pool = candidates;
    if (allow.length > 0) {
      const allowed = new Set(allow.filter((d) => d.type === 'public-key').map((d) => d.id));
      pool = candidates.filter((c) => allowed.has(c.id));
    }
    if (credentialId !== undefined) return pool.find((c) => c.id === credentialId);
    return pool.at(-1);
  }
}
