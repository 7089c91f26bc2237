// CreateRestoreCredentialRequest: create a restore key (a WebAuthn credential kept by Block Store).
import { IllegalArgumentException } from '../exceptions/java.js';
import { getStringCoerced, isJsonObject, parseJsonObject } from '../json.js';
import { BUNDLE_KEY_REQUEST_JSON, TYPE_RESTORE_CREDENTIAL } from '../types.js';
import { CreateCredentialRequest } from './create-credential-request.js';
import { DisplayInfo } from './display-info.js';

export const BUNDLE_KEY_SHOULD_BACKUP_TO_CLOUD = 'androidx.credentials.BUNDLE_KEY_SHOULD_BACKUP_TO_CLOUD';

export class CreateRestoreCredentialRequest extends CreateCredentialRequest {
  override readonly type = TYPE_RESTORE_CREDENTIAL;
  readonly requestJson: string;
  /** true (default, recommended): also back the key up to the cloud, which needs E2EE backup on the device. */
  readonly isCloudBackupEnabled: boolean;

  /**
   * Only `user.id` is checked here; the WebAuthn shape is checked later and fails as
   * CreateRestoreCredentialDomException(DataError).
   * @throws IllegalArgumentException "user.id must be defined in requestJson"
   */
  constructor(requestJson: string, isCloudBackupEnabled = true) {
    super({
      type: TYPE_RESTORE_CREDENTIAL,
      credentialData: {
        [BUNDLE_KEY_REQUEST_JSON]: requestJson,
        [BUNDLE_KEY_SHOULD_BACKUP_TO_CLOUD]: isCloudBackupEnabled,
      },
      displayInfo: displayInfoFrom(requestJson),
    });
    this.requestJson = requestJson;
    this.isCloudBackupEnabled = isCloudBackupEnabled;
  }
}

function displayInfoFrom(requestJson: string): DisplayInfo {
  try {
    const user = parseJsonObject(requestJson)?.['user'];
    if (!isJsonObject(user)) throw new Error('no user');
    const id = getStringCoerced(user, 'id');
    if (id === null) throw new Error('no user.id');
    return new DisplayInfo(id);
  } catch {
    throw new IllegalArgumentException('user.id must be defined in requestJson');
  }
}
