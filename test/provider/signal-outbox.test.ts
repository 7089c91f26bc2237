// The app side of the Signal API's rate rule (10 calls per 120 s): the 10th call goes out, the 11th waits;
// it goes out exactly when the oldest call leaves the window; a waiting signal is dropped only when a later
// one of the same kind and target supersedes it; a provider's SignalCredentialRateLimitExceededException is
// retried after its retryMillis. All on an injected clock.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignalCredentialRateLimitExceededException } from '../../packages/credential-manager/src/exceptions/signal.js';
import { SignalCredentialUnknownException } from '../../packages/credential-manager/src/exceptions/signal.js';
import {
  SignalUnknownCredentialRequest,
  type SignalCredentialStateRequest,
} from '../../packages/credential-manager/src/requests/signal-credential-state-request.js';
import { SignalOutbox } from '../../packages/credkit/src/story/signal-outbox.js';
import type { ServerSignals } from '../../packages/credkit/src/story/rp-client.js';
import { Device } from '../../packages/provider/src/device.js';
import { ProviderAccount } from '../../packages/provider/src/provider-account.js';
import { AndroidApp } from '../../packages/credkit/src/story/android-app.js';
import { SIMULATOR_APP, SIMULATOR_PACKAGE } from '../../packages/credkit/src/story/world.js';
import { ManualClock } from './manual-clock.js';

const RP = 'localhost';
const unknown = (credentialId: string): ServerSignals => ({ unknownCredential: { rpId: RP, credentialId } });
const accepted = (userId: string, ids: string[]): ServerSignals => ({
  allAcceptedCredentials: { rpId: RP, userId, allAcceptedCredentialIds: ids },
});
const details = (userId: string, name: string): ServerSignals => ({
  currentUserDetails: { rpId: RP, userId, name, displayName: name },
});

function outbox(clock: ManualClock, fail?: (request: SignalCredentialStateRequest) => Error | undefined) {
  const calls: { at: number; json: unknown }[] = [];
  const box = new SignalOutbox(
    async (request) => {
      const error = fail?.(request);
      calls.push({ at: clock.now(), json: JSON.parse(request.requestJson) });
      if (error) throw error;
    },
    { now: clock.now, schedule: clock.schedule },
  );
  return { box, calls };
}

const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => Buffer.from(`credential-${i}`).toString('base64url'));

describe('SignalOutbox: the app limits its own signal calls', () => {
  it('the 10th call in a window is sent, the 11th waits; it goes out at the window edge, not a millisecond before', async () => {
    const clock = new ManualClock();
    const { box, calls } = outbox(clock);
    const start = clock.now();
    for (const [i, id] of ids(10).entries()) {
      await box.submit(unknown(id));
      if (i < 9) await clock.advance(1_000); // calls at start, start+1 s, … start+9 s
    }
    assert.equal(calls.length, 10, 'the 10th call is within budget');
    assert.equal(box.pending.length, 0);
    await box.submit(unknown('ZWxldmVudGg'));
    assert.equal(calls.length, 10, 'the 11th call is not made');
    assert.equal(box.pending.length, 1);
    // the oldest call (at start) leaves the window at start + 120 s
    assert.equal(box.retryAt, start + 120_000);
    await clock.advance(start + 120_000 - 1 - clock.now());
    assert.equal(calls.length, 10, 'one millisecond before the window edge: still waiting');
    await clock.advance(1);
    assert.equal(calls.length, 11, 'at the edge: sent');
    assert.equal(calls[10]?.at, start + 120_000);
    assert.deepEqual(calls[10]?.json, { rpId: RP, credentialId: 'ZWxldmVudGg' });
    assert.equal(box.pending.length, 0);
    assert.equal(box.retryAt, undefined);
    assert.deepEqual(clock.waiting, []);
  });

  it('signals waiting together go out one slot at a time as the window slides, oldest first', async () => {
    const clock = new ManualClock();
    const { box, calls } = outbox(clock);
    for (const id of ids(10)) await box.submit(unknown(id));
    await clock.advance(30_000);
    for (const id of ['YQ', 'Yg', 'Yw']) await box.submit(unknown(id));
    assert.equal(box.pending.length, 3);
    // all 10 were sent at the same instant, so all three fit when that instant leaves the window
    await clock.advance(90_000);
    assert.deepEqual(
      calls.slice(10).map((c) => (c.json as { credentialId: string }).credentialId),
      ['YQ', 'Yg', 'Yw'],
    );
  });

  it('a waiting signal is dropped only when a later one of the same kind and target supersedes it', async () => {
    const clock = new ManualClock();
    const { box, calls } = outbox(clock);
    for (const id of ids(10)) await box.submit(unknown(id)); // budget spent
    await box.submit(accepted('dXNlcjE', ['YQ', 'Yg']));
    await box.submit(accepted('dXNlcjI', ['Yw'])); // another user: kept
    await box.submit(details('dXNlcjE', 'alice')); // another kind, same user: kept
    await box.submit(unknown('eA')); // another credential: kept
    await box.submit(accepted('dXNlcjE', ['YQ'])); // supersedes the first list
    await box.submit(unknown('eA')); // the same signal again: one is enough
    assert.deepEqual(
      box.superseded.map((p) => p.key),
      ['allAcceptedCredentials localhost dXNlcjE', 'unknownCredential localhost eA'],
    );
    assert.deepEqual(
      box.pending.map((p) => p.key),
      [
        'allAcceptedCredentials localhost dXNlcjI',
        'currentUserDetails localhost dXNlcjE',
        'allAcceptedCredentials localhost dXNlcjE',
        'unknownCredential localhost eA',
      ],
    );
    await clock.advance(120_000);
    const sent = calls.slice(10).map((c) => c.json);
    assert.equal(sent.length, 4);
    assert.deepEqual(sent[2], { rpId: RP, userId: 'dXNlcjE', allAcceptedCredentialIds: ['YQ'] });
    assert.ok(!sent.some((j) => JSON.stringify(j).includes('"Yg"')), 'the superseded list is never sent');
  });

  it('a provider refusal (SignalCredentialRateLimitExceededException) is retried after its retryMillis', async () => {
    const clock = new ManualClock();
    let refuse = 1;
    const { box, calls } = outbox(clock, () =>
      refuse-- > 0 ? new SignalCredentialRateLimitExceededException(5_000, 'too frequently') : undefined,
    );
    await box.submit(unknown('YQ'));
    assert.equal(calls.length, 1, 'tried once');
    assert.equal(box.pending.length, 1, 'kept for a retry');
    assert.equal(box.retryAt, clock.now() + 5_000);
    await clock.advance(4_999);
    assert.equal(calls.length, 1);
    await clock.advance(1);
    assert.equal(calls.length, 2, 'retried after retryMillis');
    assert.equal(box.pending.length, 0);
    assert.deepEqual(
      box.sent.map((s) => s.kind),
      ['unknownCredential'],
    );
  });

  it('other refusals are kept in failures and not retried', async () => {
    const clock = new ManualClock();
    const { box, calls } = outbox(clock, () => new SignalCredentialUnknownException('provider crashed'));
    await box.submit({ ...unknown('YQ'), ...details('dXNlcjE', 'alice') });
    assert.equal(calls.length, 2);
    assert.equal(box.failures.length, 2);
    assert.equal(box.pending.length, 0);
    await clock.advance(600_000);
    assert.equal(calls.length, 2);
  });

  it('a submit while a retry is due joins the same flush (no double send)', async () => {
    const clock = new ManualClock();
    const { box, calls } = outbox(clock);
    for (const id of ids(11)) await box.submit(unknown(id));
    await clock.advance(120_000);
    await box.submit(unknown('YQ'));
    assert.equal(calls.length, 12);
    assert.equal(new Set(calls.map((c) => JSON.stringify(c.json))).size, 12);
  });
});

describe('AndroidApp on a Device: the app budget and the provider budget on one clock', () => {
  function appWith(clock: ManualClock, providerLimit: number) {
    const account = new ProviderAccount({ email: 'alice@provider.example' });
    const device = new Device({
      screenLock: '1234',
      account,
      now: clock.now,
      signalRateLimit: { limit: providerLimit, windowMs: 120_000 },
    });
    device.install(SIMULATOR_APP);
    const app = new AndroidApp(device, SIMULATOR_PACKAGE, 'http://127.0.0.1:9', {
      signalBudget: { schedule: clock.schedule },
    });
    return { device, app };
  }

  it('the provider side on its own: the 11th call within 120 s is SignalCredentialRateLimitExceededException', async () => {
    const clock = new ManualClock();
    const { app } = appWith(clock, 10);
    const send = (id: string) =>
      app.credentialManager.signalCredentialState(
        new SignalUnknownCredentialRequest(JSON.stringify({ rpId: RP, credentialId: id })),
      );
    for (const id of ids(10)) {
      await send(id);
      await clock.advance(1_000);
    }
    const refused = await send('YQ').then(
      () => assert.fail('the 11th call should be refused'),
      (e: unknown) => e,
    );
    assert.ok(refused instanceof SignalCredentialRateLimitExceededException);
    assert.equal(refused.type, 'androidx.credentials.SignalCredentialStateException.RATE_LIMIT_EXCEEDED');
    assert.equal(refused.retryMillis, 120_000 - 10_000, 'until the first call leaves the window');
    assert.match(
      refused.message,
      /^SignalCredentialState has been called too frequently\. Please retry later after 2 minutes\.$/,
    );
  });

  it('with the same budget as the provider, the provider never refuses: the 11th signal waits in the app', async () => {
    const clock = new ManualClock();
    const { app } = appWith(clock, 10);
    for (const id of ids(11)) await app.applySignals(unknown(id));
    assert.equal(app.signals.sent.length, 10);
    assert.equal(app.signals.pending.length, 1);
    assert.equal(app.signals.failures.length, 0);
    await clock.advance(120_000);
    assert.equal(app.signals.sent.length, 11);
  });

  it('a stricter provider refuses; the app keeps the signal and it reaches the provider after retryMillis', async () => {
    const clock = new ManualClock();
    const { app } = appWith(clock, 2);
    for (const id of ids(3)) await app.applySignals(unknown(id));
    assert.equal(app.signals.sent.length, 2);
    assert.equal(app.signals.pending.length, 1);
    const retryAt = app.signals.retryAt!;
    assert.equal(retryAt, clock.now() + 120_000, "the provider's retryMillis");
    await clock.advance(120_000);
    assert.equal(app.signals.sent.length, 3);
    assert.equal(app.signals.pending.length, 0);
  });
});
