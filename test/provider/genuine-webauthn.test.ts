// "Everything the provider produces also verifies with @simplewebauthn/server": passkeys AND restore keys,
// registration and authentication, for each COSE algorithm the provider supports (ES256, EdDSA, RS256),
// through the provider's CredentialProvider interface; and keys of a saved-then-loaded device still sign.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { CreatePublicKeyCredentialRequest } from '../../packages/credential-manager/src/requests/create-public-key-credential-request.js';
import { CreateRestoreCredentialRequest } from '../../packages/credential-manager/src/requests/create-restore-credential-request.js';
import { GetPublicKeyCredentialOption } from '../../packages/credential-manager/src/requests/get-public-key-credential-option.js';
import { GetRestoreCredentialOption } from '../../packages/credential-manager/src/requests/get-restore-credential-option.js';
import type {
  AnyCreateCredentialRequest,
  AnyCredentialOption,
} from '../../packages/credential-manager/src/provider.js';
import {
  CreatePublicKeyCredentialResponse,
  CreateRestoreCredentialResponse,
} from '../../packages/credential-manager/src/responses/create-credential-response.js';
import {
  Credential,
  PublicKeyCredential,
  RestoreCredential,
} from '../../packages/credential-manager/src/responses/credential.js';
import { Device } from '../../packages/provider/src/device.js';
import { PACKAGE, RP_ID, assetLinks, caller, creationJson, phone, requestJson } from './fixtures.js';

const ORIGIN = caller().apkKeyHashOrigin;
const NAMES: Record<number, string> = { [-7]: 'ES256', [-8]: 'EdDSA', [-257]: 'RS256' };

type Kind = 'passkey' | 'restore key';

async function register(device: Device, kind: Kind, alg: number) {
  const json = creationJson({
    pubKeyCredParams: [{ type: 'public-key', alg }],
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  const request: AnyCreateCredentialRequest =
    kind === 'passkey'
      ? new CreatePublicKeyCredentialRequest(json)
      : new CreateRestoreCredentialRequest(json);
  const { createEntries } = await device.provider.onBeginCreateCredential({ request, callingApp: caller() });
  const created = await device.provider.onCreateCredential({
    request,
    callingApp: caller(),
    entry: createEntries[0]!,
  });
  const responseJson =
    created instanceof CreatePublicKeyCredentialResponse
      ? created.registrationResponseJson
      : (created as CreateRestoreCredentialResponse).responseJson;
  const response = JSON.parse(responseJson);
  assert.equal(response.response.publicKeyAlgorithm, alg, `${kind} uses ${NAMES[alg]}`);
  const v = await verifyRegistrationResponse({
    response,
    expectedChallenge: JSON.parse(json).challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    requireUserVerification: false,
  });
  assert.equal(v.verified, true, `${kind} ${NAMES[alg]} registration`);
  return v.registrationInfo!.credential;
}

async function authenticate(
  device: Device,
  kind: Kind,
  credential: Awaited<ReturnType<typeof register>>,
): Promise<void> {
  const json = requestJson();
  const option: AnyCredentialOption =
    kind === 'passkey' ? new GetPublicKeyCredentialOption(json) : new GetRestoreCredentialOption(json);
  const { credentialEntries } = await device.provider.onBeginGetCredential({ option, callingApp: caller() });
  const data = await device.provider.onGetCredential({
    option,
    callingApp: caller(),
    selected: { kind: 'credential', entry: credentialEntries.find((e) => e.id === credential.id)! },
  });
  const got = Credential.createFrom(data.type, data.data);
  assert.ok(got instanceof (kind === 'passkey' ? PublicKeyCredential : RestoreCredential));
  const response = JSON.parse((got as PublicKeyCredential | RestoreCredential).authenticationResponseJson);
  assert.equal(response.id, credential.id);
  const v = await verifyAuthenticationResponse({
    response,
    expectedChallenge: JSON.parse(json).challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    credential: { ...credential, counter: 0 },
    requireUserVerification: false,
  });
  assert.equal(v.verified, true, `${kind} authentication`);
}

describe('the provider produces genuine WebAuthn (@simplewebauthn/server)', () => {
  for (const kind of ['passkey', 'restore key'] as const) {
    for (const alg of [-7, -8, -257]) {
      it(`${kind}, ${NAMES[alg]}: registration and authentication verify`, async () => {
        const { device } = phone();
        device.setAppSignedIn(PACKAGE, true);
        const credential = await register(device, kind, alg);
        await authenticate(device, kind, credential);
      });
    }
  }

  const dir = mkdtempSync(join(tmpdir(), 'credkit-genuine-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a saved and loaded device: its passkey and restore key still sign, and verify', async () => {
    const { device } = phone();
    device.setAppSignedIn(PACKAGE, true);
    const passkey = await register(device, 'passkey', -8);
    const restoreKey = await register(device, 'restore key', -7);
    const path = join(dir, 'phone.json');
    device.save(path);
    const loaded = Device.load(path, { assetLinks });
    await authenticate(loaded, 'passkey', passkey);
    await authenticate(loaded, 'restore key', restoreKey);
  });
});
