// Unit tests of the provider's small pieces: asset-link matching, the sliding-window limiter, the backup
// cipher, and the RP-ID rule for apps and web origins.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  appIsLinked,
  certificateFingerprint,
  RELATION_GET_LOGIN_CREDS,
  RELATION_HANDLE_ALL_URLS,
  staticAssetLinks,
} from '../../packages/provider/src/asset-links.js';
import { SlidingWindowLimiter } from '../../packages/provider/src/rate-limiter.js';
import {
  decryptBackup,
  deriveLockScreenKey,
  encryptBackup,
} from '../../packages/provider/src/backup-crypto.js';
import { DeviceError } from '../../packages/provider/src/device-errors.js';
import { callerMayUseRpId } from '../../packages/provider/src/rp-check.js';
import { CERT, PACKAGE, caller, clock } from './fixtures.js';

const sha = createHash('sha256').update(CERT).digest();

describe('asset links', () => {
  it('formats the fingerprint as keytool does', () => {
    assert.match(certificateFingerprint(sha), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('needs the relation, the package and the certificate', () => {
    const statement = (relation: string, pkg = PACKAGE, fp = certificateFingerprint(sha)) => [
      {
        relation: [relation],
        target: { namespace: 'android_app', package_name: pkg, sha256_cert_fingerprints: [fp] },
      },
    ];
    assert.equal(appIsLinked(statement(RELATION_HANDLE_ALL_URLS), caller(), RELATION_HANDLE_ALL_URLS), true);
    assert.equal(appIsLinked(statement(RELATION_GET_LOGIN_CREDS), caller(), RELATION_HANDLE_ALL_URLS), false);
    assert.equal(
      appIsLinked(statement(RELATION_HANDLE_ALL_URLS, 'com.other'), caller(), RELATION_HANDLE_ALL_URLS),
      false,
    );
    assert.equal(
      appIsLinked(statement(RELATION_HANDLE_ALL_URLS, PACKAGE, '00:11'), caller(), RELATION_HANDLE_ALL_URLS),
      false,
    );
    // lower case, no colons: same fingerprint
    const loose = certificateFingerprint(sha).replaceAll(':', '').toLowerCase();
    assert.equal(
      appIsLinked(statement(RELATION_HANDLE_ALL_URLS, PACKAGE, loose), caller(), RELATION_HANDLE_ALL_URLS),
      true,
    );
    assert.equal(appIsLinked(undefined, caller(), RELATION_HANDLE_ALL_URLS), false);
  });

  it('RP ID rule: apps by asset links, web origins by their own domain', () => {
    const links = staticAssetLinks({
      'shop.example': [
        {
          relation: [RELATION_HANDLE_ALL_URLS],
          target: {
            namespace: 'android_app',
            package_name: PACKAGE,
            sha256_cert_fingerprints: [certificateFingerprint(sha)],
          },
        },
      ],
    });
    assert.equal(callerMayUseRpId('shop.example', caller(), links), true);
    assert.equal(callerMayUseRpId('other.example', caller(), links), false);
    assert.equal(
      callerMayUseRpId('shop.example', caller(PACKAGE, CERT, 'https://www.shop.example'), links),
      true,
    );
    assert.equal(
      callerMayUseRpId('shop.example', caller(PACKAGE, CERT, 'https://evilshop.example'), links),
      false,
    );
    assert.equal(callerMayUseRpId('example', caller(PACKAGE, CERT, 'https://shop.example'), links), false);
  });
});

describe('SlidingWindowLimiter', () => {
  it('allows `limit` events per key in any window and reports the wait', () => {
    const c = clock(0);
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 1000, now: c.now });
    for (const t of [0, 100, 200]) {
      c.advance(t - c.now());
      assert.equal(limiter.take('a').allowed, true);
    }
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterMs: 800 });
    assert.equal(limiter.take('b').allowed, true);
    c.advance(800); // t = 1000: the event at 0 left the window
    assert.equal(limiter.take('a').allowed, true);
    assert.equal(limiter.take('a').allowed, false);
  });
});

describe('backup cipher', () => {
  it('round-trips under the lock-screen secret and binds the KDF parameters', () => {
    const key = deriveLockScreenKey('2468');
    const blob = encryptBackup(new TextEncoder().encode('secret contents'), key);
    assert.equal(Buffer.from(decryptBackup(blob, '2468')).toString(), 'secret contents');
    assert.throws(
      () => decryptBackup(blob, '2469'),
      (e) => e instanceof DeviceError && e.code === 'backup_invalid',
    );
    const otherSalt = { ...blob, kdf: { ...blob.kdf, salt: deriveLockScreenKey('x').kdf.salt } };
    assert.throws(() => decryptBackup(otherSalt, '2468'), DeviceError);
    assert.notEqual(encryptBackup(new Uint8Array([1]), key).iv, encryptBackup(new Uint8Array([1]), key).iv);
  });
});
