// A real credkit server (temporary SQLite, 127.0.0.1:0) configured for the simulated app, and phones that
// talk to it over HTTP through CredentialManager and the software provider.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type CredkitServer, type ServerConfigInput } from '../../packages/server/src/index.js';
import type { AssetLinksResolver } from '../../packages/provider/src/asset-links.js';
import { Device, type DeviceOptions } from '../../packages/provider/src/device.js';
import { ProviderAccount } from '../../packages/provider/src/provider-account.js';
import { AndroidApp, type AndroidAppOptions } from '../../packages/credkit/src/story/android-app.js';
import {
  fetchAssetLinks,
  SIMULATOR_APP,
  SIMULATOR_PACKAGE,
  simulatorAndroidApps,
} from '../../packages/credkit/src/story/world.js';

export const PACKAGE = SIMULATOR_PACKAGE;
export const LOCK = '482915';

export interface E2e {
  url: string;
  server: CredkitServer;
  assetLinks: AssetLinksResolver;
  close(): Promise<void>;
}

/** `extra` overrides the server configuration (e.g. a short challengeTtlMs). */
export async function startE2e(extra: ServerConfigInput = {}): Promise<E2e> {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-e2e-'));
  const server = await createServer({
    port: 0,
    host: '127.0.0.1',
    rpId: 'localhost',
    databaseUrl: `sqlite:${join(dir, 'credkit.db')}`,
    androidApps: simulatorAndroidApps(),
    logger: false,
    serveStatic: false,
    scryptCost: 1024,
    rateLimit: { perClient: 10_000, perAccount: 10_000, windowMs: 60_000 },
    ...extra,
  });
  const url = await server.listen();
  const assetLinks = await fetchAssetLinks(url, 'localhost');
  return {
    url,
    server,
    assetLinks,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
export const uniqueName = (prefix = 'user'): string => `${prefix}-${process.pid}-${++counter}`;

/** A phone with the app installed; default: screen lock, backup on, a fresh provider account. */
export function phoneWithApp(e2e: E2e, options: DeviceOptions = {}, appOptions: AndroidAppOptions = {}) {
  const account =
    options.account === undefined
      ? new ProviderAccount({ email: `${uniqueName('acct')}@provider.example` })
      : options.account;
  const device = new Device({
    screenLock: LOCK,
    backupEnabled: true,
    assetLinks: e2e.assetLinks,
    ...options,
    account,
  });
  device.install(SIMULATOR_APP);
  return { device, account, app: new AndroidApp(device, PACKAGE, e2e.url, appOptions) };
}

/** Reinstall-free second app instance on another phone (same account, e.g. phone B set up by hand). */
export function appOn(device: Device, e2e: E2e): AndroidApp {
  if (!device.app(PACKAGE)) device.install(SIMULATOR_APP);
  return new AndroidApp(device, PACKAGE, e2e.url);
}
