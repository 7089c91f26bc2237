// The software provider's isAutoSelectAllowed: with it, a lone passkey signs in without the selector;
// without it (the default), the selector shows even a single entry.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CredentialManager } from '../../packages/credential-manager/src/credential-manager.js';
import { CreatePublicKeyCredentialRequest } from '../../packages/credential-manager/src/requests/create-public-key-credential-request.js';
import { GetCredentialRequest } from '../../packages/credential-manager/src/requests/get-credential-request.js';
import { GetPublicKeyCredentialOption } from '../../packages/credential-manager/src/requests/get-public-key-credential-option.js';
import { PublicKeyCredential } from '../../packages/credential-manager/src/responses/credential.js';
import { PACKAGE, creationJson, phone, requestJson } from './fixtures.js';

async function signInShowsSelector(autoSelectAllowed: boolean | undefined): Promise<number> {
  const { device } = phone(autoSelectAllowed === undefined ? {} : { autoSelectAllowed });
  const context = device.context(PACKAGE);
  const manager = CredentialManager.create(context);
  await manager.createCredential(context, new CreatePublicKeyCredentialRequest(creationJson()));
  let shown = 0;
  device.chooser = () => (shown++, 0);
  const got = await manager.getCredential(
    context,
    new GetCredentialRequest([new GetPublicKeyCredentialOption(requestJson())]),
  );
  assert.ok(got.credential instanceof PublicKeyCredential);
  return shown;
}

describe('software provider auto-select', () => {
  it('a lone passkey is auto-selected only when the provider allows it', async () => {
    assert.equal(await signInShowsSelector(undefined), 1, 'default: the selector shows');
    assert.equal(await signInShowsSelector(false), 1);
    assert.equal(await signInShowsSelector(true), 0, 'auto-selected');
  });
});
