// The two WebAuthn ceremonies as the browser runs them: options from the server, navigator.credentials
// create/get, the JSON response back to the server, and the server's signals applied.
import { credentialToJSON, type CredentialLike } from './credential-json.js';
import { ceremonyError, fail, ok, type Result } from './errors.js';
import type { Http } from './http.js';
import { toCreationOptions, toRequestOptions } from './options-json.js';
import type { CredentialsContainerLike, PublicKeyCredentialStatics } from './platform.js';
import type { SignalSender } from './signals.js';
import type {
  CreationOptionsJSON,
  PublicKeyCredentialHint,
  RequestOptionsJSON,
  ResidentKeyRequirement,
  SignalsPayload,
  User,
} from './types.js';

export interface CeremonyContext {
  http: Http;
  statics: PublicKeyCredentialStatics | undefined;
  credentials: CredentialsContainerLike | undefined;
  signals: SignalSender;
}

export interface RegisteredCredential {
  id: string;
  kind: string;
  name?: string;
  /** Attested against the server's FIDO MDS BLOB: the statement's description and certification level. */
  authenticatorName?: string;
  certificationLevel?: string;
  [key: string]: unknown;
}

export interface SignInResult {
  user: User;
  credential: { id: string; kind: string };
}

const noWebAuthn = <T>(): Result<T> =>
  fail({
    kind: 'unsupported',
    code: 'webauthn_unavailable',
    message: 'This browser does not support passkeys.',
  });

/** Registration (WebAuthn L3 §7.1 runs on the server): kind "passkey" or "restore", optionally conditional. */
export async function register(
  ctx: CeremonyContext,
  request: {
    kind: 'passkey' | 'restore';
    conditional?: boolean;
    deviceId?: string;
    residentKey?: ResidentKeyRequirement;
    hints?: PublicKeyCredentialHint[];
  },
  signal?: AbortSignal,
): Promise<Result<RegisteredCredential>> {
  if (!ctx.credentials || !ctx.statics) return noWebAuthn();
  const options = await ctx.http.request<CreationOptionsJSON>(
    'POST',
    '/webauthn/registration/options',
    request,
  );
  if (!options.ok) return options;
  let credential: Credential | null;
  try {
    credential = await ctx.credentials.create({
      publicKey: toCreationOptions(options.value, ctx.statics),
      ...(request.conditional ? { mediation: 'conditional' as CredentialMediationRequirement } : {}),
      ...(signal ? { signal } : {}),
    });
  } catch (e) {
    return fail(ceremonyError(e));
  }
  if (!credential)
    return fail({ kind: 'cancelled', code: 'no_credential', message: 'The browser returned no credential.' });
  const verified = await ctx.http.request<{ credential: RegisteredCredential; signals?: SignalsPayload }>(
    'POST',
    '/webauthn/registration/verify',
    credentialToJSON(credential as unknown as CredentialLike),
  );
  if (!verified.ok) return verified;
  await ctx.signals.apply(verified.value.signals);
  return ok(verified.value.credential);
}

/**
 * Authentication. No username: the account selector (discoverable credentials). A username: the server lists
 * that user's credentials in allowCredentials (username-first, works with non-discoverable security keys).
 * mediation "conditional": autofill; the request stays pending until the user picks a passkey or `signal` aborts.
 */
export async function authenticate(
  ctx: CeremonyContext,
  request: {
    username?: string;
    hints?: PublicKeyCredentialHint[];
    mediation?: CredentialMediationRequirement;
    signal?: AbortSignal;
  },
): Promise<Result<SignInResult>> {
  if (!ctx.credentials || !ctx.statics) return noWebAuthn();
  const body = {
    ...(request.username ? { username: request.username } : {}),
    ...(request.hints?.length ? { hints: request.hints } : {}),
  };
  const options = await ctx.http.request<RequestOptionsJSON>(
    'POST',
    '/webauthn/authentication/options',
    body,
  );
  if (!options.ok) return options;
  let credential: Credential | null;
  try {
    credential = await ctx.credentials.get({
      publicKey: toRequestOptions(options.value, ctx.statics),
      ...(request.mediation ? { mediation: request.mediation } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (e) {
    return fail(ceremonyError(e));
  }
  if (!credential)
    return fail({ kind: 'cancelled', code: 'no_credential', message: 'The browser returned no credential.' });
  const verified = await ctx.http.request<SignInResult & { signals?: SignalsPayload }>(
    'POST',
    '/webauthn/authentication/verify',
    credentialToJSON(credential as unknown as CredentialLike),
  );
  if (!verified.ok) {
    // unknown_credential carries signals.unknownCredential: tell the provider to forget that passkey.
    if (verified.error.signals) await ctx.signals.apply(verified.error.signals);
    return verified;
  }
  await ctx.signals.apply(verified.value.signals);
  return ok({ user: verified.value.user, credential: verified.value.credential });
}
