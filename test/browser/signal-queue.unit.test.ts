// The signal budget (10 per 120 s, sliding) and coalescing, with an explicit clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SignalQueue,
  signalsFromPayload,
  type PendingSignal,
} from '../../packages/browser/src/signal-queue.js';

const accepted = (userId: string, ids: string[]): PendingSignal => ({
  kind: 'allAcceptedCredentials',
  options: { rpId: 'localhost', userId, allAcceptedCredentialIds: ids },
});
const unknown = (credentialId: string): PendingSignal => ({
  kind: 'unknownCredential',
  options: { rpId: 'localhost', credentialId },
});

test('sends up to the limit, then waits for the oldest call to leave the window', () => {
  const q = new SignalQueue({ limit: 10, windowMs: 120_000 });
  for (let i = 0; i < 12; i++) q.enqueue(unknown(`c${i}`));
  assert.equal(q.take(1_000).length, 10);
  assert.equal(q.pending.length, 2);
  assert.deepEqual(q.take(60_000), []);
  assert.equal(q.nextReadyAt(60_000), 121_000);
  assert.deepEqual(q.take(120_999), []);
  assert.deepEqual(
    q.take(121_000).map((s) => s.options),
    [
      { rpId: 'localhost', credentialId: 'c10' },
      { rpId: 'localhost', credentialId: 'c11' },
    ],
  );
  assert.equal(q.nextReadyAt(121_000), undefined);
});

test('the defaults are 10 calls per 120 s: the 11th waits exactly until the first leaves the window', () => {
  const q = new SignalQueue();
  assert.equal(q.limit, 10);
  assert.equal(q.windowMs, 120_000);
  for (let i = 0; i < 11; i++) q.enqueue(unknown(`c${i}`));
  assert.equal(q.take(5_000).length, 10);
  assert.equal(q.nextReadyAt(5_000), 125_000);
  assert.deepEqual(q.take(124_999), []);
  assert.equal(q.take(125_000).length, 1);
});

test('the window slides: calls spread over time free up one by one', () => {
  const q = new SignalQueue({ limit: 2, windowMs: 100 });
  q.enqueue(unknown('a'));
  q.take(0);
  q.enqueue(unknown('b'));
  q.take(50);
  q.enqueue(unknown('c'));
  assert.deepEqual(q.take(99), []);
  assert.equal(q.take(100).length, 1);
  assert.deepEqual(q.sentAt(100), [50, 100]);
});

test('only the newest accepted-credential list per user is kept while waiting', () => {
  const q = new SignalQueue({ limit: 0 });
  assert.equal(q.enqueue(accepted('u1', ['a', 'b'])), undefined);
  q.enqueue(accepted('u2', ['x']));
  const replaced = q.enqueue(accepted('u1', ['a']));
  assert.deepEqual(replaced, accepted('u1', ['a', 'b']));
  assert.deepEqual(q.pending, [accepted('u2', ['x']), accepted('u1', ['a'])]);
});

test('unknown-credential signals for the same id are sent once; different ids are not merged', () => {
  const q = new SignalQueue({ limit: 0 });
  q.enqueue(unknown('a'));
  q.enqueue(unknown('a'));
  q.enqueue(unknown('b'));
  assert.equal(q.pending.length, 2);
});

test('a restored budget counts toward the limit', () => {
  const q = new SignalQueue({ limit: 10, windowMs: 120_000, sentAt: Array.from({ length: 9 }, (_, i) => i) });
  q.enqueue(unknown('a'));
  q.enqueue(unknown('b'));
  assert.equal(q.take(100).length, 1);
  assert.equal(q.nextReadyAt(100), 120_000);
});

test('signalsFromPayload returns each present member in a fixed order', () => {
  const payload = {
    currentUserDetails: { rpId: 'localhost', userId: 'u', name: 'n', displayName: 'd' },
    unknownCredential: { rpId: 'localhost', credentialId: 'c' },
  };
  assert.deepEqual(
    signalsFromPayload(payload).map((s) => s.kind),
    ['unknownCredential', 'currentUserDetails'],
  );
  assert.deepEqual(signalsFromPayload(undefined), []);
});
