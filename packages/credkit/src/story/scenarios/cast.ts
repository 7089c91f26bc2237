// The people and phones a scenario starts with: a fresh user name, a provider account, and a phone with the
// simulated app installed (screen lock, backup on unless told otherwise).
import { Device, type DeviceOptions } from '@credkit/provider';
import { ProviderAccount } from '@credkit/provider';
import { AndroidApp, type AndroidAppOptions } from '../android-app.js';
import { playTag, type Stage } from '../scenario.js';
import { SIMULATOR_APP, SIMULATOR_PACKAGE } from '../world.js';

export const LOCK_SECRET = '482915';
export const PASSWORD = 'correct horse battery';

export interface Person {
  username: string;
  account: ProviderAccount;
}

export function person(prefix = 'alice'): Person {
  const tag = playTag();
  return {
    username: `${prefix}-${tag}`,
    account: new ProviderAccount({ email: `${prefix}-${tag}@provider.example` }),
  };
}

/** A phone signed in to the person's provider account, with the simulated app installed. */
export function phone(
  stage: Stage,
  who: Person,
  options: DeviceOptions = {},
  appOptions: AndroidAppOptions = {},
): { device: Device; app: AndroidApp } {
  const device = new Device({
    screenLock: LOCK_SECRET,
    backupEnabled: true,
    account: who.account,
    assetLinks: stage.assetLinks,
    ...options,
  });
  device.install(SIMULATOR_APP);
  return { device, app: appOn(stage, device, appOptions) };
}

/** A new phone for `w.who` with the app on it, signed up with a password: sets `w.device` and `w.app`. */
export async function signedUpPhone(w: {
  stage: Stage;
  who: Person;
  device?: Device;
  app?: AndroidApp;
}): Promise<AndroidApp> {
  const { device, app } = phone(w.stage, w.who);
  w.device = device;
  w.app = app;
  await app.signUp(w.who.username, PASSWORD);
  return app;
}

export function appOn(stage: Stage, device: Device, options: AndroidAppOptions = {}): AndroidApp {
  return new AndroidApp(device, SIMULATOR_PACKAGE, stage.serverUrl, options);
}

export const short = (id: string): string => `${id.slice(0, 10)}…`;
