// android.app.backup.BackupAgent, the part a restore calls: onRestore runs on the new phone once the app's
// data is back and before the user first opens the app. The restore-credentials guide recommends fetching
// the restore key there (getCredential with a GetRestoreCredentialOption) and notifying the user.
import type { Context } from '@credkit/credential-manager';
import type { AppNotification, AppNotificationContent } from './app-notifications.js';

/** How the app's data reached the new phone. */
export type RestoreTransport = 'cloud' | 'deviceToDevice';

export interface RestoreContext {
  readonly packageName: string;
  readonly transport: RestoreTransport;
  /** The Context the agent passes to CredentialManager.create(context). */
  readonly context: Context;
  /** Posts a notification from the app (shown although the app was never opened). */
  postNotification(content: AppNotificationContent): AppNotification;
  /** Records the app's signed-in state, as the app would after signing in with its restore key. */
  setSignedIn(signedIn: boolean): void;
}

export interface BackupAgent {
  onRestore(restore: RestoreContext): void | Promise<void>;
}

/** One restored app: whether its restore key came along and what its agent did. */
export interface RestoredApp {
  packageName: string;
  restoreKey: boolean;
  /** "none": the app registered no agent; "failed": onRestore threw (the restore goes on, as on Android). */
  agent: 'none' | 'ran' | 'failed';
  error?: unknown;
}
