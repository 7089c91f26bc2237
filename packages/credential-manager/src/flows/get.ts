// getCredential / prepareGetCredential: checks, querying providers without UI (onBeginGetCredential),
// then the account selector (chooser) and the chosen provider's onGetCredential. A restore-key request is
// silent: it goes only to restore-capable providers and never shows the selector.
import type { CallingAppInfo } from '../calling-app.js';
import { chooseFirst, type Context, type GetChoice } from '../context.js';
import { EncodingError } from '../exceptions/dom-errors.js';
import {
  GetCredentialCancellationException,
  GetCredentialException,
  GetCredentialProviderConfigurationException,
  GetCredentialUnknownException,
  GetPublicKeyCredentialDomException,
  NoCredentialException,
} from '../exceptions/get.js';
import { IllegalArgumentException, SecurityException } from '../exceptions/java.js';
import type {
  AnyCredentialOption,
  AuthenticationAction,
  BeginGetCredentialResponse,
  CredentialProvider,
} from '../provider.js';
import type { GetCredentialRequest } from '../requests/get-credential-request.js';
import { GetRestoreCredentialOption } from '../requests/get-restore-credential-option.js';
import { Credential } from '../responses/credential.js';
import { GetCredentialResponse } from '../responses/get-credential-response.js';
import {
  CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS,
  TYPE_PUBLIC_KEY_CREDENTIAL,
  TYPE_RESTORE_CREDENTIAL,
} from '../types.js';
import { requestOptionsProblem } from '../webauthn-format.js';
import { checkPrepareGet, checkGet } from '../platform-gates.js';
import { callingApp, NO_PROVIDER_MESSAGE, originProblem, providersOf, raisePlatformFault } from './caller.js';
import { passOrWrap } from './wrap.js';

export interface GetCandidate {
  readonly provider: CredentialProvider;
  readonly option: AnyCredentialOption;
  readonly choice: GetChoice;
}

/** The result of querying providers: enough to finish the request later (a pending handle). */
export interface PreparedGet {
  readonly request: GetCredentialRequest;
  readonly callingApp: CallingAppInfo;
  readonly isRestore: boolean;
  readonly candidates: readonly GetCandidate[];
  /** The caller holds CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS (may ask what was found). */
  readonly mayQueryCandidates: boolean;
}

const isGetException = (e: unknown) => e instanceof GetCredentialException;
const unknown = (m: string) => new GetCredentialUnknownException(m);
export const NO_RESTORE_CREDENTIAL = 'The device does not contain a restore credential.';

/**
 * Checks the request and asks every eligible provider what it has, without UI. `api` says which call this is
 * (prepareGetCredential needs Android 14; both can be failed by the device's fault plan).
 */
export async function prepareGet(
  context: Context,
  request: GetCredentialRequest,
  api: 'getCredential' | 'prepareGetCredential' = 'getCredential',
): Promise<PreparedGet> {
  checkGetCaller(context, request);
  const options = request.credentialOptions as readonly AnyCredentialOption[];
  const isRestore = options.some((o) => o.type === TYPE_RESTORE_CREDENTIAL);
  for (const option of options) checkShape(option);
  if (api === 'prepareGetCredential') checkPrepareGet(context.platform);
  checkGet(context.platform, isRestore);
  raisePlatformFault(
    context,
    api,
    options.map((o) => o.type),
  );

  const providers = providersOf(context).filter((p) => !isRestore || p.isRestoreCapable === true);
  if (providers.length === 0) throw new GetCredentialProviderConfigurationException(NO_PROVIDER_MESSAGE);

  const app = callingApp(context, request.origin);
  const candidates: GetCandidate[] = [];
  for (const original of options) {
    // Restore keys: userVerification is always "discouraged" whatever the app asked.
    const option =
      original instanceof GetRestoreCredentialOption
        ? new GetRestoreCredentialOption(original.providerRequestJson)
        : original;
    for (const provider of providers) {
      if (option.allowedProviders.size > 0 && !option.allowedProviders.has(provider.id)) continue;
      const begin = await passOrWrap(
        () => provider.onBeginGetCredential({ option, callingApp: app }),
        isGetException,
        unknown,
      );
      candidates.push(...entriesOf(provider, option, begin));
    }
  }
  const mayQueryCandidates =
    context.permissions?.includes(CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS) ?? false;
  return { request, callingApp: app, isRestore, candidates, mayQueryCandidates };
}

/**
 * The checks that fail synchronously in the library: a restore option that is not alone
 * (IllegalArgumentException), `origin`/`clientDataHash` without CREDENTIAL_MANAGER_SET_ORIGIN (SecurityException).
 */
export function checkGetCaller(context: Context, request: GetCredentialRequest): void {
  const options = request.credentialOptions as readonly AnyCredentialOption[];
  if (options.some((o) => o.type === TYPE_RESTORE_CREDENTIAL) && options.length > 1) {
    throw new IllegalArgumentException(
      'GetRestoreCredentialOption cannot be combined with other options in a single request',
    );
  }
  const hashes = options.map((o) => (o.type === TYPE_PUBLIC_KEY_CREDENTIAL ? o.clientDataHash : null));
  const problem = originProblem(context, request.origin, hashes.find((h) => h !== null) ?? null);
  if (problem) throw new SecurityException(problem);
}

/** Shows the selector over prepared candidates and asks the chosen provider for the credential. */
export async function completeGet(context: Context, prepared: PreparedGet): Promise<GetCredentialResponse> {
  const local = prepared.candidates.filter((c) => c.choice.selected.kind === 'credential');
  if (prepared.isRestore) {
    const first = local[0];
    if (!first) throw new NoCredentialException(NO_RESTORE_CREDENTIAL);
    return finish(prepared, first);
  }
  let candidates = prepared.candidates;
  for (;;) {
    const offered = prepared.request.preferImmediatelyAvailableCredentials
      ? candidates.filter((c) => c.choice.selected.kind === 'credential')
      : candidates;
    if (offered.length === 0) throw new NoCredentialException('No credentials available');
    const lone = autoSelectable(offered);
    if (lone) return finish(prepared, lone);
    const index = await (context.chooser ?? chooseFirst)({
      kind: 'get',
      choices: offered.map((c) => c.choice),
    });
    const picked = index === null ? undefined : offered[index];
    if (!picked) throw new GetCredentialCancellationException('User cancelled the selector');
    const { selected } = picked.choice;
    if (selected.kind !== 'authentication' || !picked.provider.onAuthenticationAction)
      return finish(prepared, picked);
    // an unlock action: the provider answers the option again and the selector shows its new entries
    candidates = await reopened(prepared, candidates, picked, selected.entry);
  }
}

async function reopened(
  prepared: PreparedGet,
  candidates: readonly GetCandidate[],
  picked: GetCandidate,
  action: AuthenticationAction,
): Promise<GetCandidate[]> {
  const begin = await passOrWrap(
    () =>
      picked.provider.onAuthenticationAction!({
        option: picked.option,
        callingApp: prepared.callingApp,
        action,
      }),
    isGetException,
    unknown,
  );
  const fresh = entriesOf(picked.provider, picked.option, begin);
  const at = candidates.findIndex((c) => c.provider === picked.provider && c.option === picked.option);
  const others = candidates.filter((c) => !(c.provider === picked.provider && c.option === picked.option));
  return [...others.slice(0, at), ...fresh, ...others.slice(at)];
}

/** A provider's answer for one option, as selector candidates (credentials, then actions, then remote). */
function entriesOf(
  provider: CredentialProvider,
  option: AnyCredentialOption,
  begin: BeginGetCredentialResponse,
): GetCandidate[] {
  const out: GetCandidate[] = [];
  const add = (selected: GetChoice['selected']) =>
    out.push({ provider, option, choice: { providerId: provider.id, optionType: option.type, selected } });
  for (const entry of begin.credentialEntries) add({ kind: 'credential', entry });
  for (const entry of begin.authenticationActions ?? []) add({ kind: 'authentication', entry });
  if (begin.remoteEntry) add({ kind: 'remote', entry: begin.remoteEntry });
  return out;
}

/**
 * The selector is skipped when it would show a single entry and both the app's option and the provider's entry
 * allow auto-select (CredentialOption.isAutoSelectAllowed, CredentialEntry.isAutoSelectAllowed).
 */
function autoSelectable(offered: readonly GetCandidate[]): GetCandidate | undefined {
  const [only] = offered;
  if (offered.length !== 1 || !only || only.choice.selected.kind !== 'credential') return undefined;
  const entryAllows = only.choice.selected.entry.isAutoSelectAllowed === true;
  return entryAllows && only.option.isAutoSelectAllowed ? only : undefined;
}

async function finish(prepared: PreparedGet, picked: GetCandidate): Promise<GetCredentialResponse> {
  const data = await passOrWrap(
    () =>
      picked.provider.onGetCredential({
        option: picked.option,
        callingApp: prepared.callingApp,
        selected: picked.choice.selected,
      }),
    isGetException,
    unknown,
  );
  // Credential.createFrom maps (type, data) to the library class (NoCredentialException for an empty restore).
  return new GetCredentialResponse(Credential.createFrom(data.type, data.data));
}

// WebAuthn request options are parsed before a provider sees them.
function checkShape(option: AnyCredentialOption): void {
  if (option.type === TYPE_PUBLIC_KEY_CREDENTIAL) {
    const problem = requestOptionsProblem(option.requestJson);
    if (problem) throw new GetPublicKeyCredentialDomException(new EncodingError(), problem.message);
  } else if (option.type === TYPE_RESTORE_CREDENTIAL) {
    // Play services reports a malformed restore request as an unknown failure.
    const problem = requestOptionsProblem(option.requestJson);
    if (problem) throw new GetCredentialUnknownException(problem.message);
  }
}
