// SignalSender against a recording PublicKeyCredential double: what is called, what is reported, the budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignalSender, type SignalEvent } from '../../packages/browser/src/signals.js';
import type { PublicKeyCredentialStatics } from '../../packages/browser/src/platform.js';

function recorder(overrides: Partial<PublicKeyCredentialStatics> = {}) {
  const calls: [string, unknown][] = [];
  const statics: PublicKeyCredentialStatics = {
    signalUnknownCredential: async (o) => void calls.push(['signalUnknownCredential', o]),
    signalAllAcceptedCredentials: async (o) => void calls.push(['signalAllAcceptedCredentials', o]),
    signalCurrentUserDetails: async (o) => void calls.push(['signalCurrentUserDetails', o]),
    ...overrides,
  };
  return { calls, statics };
}

const accepted = (ids: string[]) => ({
  allAcceptedCredentials: { rpId: 'localhost', userId: 'u1', allAcceptedCredentialIds: ids },
});

test('each signal of a payload is passed to its method with the exact options', async () => {
  const { calls, statics } = recorder();
  const sender = new SignalSender({ statics });
  const payload = {
    unknownCredential: { rpId: 'localhost', credentialId: 'AQ' },
    currentUserDetails: { rpId: 'localhost', userId: 'u1', name: 'alice', displayName: 'Alice' },
  };
  const events = await sender.apply(payload);
  assert.deepEqual(calls, [
    ['signalUnknownCredential', payload.unknownCredential],
    ['signalCurrentUserDetails', payload.currentUserDetails],
  ]);
  assert.deepEqual(
    events.map((e) => e.outcome),
    ['sent', 'sent'],
  );
  sender.dispose();
});

test('a browser without a method reports unsupported and calls nothing', async () => {
  const { calls, statics } = recorder({ signalAllAcceptedCredentials: undefined });
  const seen: SignalEvent[] = [];
  const sender = new SignalSender({ statics, onEvent: (e) => seen.push(e) });
  await sender.apply(accepted(['a']));
  assert.deepEqual(calls, []);
  assert.deepEqual(
    seen.map((e) => e.outcome),
    ['unsupported'],
  );
  assert.equal(new SignalSender({ statics: undefined }).supports('unknownCredential'), false);
});

test('a rejected call is reported as failed with the error name', async () => {
  const { statics } = recorder({
    signalUnknownCredential: async () => Promise.reject(new DOMException('no', 'SecurityError')),
  });
  const sender = new SignalSender({ statics });
  const [event] = await sender.apply({ unknownCredential: { rpId: 'localhost', credentialId: 'AQ' } });
  assert.equal(event.outcome, 'failed');
  assert.equal(event.error, 'SecurityError');
});

test('over budget: deferred, coalesced to the newest list, sent when the window frees (persisted budget)', async () => {
  const { calls, statics } = recorder();
  let now = 0;
  let stored: number[] = [];
  const seen: SignalEvent[] = [];
  const sender = new SignalSender({
    statics,
    limit: 1,
    windowMs: 1000,
    now: () => now,
    onEvent: (e) => seen.push(e),
    budgetStore: { load: () => stored, save: (s) => void (stored = [...s]) },
  });
  await sender.apply(accepted(['a', 'b', 'c']));
  await sender.apply(accepted(['a', 'b']));
  await sender.apply(accepted(['a']));
  assert.deepEqual(stored, [0]);
  assert.deepEqual(
    seen.map((e) => e.outcome),
    ['sent', 'deferred', 'coalesced', 'deferred'],
  );
  now = 1000;
  const flushed = await sender.flush();
  assert.deepEqual(
    flushed.map((e) => e.outcome),
    ['sent'],
  );
  assert.deepEqual(
    calls.map(([, o]) => (o as { allAcceptedCredentialIds: string[] }).allAcceptedCredentialIds),
    [['a', 'b', 'c'], ['a']],
  );
  assert.deepEqual(stored, [1000]);
  // A new sender (the next page) restores the budget: nothing more may go out until 2000.
  const next = new SignalSender({
    statics,
    limit: 1,
    windowMs: 1000,
    now: () => now,
    budgetStore: { load: () => stored, save: () => {} },
  });
  assert.deepEqual(
    (await next.apply(accepted(['z']))).map((e) => e.outcome),
    ['deferred'],
  );
  next.dispose();
  sender.dispose();
});
