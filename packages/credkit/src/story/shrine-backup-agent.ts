// The model app's BackupAgent, as the restore-credentials guide recommends: in onRestore, before the user has
// opened the app, fetch the restore key (silent getCredential), sign in at the server, and post a
// notification. No key (e.g. a cloud restore of a local-only key): a notification asking the user to sign in.
import { CredentialManager } from '@credkit/credential-manager';
import { NoCredentialException } from '@credkit/credential-manager';
import { GetCredentialRequest } from '@credkit/credential-manager';
import { GetRestoreCredentialOption } from '@credkit/credential-manager';
import { RestoreCredential } from '@credkit/credential-manager';
import type { BackupAgent, RestoreContext } from '@credkit/provider';
import { RpClient, type RpUser } from './rp-client.js';

export class ShrineBackupAgent implements BackupAgent {
  /** The session the agent started, for the app to pick up at its first launch. */
  token: string | undefined;
  user: RpUser | undefined;

  constructor(readonly serverUrl: string) {}

  async onRestore(restore: RestoreContext): Promise<void> {
    const rp = new RpClient(this.serverUrl);
    const manager = CredentialManager.create(restore.context);
    const options = await rp.post('/api/webauthn/authentication/options', { kind: 'restore' });
    let credential;
    try {
      ({ credential } = await manager.getCredential(
        restore.context,
        new GetCredentialRequest([new GetRestoreCredentialOption(JSON.stringify(options))]),
      ));
    } catch (e) {
      if (!(e instanceof NoCredentialException)) throw e;
      restore.postNotification({ title: 'Welcome to your new phone', text: 'Open Shrine to sign in again.' });
      return;
    }
    if (!(credential instanceof RestoreCredential))
      throw new TypeError(`expected a RestoreCredential, got ${credential.type}`);
    const result = await rp.post(
      '/api/webauthn/authentication/verify',
      JSON.parse(credential.authenticationResponseJson),
    );
    this.token = rp.token;
    this.user = result.user as RpUser;
    restore.setSignedIn(true);
    restore.postNotification({
      title: `Welcome back, ${this.user.displayName}`,
      text: 'You are signed in to Shrine on this phone.',
      channelId: 'account',
    });
  }
}
