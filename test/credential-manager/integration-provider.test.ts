// CredentialManager + credkit/provider's software provider on a Device: the app's calls go through this
// area's routing and checks into the real provider, and what comes back verifies with @simplewebauthn/server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import * as cm from '../../packages/credential-manager/src/index.js';
import {
  Device,
  ProviderAccount,
  certificateFingerprint,
  staticAssetLinks,
  RELATION_GET_LOGIN_CREDS,
  RELATION_HANDLE_ALL_URLS,
} from '../../packages/provider/src/index.js';

const RP_ID = 'shrine.example';
const PACKAGE = 'com.example.shrine';
const CERT = new Uint8Array(randomBytes(64));
const DIGEST = createHash('sha256').update(CERT).digest();
const ORIGIN = `android:apk-key-hash:${DIGEST.toString('base64url')}`;
const USER_ID = randomBytes(16).toString('base64url');

function phone(): { device: Device; context: cm.Context; manager: cm.CredentialManager } {
  const device = new Device({
    screenLock: '1234',
    backupEnabled: true,
    account: new ProviderAccount({ email: 'alice@mail.example' }),
    assetLinks: staticAssetLinks({
      [RP_ID]: [
        {
          relation: [RELATION_HANDLE_ALL_URLS, RELATION_GET_LOGIN_CREDS],
          target: {
            namespace: 'android_app',
            package_name: PACKAGE,
            sha256_cert_fingerprints: [certificateFingerprint(DIGEST)],
          },
        },
      ],
    }),
  });
  device.install({
    packageName: PACKAGE,
    signingCertificate: CERT,
    permissions: [cm.CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS],
  });
  device.setAppSignedIn(PACKAGE, true);
  const context = device.context(PACKAGE);
  return { device, context, manager: cm.CredentialManager.create(context) };
}

function creationJson(challenge: string, residentKey = 'required'): string {
  return JSON.stringify({
    rp: { id: RP_ID, name: 'Shrine' },
    user: { id: USER_ID, name: 'alice@shrine.example', displayName: 'Alice' },
    challenge,
    pubKeyCredParams: [
      { type: 'public-key', alg: -7 },
      { type: 'public-key', alg: -257 },
    ],
    authenticatorSelection: { residentKey, userVerification: 'required' },
    attestation: 'none',
  });
}

const requestJson = (challenge: string, userVerification = 'required') =>
  JSON.stringify({ challenge, rpId: RP_ID, allowCredentials: [], userVerification });

async function verifyCreate(json: string, challenge: string) {
  const reg = await verifyRegistrationResponse({
    response: JSON.parse(json),
    expectedChallenge: challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
  });
  assert.equal(reg.verified, true);
  return reg.registrationInfo!.credential;
}

async function verifyGet(
  json: string,
  challenge: string,
  credential: Awaited<ReturnType<typeof verifyCreate>>,
  uv: boolean,
) {
  const auth = await verifyAuthenticationResponse({
    response: JSON.parse(json),
    expectedChallenge: challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    credential,
    requireUserVerification: uv,
  });
  assert.equal(auth.verified, true);
}

test('passkey: create → get through CredentialManager, both verified by @simplewebauthn/server', async () => {
  const { context, manager } = phone();
  const c1 = randomBytes(32).toString('base64url');
  const created = await manager.createCredential(
    context,
    new cm.CreatePublicKeyCredentialRequest(creationJson(c1)),
  );
  assert.ok(created instanceof cm.CreatePublicKeyCredentialResponse);
  const credential = await verifyCreate(created.registrationResponseJson, c1);

  const c2 = randomBytes(32).toString('base64url');
  const prepared = await manager.prepareGetCredential(
    new cm.GetCredentialRequest([
      new cm.GetPublicKeyCredentialOption(requestJson(c2)),
      new cm.GetPasswordOption(),
    ]),
  );
  assert.equal(prepared.hasCredentialResults(cm.TYPE_PUBLIC_KEY_CREDENTIAL), true);
  const got = await manager.getCredential(context, prepared.pendingGetCredentialHandle);
  assert.ok(got.credential instanceof cm.PublicKeyCredential);
  const assertion = JSON.parse(got.credential.authenticationResponseJson);
  assert.equal(assertion.response.userHandle, USER_ID);
  await verifyGet(got.credential.authenticationResponseJson, c2, credential, true);
});

test('restore key: create → silent get (UV discouraged) → clear, verified by @simplewebauthn/server', async () => {
  const { context, manager } = phone();
  const c1 = randomBytes(32).toString('base64url');
  const created = await manager.createCredential(
    context,
    new cm.CreateRestoreCredentialRequest(creationJson(c1)),
  );
  assert.ok(created instanceof cm.CreateRestoreCredentialResponse);
  const credential = await verifyCreate(created.responseJson, c1);

  const c2 = randomBytes(32).toString('base64url');
  const request = new cm.GetCredentialRequest([
    new cm.GetRestoreCredentialOption(requestJson(c2, 'required')),
  ]);
  const got = await manager.getCredential(context, request);
  assert.ok(got.credential instanceof cm.RestoreCredential);
  await verifyGet(got.credential.authenticationResponseJson, c2, credential, false);

  await manager.clearCredentialState(new cm.ClearCredentialStateRequest(cm.TYPE_CLEAR_RESTORE_CREDENTIAL));
  await assert.rejects(manager.getCredential(context, request), cm.NoCredentialException);
});

test('checks before the provider and the provider’s own failures reach the app as library exceptions', async () => {
  const { device, context, manager } = phone();
  const tooLong = creationJson('AAAA').replace(USER_ID, Buffer.alloc(65, 7).toString('base64url'));
  await assert.rejects(
    manager.createCredential(context, new cm.CreateRestoreCredentialRequest(tooLong)),
    cm.CreateRestoreCredentialDomException,
  );
  device.backupEnabled = false;
  await assert.rejects(
    manager.createCredential(context, new cm.CreateRestoreCredentialRequest(creationJson('AAAA'))),
    cm.E2eeUnavailableException,
  );
  await assert.rejects(
    manager.getCredential(
      context,
      new cm.GetCredentialRequest([new cm.GetPublicKeyCredentialOption(requestJson('AAAA'))]),
    ),
    cm.NoCredentialException,
  );
});

test('signalUnknownCredential through CredentialManager hides the passkey from sign-in', async () => {
  const { context, manager } = phone();
  const created = await manager.createCredential(
    context,
    new cm.CreatePublicKeyCredentialRequest(creationJson(randomBytes(32).toString('base64url'))),
  );
  const credentialId = JSON.parse(created.registrationResponseJson).id as string;
  await manager.signalCredentialState(
    new cm.SignalUnknownCredentialRequest(JSON.stringify({ rpId: RP_ID, credentialId })),
  );
  await assert.rejects(
    manager.getCredential(
      context,
      new cm.GetCredentialRequest([new cm.GetPublicKeyCredentialOption(requestJson('AAAA'))]),
    ),
    cm.NoCredentialException,
  );
});

test('malformed signals fail with IllegalArgumentException before any provider sees them (no rate-limit slot used)', async () => {
  const { device, context, manager } = phone();
  const created = await manager.createCredential(
    context,
    new cm.CreatePublicKeyCredentialRequest(creationJson(randomBytes(32).toString('base64url'))),
  );
  const credentialId = JSON.parse(created.registrationResponseJson).id as string;
  const seen: string[] = [];
  const deliver = device.provider.onSignalCredentialState.bind(device.provider);
  device.provider.onSignalCredentialState = async (request) => {
    seen.push(request.callingRequest.type);
    return deliver(request);
  };
  const unknown = (j: string) => new cm.SignalUnknownCredentialRequest(j);
  const accepted = (j: string) => new cm.SignalAllAcceptedCredentialIdsRequest(j);
  const details = (j: string) => new cm.SignalCurrentUserDetailsRequest(j);
  const malformed: [(json: string) => cm.SignalCredentialStateRequest, object][] = [
    [unknown, { rpId: RP_ID }],
    [unknown, { rpId: RP_ID, credentialId: `${credentialId}+/` }],
    [accepted, { rpId: RP_ID, userId: USER_ID }],
    [accepted, { rpId: RP_ID, userId: USER_ID, allAcceptedCredentialIds: ['not base64url!'] }],
    [details, { rpId: RP_ID, userId: USER_ID, name: 'mallory' }],
    [details, { rpId: RP_ID, userId: '***', name: 'mallory', displayName: 'Mallory' }],
  ];
  // twice round: more attempts than the rate limit allows
  for (const [make, body] of [...malformed, ...malformed]) {
    const json = JSON.stringify(body);
    await assert.rejects(
      async () => manager.signalCredentialState(make(json)),
      (e: unknown) =>
        e instanceof cm.IllegalArgumentException &&
        e.message === `Structural/type validation failed for JSON: '${json}'`,
    );
  }
  assert.deepEqual(seen, [], 'no provider saw a malformed signal');
  assert.equal(device.notifications.size, 0);
  const [stored] = device.account!.passkeys.credentials();
  assert.equal(stored?.hidden, false);
  assert.equal(stored?.userName, 'alice@shrine.example');
  // the provider's limit (10 per 120 s) counted none of them
  const valid = details(
    JSON.stringify({ rpId: RP_ID, userId: USER_ID, name: 'alice@shrine.example', displayName: 'Alice' }),
  );
  for (let i = 0; i < 10; i++) await manager.signalCredentialState(valid);
  await assert.rejects(manager.signalCredentialState(valid), cm.SignalCredentialRateLimitExceededException);
  assert.equal(seen.length, 11);
});
