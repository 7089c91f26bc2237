// prepareGetCredential and getCredential agree about restore keys: the app's key is only reported when it
// can answer the request (same RP ID; listed when allowCredentials is not empty).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CredentialManager } from '../../packages/credential-manager/src/credential-manager.js';
import { NoCredentialException } from '../../packages/credential-manager/src/exceptions/get.js';
import { CreateRestoreCredentialRequest } from '../../packages/credential-manager/src/requests/create-restore-credential-request.js';
import { GetCredentialRequest } from '../../packages/credential-manager/src/requests/get-credential-request.js';
import { GetRestoreCredentialOption } from '../../packages/credential-manager/src/requests/get-restore-credential-option.js';
import { RestoreCredential } from '../../packages/credential-manager/src/responses/credential.js';
import {
  CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS,
  TYPE_RESTORE_CREDENTIAL,
} from '../../packages/credential-manager/src/types.js';
import { CERT, PACKAGE, b64, creationJson, phone, requestJson } from './fixtures.js';

describe('restore keys through prepareGetCredential', () => {
  it('reports the key only when getCredential would return it', async () => {
    const { device } = phone();
    device.uninstall(PACKAGE);
    device.install({
      packageName: PACKAGE,
      signingCertificate: CERT,
      permissions: [CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS],
    });
    device.setAppSignedIn(PACKAGE, true);
    const context = device.context(PACKAGE);
    const manager = CredentialManager.create(context);
    const created = await manager.createCredential(
      context,
      new CreateRestoreCredentialRequest(creationJson()),
    );
    const keyId = JSON.parse(created.responseJson).id as string;

    const cases: [Record<string, unknown>, boolean][] = [
      [{}, true],
      [{ allowCredentials: [{ type: 'public-key', id: keyId }] }, true],
      [{ rpId: 'other.example' }, false],
      [{ allowCredentials: [{ type: 'public-key', id: b64(32) }] }, false],
    ];
    for (const [over, found] of cases) {
      const request = new GetCredentialRequest([new GetRestoreCredentialOption(requestJson(over))]);
      const prepared = await manager.prepareGetCredential(request);
      assert.equal(prepared.hasCredentialResults(TYPE_RESTORE_CREDENTIAL), found, JSON.stringify(over));
      const got = manager.getCredential(context, prepared.pendingGetCredentialHandle);
      if (found) assert.ok((await got).credential instanceof RestoreCredential);
      else await assert.rejects(got, NoCredentialException);
    }
  });
});
