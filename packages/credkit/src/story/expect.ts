// The checks a story step makes: a condition that must hold, a value an earlier step must have left, and a
// call that must fail with one exception class.
import { GetCredentialRequest } from '@credkit/credential-manager';
import { GetPublicKeyCredentialOption } from '@credkit/credential-manager';
import { TYPE_PUBLIC_KEY_CREDENTIAL } from '@credkit/credential-manager';
import type { AndroidApp } from './android-app.js';

export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function need<T>(value: T | undefined, what: string): T {
  expect(value !== undefined, `${what} is missing (an earlier step failed)`);
  return value;
}

export async function rejectsWith<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
  what: string,
): Promise<E> {
  try {
    await promise;
  } catch (e) {
    expect(
      e instanceof type,
      `${what}: expected ${type.name}, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
    );
    return e;
  }
  throw new Error(`${what}: expected ${type.name}, but it succeeded`);
}

/** Is a passkey offered to the app? prepareGetCredential answers without UI. */
export async function offersPasskey(app: AndroidApp): Promise<boolean> {
  const options = await app.rp.post('/api/webauthn/authentication/options', {});
  const prepared = await app.credentialManager.prepareGetCredential(
    new GetCredentialRequest([new GetPublicKeyCredentialOption(JSON.stringify(options))]),
  );
  return prepared.hasCredentialResults(TYPE_PUBLIC_KEY_CREDENTIAL);
}
