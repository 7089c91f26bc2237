// Signal API on the provider: hide / unhide / rename scoped to rpId + userId, notifications, rate limit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  SIGNAL_ALL_ACCEPTED_CREDENTIALS_REQUEST_TYPE as ALL,
  SIGNAL_CURRENT_USER_DETAILS_STATE_REQUEST_TYPE as DETAILS,
  SIGNAL_UNKNOWN_CREDENTIAL_STATE_REQUEST_TYPE as UNKNOWN,
  SignalUnknownCredentialRequest,
} from '../../packages/credential-manager/src/requests/signal-credential-state-request.js';
import { SignalCredentialRateLimitExceededException } from '../../packages/credential-manager/src/exceptions/signal.js';
import { RP_ID, b64, caller, creationJson, phone, requestJson } from './fixtures.js';
import type { Device } from '../../packages/provider/src/device.js';

function passkey(
  device: Device,
  user: { id: string; name: string; displayName: string },
  rpId = RP_ID,
): string {
  const json = creationJson({ rp: { id: rpId, name: 'x' } }, user);
  return JSON.parse(device.provider.createPublicKeyCredential(json, caller())).id as string;
}

const offered = async (device: Device) =>
  (
    await device.provider.onBeginGetCredential({
      option: new (
        await import('../../packages/credential-manager/src/requests/get-public-key-credential-option.js')
      ).GetPublicKeyCredentialOption(requestJson()),
      callingApp: caller(),
    })
  ).credentialEntries.map((e) => e.id);

/** Asset links that delegate every domain to the test app (so only the rpId scoping decides). */
const linkedEverywhere = () => [
  {
    relation: ['delegate_permission/common.handle_all_urls'],
    target: {
      namespace: 'android_app',
      package_name: caller().packageName,
      sha256_cert_fingerprints: [Buffer.from(caller().signingCertificateSha256).toString('hex')],
    },
  },
];

const alice = { id: b64(16), name: 'alice', displayName: 'Alice' };
const bob = { id: b64(16), name: 'bob', displayName: 'Bob' };

describe('signals', () => {
  it('unknownCredential hides only the credential of that rpId; hidden ones are never offered', async () => {
    const { device } = phone();
    const a1 = passkey(device, alice);
    const a2 = passkey(device, alice);
    assert.deepEqual(new Set(await offered(device)), new Set([a1, a2]));
    // wrong rpId: nothing happens (MyVault would ignore rpId; we do not)
    assert.deepEqual(
      device.provider.signal(UNKNOWN, JSON.stringify({ rpId: 'other.example', credentialId: a1 }), caller()),
      null,
    );
    const outcome = device.provider.signal(
      UNKNOWN,
      JSON.stringify({ rpId: RP_ID, credentialId: a1 }),
      caller(),
    );
    assert.deepEqual(outcome?.changed, [a1]);
    assert.deepEqual(await offered(device), [a2]);
    const [n] = device.notifications.list();
    assert.equal(n?.kind, 'unknownCredential');
    assert.deepEqual(n?.credentialIds, [a1]);
    assert.equal(device.account!.passkeys.credentials().length, 2, 'hidden, not deleted');
  });

  it('allAcceptedCredentials hides missing and unhides listed credentials of that user only', async () => {
    const { device } = phone();
    const a1 = passkey(device, alice);
    const a2 = passkey(device, alice);
    const b1 = passkey(device, bob);
    device.provider.signal(
      ALL,
      JSON.stringify({ rpId: RP_ID, userId: alice.id, allAcceptedCredentialIds: [a2] }),
      caller(),
    );
    assert.deepEqual(new Set(await offered(device)), new Set([a2, b1]));
    device.provider.signal(
      ALL,
      JSON.stringify({ rpId: RP_ID, userId: alice.id, allAcceptedCredentialIds: [a1, a2] }),
      caller(),
    );
    assert.deepEqual(new Set(await offered(device)), new Set([a1, a2, b1]));
    assert.deepEqual(
      device.notifications.list('allAcceptedCredentials').map((n) => n.credentialIds),
      [[a1], [a1]],
    );
  });

  it('currentUserDetails renames the user’s credentials for that rpId only', async () => {
    const { device } = phone();
    device.assetLinks = () => [
      {
        relation: ['delegate_permission/common.handle_all_urls'],
        target: {
          namespace: 'android_app',
          package_name: caller().packageName,
          sha256_cert_fingerprints: [Buffer.from(caller().signingCertificateSha256).toString('hex')],
        },
      },
    ];
    const a1 = passkey(device, alice);
    const other = passkey(device, alice, 'other.example');
    passkey(device, bob);
    device.provider.signal(
      DETAILS,
      JSON.stringify({ rpId: RP_ID, userId: alice.id, name: 'alice2', displayName: 'Alice Two' }),
      caller(),
    );
    const byId = new Map(device.account!.passkeys.credentials().map((c) => [c.id, c]));
    assert.equal(byId.get(a1)?.userName, 'alice2');
    assert.equal(byId.get(a1)?.userDisplayName, 'Alice Two');
    assert.equal(byId.get(other)?.userName, 'alice');
    assert.equal(device.notifications.list('currentUserDetails').length, 1);
  });

  it('a same-userId credential of another rpId is never touched, even when the caller may use both', () => {
    const { device } = phone();
    device.assetLinks = linkedEverywhere;
    const mine = passkey(device, alice);
    const other = passkey(device, alice, 'other.example');
    const hidden = () =>
      new Set(
        device
          .account!.passkeys.credentials()
          .filter((c) => c.hidden)
          .map((c) => c.id),
      );
    // unknownCredential names the right id but the other rpId: nothing happens
    const wrongRp = device.provider.signal(
      UNKNOWN,
      JSON.stringify({ rpId: 'other.example', credentialId: mine }),
      caller(),
    );
    assert.deepEqual(wrongRp?.changed, []);
    assert.deepEqual(hidden(), new Set());
    // allAccepted for RP_ID with an empty list hides alice's RP_ID passkey only
    device.provider.signal(
      ALL,
      JSON.stringify({ rpId: RP_ID, userId: alice.id, allAcceptedCredentialIds: [] }),
      caller(),
    );
    assert.deepEqual(hidden(), new Set([mine]));
    // and a list for the other rpId that omits `mine` does not touch it either way
    device.provider.signal(
      ALL,
      JSON.stringify({ rpId: 'other.example', userId: alice.id, allAcceptedCredentialIds: [other, mine] }),
      caller(),
    );
    assert.deepEqual(hidden(), new Set([mine]));
    assert.equal(device.notifications.list().length, 1);
  });

  it('through onSignalCredentialState with the library request classes', async () => {
    const { device } = phone();
    const a1 = passkey(device, alice);
    await device.provider.onSignalCredentialState({
      callingRequest: new SignalUnknownCredentialRequest(JSON.stringify({ rpId: RP_ID, credentialId: a1 })),
      callingApp: caller(),
    });
    assert.deepEqual(await offered(device), []);
  });

  it('more than 10 signals per app in 120 s fail with the time to wait; the window slides', async () => {
    const { device, clock } = phone();
    const json = JSON.stringify({ rpId: RP_ID, credentialId: b64(32) });
    for (let i = 0; i < 10; i++) {
      device.provider.signal(UNKNOWN, json, caller());
      clock.advance(1000);
    }
    assert.throws(
      () => device.provider.signal(UNKNOWN, json, caller()),
      (e) =>
        e instanceof SignalCredentialRateLimitExceededException &&
        e.retryMillis === 110_000 &&
        /after 2 minutes/.test(e.message),
    );
    assert.doesNotThrow(
      () => device.provider.signal(UNKNOWN, json, caller('com.other.app')),
      'the limit is per app',
    );
    clock.advance(110_000);
    assert.doesNotThrow(() => device.provider.signal(UNKNOWN, json, caller()));
  });

  it('the limit is configurable', () => {
    const { device } = phone({ signalRateLimit: { limit: 2, windowMs: 5000 } });
    const json = JSON.stringify({ rpId: RP_ID, credentialId: b64(32) });
    device.provider.signal(UNKNOWN, json, caller());
    device.provider.signal(UNKNOWN, json, caller());
    assert.throws(
      () => device.provider.signal(UNKNOWN, json, caller()),
      SignalCredentialRateLimitExceededException,
    );
  });
});
