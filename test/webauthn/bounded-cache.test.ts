// BoundedCache: the one bounded map behind the key cache, the RP ID hashes and the server's known credentials.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedCache } from '../../packages/webauthn/src/index.js';

describe('BoundedCache', () => {
  test('never holds more than its bound, and keeps what was used since the last rotation', () => {
    const cache = new BoundedCache<number, string>(4);
    for (let i = 0; i < 100; i++) {
      cache.set(i, `v${i}`);
      assert.ok(cache.size <= 4, `size ${cache.size} after ${i + 1} sets`);
    }
    // the newest generation is always there
    assert.equal(cache.get(99), 'v99');
    assert.equal(cache.get(98), 'v98');
    assert.equal(cache.get(0), undefined);
  });

  test('a hit in the old generation survives the next rotation; an entry left unused does not', () => {
    const cache = new BoundedCache<string, number>(4); // generations of 2
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3); // rotation: a, b old
    assert.equal(cache.get('a'), 1); // a back into the young generation (c, a)
    cache.set('d', 4); // rotation: c, a old; b dropped
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 1);
    assert.equal(cache.get('c'), 3);
  });

  test('set replaces, delete forgets in either generation, getOrSet makes a value only on a miss', () => {
    const cache = new BoundedCache<string, number>(4);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3); // a, b old
    cache.set('a', 10);
    assert.equal(cache.get('a'), 10);
    assert.equal(cache.size, 3);
    assert.equal(cache.delete('b'), true);
    assert.equal(cache.delete('c'), true);
    assert.equal(cache.delete('c'), false);
    assert.equal(cache.get('b'), undefined);
    let made = 0;
    const make = (key: string) => (made++, key.length);
    assert.equal(cache.getOrSet('a', make), 10);
    assert.equal(cache.getOrSet('zz', make), 2);
    assert.equal(cache.getOrSet('zz', make), 2);
    assert.equal(made, 1);
    cache.clear();
    assert.equal(cache.size, 0);
  });
});
