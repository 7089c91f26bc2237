// Notifications apps post on the device (the provider's own Signal API notifications are in notifications.ts).
// A restored app may post one from its BackupAgent.onRestore, before the user has ever opened it.

export interface AppNotification {
  /** Sequence number, from 1. */
  id: number;
  at: number;
  packageName: string;
  channelId: string;
  title: string;
  text: string;
  /** Posted before the app's first launch on this device (e.g. from BackupAgent.onRestore). */
  beforeFirstLaunch: boolean;
}

export interface AppNotificationContent {
  title: string;
  text: string;
  /** Default "default". */
  channelId?: string;
}

export class AppNotificationLog {
  readonly #items: AppNotification[] = [];

  post(n: Omit<AppNotification, 'id'>): AppNotification {
    const item = { ...n, id: this.#items.length + 1 };
    this.#items.push(item);
    return { ...item };
  }

  list(packageName?: string): AppNotification[] {
    return this.#items
      .filter((n) => packageName === undefined || n.packageName === packageName)
      .map((n) => ({ ...n }));
  }

  get size(): number {
    return this.#items.length;
  }
}
