import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseAndroidApps, allowedWebAuthnOrigins } from '../../packages/server/src/config.js';

const FP = '14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5';

describe('server configuration', () => {
  it('defaults to localhost:8080 on SQLite under ./data', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.rpId, 'localhost');
    assert.equal(config.rpName, 'credkit');
    assert.deepEqual(config.origins, ['http://localhost:8080']);
    assert.equal(config.databaseUrl, 'sqlite:./data/credkit.db');
    assert.equal(config.challengeTtlMs, 300_000);
  });

  it('reads environment variables and turns app fingerprints into origins and assetlinks targets', () => {
    const config = loadConfig({
      PORT: '9000',
      RP_ID: 'example.com',
      ORIGINS: 'https://example.com, https://www.example.com',
      ANDROID_APPS: `com.example.app:${FP},com.example.app:${FP.toLowerCase().replace('14', '15')}`,
      DATABASE_URL: 'postgres://u@127.0.0.1/db',
      RATE_LIMIT_PER_ACCOUNT: '3',
      RESTORE_KEY_TTL_DAYS: '30',
    });
    assert.equal(config.port, 9000);
    assert.deepEqual(config.origins, ['https://example.com', 'https://www.example.com']);
    assert.equal(config.androidApps.length, 1);
    assert.equal(config.androidApps[0]!.fingerprints.length, 2);
    assert.equal(config.rateLimit.perAccount, 3);
    assert.equal(config.restoreKeyTtlMs, 30 * 86_400_000);
    // The documented example: this fingerprint's origin.
    assert.equal(
      allowedWebAuthnOrigins(config)[2],
      'android:apk-key-hash:FG3pg8VzBlDY7rmVLzT8ZBagg0LmHb6oigSWsj_PROU',
    );
  });

  it('reads a config file under the environment and rejects bad values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'credkit-config-'));
    try {
      const file = join(dir, 'credkit.json');
      writeFileSync(
        file,
        JSON.stringify({ rpId: 'file.example', origins: ['https://file.example'], port: 7000 }),
      );
      const config = loadConfig({ PORT: '7001' }, file);
      assert.equal(config.rpId, 'file.example');
      assert.equal(config.port, 7001);
      assert.deepEqual(config.origins, ['https://file.example']);
      writeFileSync(file, JSON.stringify({ nonsense: 1 }));
      assert.throws(() => loadConfig({}, file), /unknown config key/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.throws(() => loadConfig({ ORIGINS: 'https://example.com/path' }), /not an origin/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
    assert.equal(loadConfig({}).redisUrl, undefined);
    assert.equal(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl, 'redis://127.0.0.1:6379');
    assert.throws(() => loadConfig({ REDIS_URL: '127.0.0.1:6379' }), /REDIS_URL/);
    assert.throws(() => parseAndroidApps('com.example:AB:CD'), /fingerprint/);
  });
});
