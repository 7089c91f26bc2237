// One audit run's state and its genuine ceremonies: the users it creates, the software authenticators that hold
// their credentials (a security key with one credential per algorithm, a synced passkey), and helpers that ask
// the server for options and answer them as a browser would.
import { randomBytes } from 'node:crypto';
import {
  KEY_ALGORITHMS,
  SoftwareAuthenticator,
  type AssertionClientContext,
  type AuthenticationResponseJSON,
  type ClientContext,
  type KeyAlgorithm,
  type RegistrationResponseJSON,
} from '@credkit/provider';
import {
  ConformanceClient,
  serverPublicKeyCredential,
  type CreationOptions,
  type CreationOptionsRequest,
  type Exchange,
  type RequestOptions,
} from './client.js';
import type { SigningKey } from './tamper.js';

export interface AuditOptions {
  /** The conformance API's root URL. */
  url: string;
  /** The web origin the server accepts in clientDataJSON. */
  origin: string;
  /** The server's RP ID. */
  rpId: string;
  /** The longest stated timeout the audit waits out for the expired-challenge checks (default 30 s). */
  maxWaitMs?: number;
  /** How the audit waits (default a timer; tests pass one that moves a clock). */
  sleep?: (ms: number) => Promise<void>;
  /** Responses posted at once by the concurrency checks (default 8). */
  concurrency?: number;
  /** Per HTTP request (default 15 s). */
  requestTimeoutMs?: number;
}

export const DEFAULT_MAX_WAIT_MS = 30_000;
export const DEFAULT_CONCURRENCY = 8;

/** An attacker's origin and RP ID: the .invalid TLD is reserved, so they are nobody's (RFC 2606). */
export const FOREIGN_ORIGIN = 'https://credkit-audit.invalid';
export const FOREIGN_RP_ID = 'credkit-audit.invalid';

type Selection = NonNullable<CreationOptionsRequest['authenticatorSelection']>;

/** What a genuine registration produced: the server's answer to the options, the response and its id. */
export interface Registration {
  options: Exchange<CreationOptions>;
  response?: RegistrationResponseJSON;
  credentialId?: string;
  result?: Exchange;
}

export class AuditSession {
  readonly client: ConformanceClient;
  readonly origin: string;
  readonly rpId: string;
  readonly maxWaitMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly concurrency: number;
  /** Usernames made for this run (unique, so a server's earlier runs do not interfere). */
  readonly users: { main: string; other: string };
  /**
   * The main user's security keys, one per algorithm (an authenticator refuses a registration whose
   * excludeCredentials lists a credential it holds, so each algorithm's credential is on a key of its own); their
   * counters increment.
   */
  readonly #keys = new Map<number, SoftwareAuthenticator>();
  /** The main user's synced passkey: discoverable, counter always 0. */
  readonly synced = new SoftwareAuthenticator({ algorithms: KEY_ALGORITHMS, signCounter: 'zero' });
  /** The second user's authenticator. */
  readonly otherKey = new SoftwareAuthenticator({ algorithms: KEY_ALGORITHMS, signCounter: 'increment' });

  /** From the first creation options: the algorithms offered, in order. */
  offered: number[] = [];
  /** The main user's credential per algorithm (on `keyFor(alg)`). */
  readonly credentials = new Map<number, string>();
  /** The algorithm the attacks use: ES256 when offered, else the first offered one the audit can make. */
  primaryAlgorithm: KeyAlgorithm | undefined;
  /** The synced passkey's credential id, once registered. */
  syncedCredential: string | undefined;
  userHandles: { main?: string; other?: string } = {};

  constructor(options: AuditOptions) {
    this.origin = options.origin;
    this.rpId = options.rpId;
    this.client = new ConformanceClient(options.url, options.origin, options.requestTimeoutMs);
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    const tag = randomBytes(4).toString('hex');
    this.users = { main: `credkit-audit-${tag}-a`, other: `credkit-audit-${tag}-b` };
  }

  /** The client context of a genuine ceremony on the audited origin. */
  clientContext(extra: Partial<AssertionClientContext> = {}): AssertionClientContext {
    return { origin: this.origin, ...extra };
  }

  /** The algorithms offered that the audit can make keys for. */
  makeable(): KeyAlgorithm[] {
    return this.offered.filter((alg): alg is KeyAlgorithm =>
      (KEY_ALGORITHMS as readonly number[]).includes(alg),
    );
  }

  /** POST /attestation/options for a user of this run. */
  creationOptions(
    username: string,
    selection: Selection,
    attestation: CreationOptionsRequest['attestation'] = 'none',
  ): Promise<Exchange<CreationOptions>> {
    return this.client.creationOptions({
      username,
      displayName: `credkit audit ${username.endsWith('-a') ? 'A' : 'B'}`,
      authenticatorSelection: selection,
      attestation,
    });
  }

  /**
   * What `authenticator` answers to the options, as a browser on the audited origin would pass them (the RP ID
   * filled in when the server left it out); `algorithm` restricts pubKeyCredParams to that entry.
   */
  create(
    authenticator: SoftwareAuthenticator,
    options: CreationOptions,
    algorithm?: number,
    client: Partial<ClientContext> = {},
  ): RegistrationResponseJSON {
    const params =
      algorithm === undefined ? options.pubKeyCredParams : [{ type: 'public-key' as const, alg: algorithm }];
    const shaped = {
      ...options,
      rp: { ...options.rp, id: options.rp?.id ?? this.rpId },
      pubKeyCredParams: params,
    };
    return authenticator.createCredential(shaped, this.clientContext(client)).response;
  }

  /** Options, a genuine response from `authenticator`, and the server's verdict. */
  async register(
    username: string,
    authenticator: SoftwareAuthenticator,
    selection: Selection,
    input: {
      algorithm?: number;
      attestation?: CreationOptionsRequest['attestation'];
      client?: Partial<ClientContext>;
    } = {},
  ): Promise<Registration> {
    const options = await this.creationOptions(username, selection, input.attestation);
    if (!options.accepted || !options.body) return { options };
    const response = this.create(authenticator, options.body, input.algorithm, input.client);
    const result = await this.client.attestationResult(serverPublicKeyCredential(response));
    return { options, response, credentialId: response.id, result };
  }

  /** POST /assertion/options (an empty username: discoverable). */
  requestOptions(username: string, userVerification: 'required' | 'preferred' | 'discouraged') {
    return this.client.requestOptions({ username, userVerification });
  }

  /** A genuine assertion by `credentialId` for the options (the RP ID filled in when the server left it out). */
  assert(
    authenticator: SoftwareAuthenticator,
    options: RequestOptions,
    credentialId: string,
    client: Partial<AssertionClientContext> = {},
  ): AuthenticationResponseJSON {
    const shaped = { ...options, rpId: options.rpId ?? this.rpId };
    return authenticator.getAssertion(shaped, this.clientContext({ credentialId, ...client }));
  }

  /** The private key the authenticator holds for a credential. */
  signingKey(authenticator: SoftwareAuthenticator, credentialId: string): SigningKey {
    const credential = authenticator.store.get(credentialId);
    if (!credential) throw new RangeError(`the authenticator holds no credential ${credentialId}`);
    return { algorithm: credential.algorithm, privateKey: credential.privateKey };
  }

  /** The main user's security key for an algorithm. */
  keyFor(alg: KeyAlgorithm): SoftwareAuthenticator {
    let key = this.#keys.get(alg);
    if (!key) {
      key = new SoftwareAuthenticator({ algorithms: [alg], signCounter: 'increment', backupEligible: false });
      this.#keys.set(alg, key);
    }
    return key;
  }

  /** The main user's credential of the primary algorithm. */
  primaryCredential(): string | undefined {
    return this.primaryAlgorithm === undefined ? undefined : this.credentials.get(this.primaryAlgorithm);
  }

  /** The security key holding it. */
  primaryKey(): SoftwareAuthenticator {
    return this.keyFor(this.primaryAlgorithm!);
  }
}
