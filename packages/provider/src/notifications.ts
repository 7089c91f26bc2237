// What the provider shows the user after acting on a signal: recorded so a test can read them, the way the
// Signal API guide has developers watch MyVault's notifications.

export type SignalKind = 'unknownCredential' | 'allAcceptedCredentials' | 'currentUserDetails';

export interface ProviderNotification {
  /** Sequence number, from 1. */
  id: number;
  at: number;
  kind: SignalKind;
  /** The app that sent the signal. */
  packageName: string;
  rpId: string;
  title: string;
  text: string;
  /** Credential ids the signal hid, unhid or updated. */
  credentialIds: string[];
}

export class NotificationLog {
  readonly #items: ProviderNotification[] = [];

  post(n: Omit<ProviderNotification, 'id'>): ProviderNotification {
    const item = { ...n, id: this.#items.length + 1 };
    this.#items.push(item);
    return item;
  }

  list(kind?: SignalKind): ProviderNotification[] {
    return this.#items.filter((n) => kind === undefined || n.kind === kind).map((n) => ({ ...n }));
  }

  get size(): number {
    return this.#items.length;
  }
}
