// createCredential: permission and WebAuthn-shape checks, routing (restore keys only to restore-capable
// providers), the "save to" sheet (chooser), then the chosen provider's onCreateCredential.
import type { Context, CreateChoice } from '../context.js';
import { chooseFirst } from '../context.js';
import {
  CreateCredentialCancellationException,
  CreateCredentialException,
  CreateCredentialNoCreateOptionException,
  CreateCredentialProviderConfigurationException,
  CreateCredentialUnknownException,
  CreatePublicKeyCredentialDomException,
} from '../exceptions/create.js';
import { DataError, EncodingError } from '../exceptions/dom-errors.js';
import { SecurityException } from '../exceptions/java.js';
import { CreateRestoreCredentialDomException } from '../exceptions/restore.js';
import type { AnyCreateCredentialRequest, CredentialProvider } from '../provider.js';
import {
  CreateCredentialResponse,
  CreatePasswordResponse,
  CreatePublicKeyCredentialResponse,
  CreateRestoreCredentialResponse,
} from '../responses/create-credential-response.js';
import { TYPE_PASSWORD_CREDENTIAL, TYPE_PUBLIC_KEY_CREDENTIAL, TYPE_RESTORE_CREDENTIAL } from '../types.js';
import { creationOptionsProblem } from '../webauthn-format.js';
import { checkCreate } from '../platform-gates.js';
import { callingApp, NO_PROVIDER_MESSAGE, originProblem, providersOf, raisePlatformFault } from './caller.js';
import { passOrWrap } from './wrap.js';

const RESPONSE_CLASS = {
  [TYPE_PUBLIC_KEY_CREDENTIAL]: CreatePublicKeyCredentialResponse,
  [TYPE_PASSWORD_CREDENTIAL]: CreatePasswordResponse,
  [TYPE_RESTORE_CREDENTIAL]: CreateRestoreCredentialResponse,
} as const;

const isCreateException = (e: unknown) => e instanceof CreateCredentialException;
const unknown = (m: string) => new CreateCredentialUnknownException(m);

export async function createCredential(
  context: Context,
  request: AnyCreateCredentialRequest,
): Promise<CreateCredentialResponse> {
  checkCreateCaller(context, request);
  checkShape(request);

  const isRestore = request.type === TYPE_RESTORE_CREDENTIAL;
  checkCreate(context.platform, isRestore);
  raisePlatformFault(context, 'createCredential', [request.type]);
  const providers = providersOf(context).filter((p) => !isRestore || p.isRestoreCapable === true);
  if (providers.length === 0) throw new CreateCredentialProviderConfigurationException(NO_PROVIDER_MESSAGE);

  const app = callingApp(context, request.origin);
  const choices: { provider: CredentialProvider; choice: CreateChoice }[] = [];
  for (const provider of providers) {
    const begin = await passOrWrap(
      () => provider.onBeginCreateCredential({ request, callingApp: app }),
      isCreateException,
      unknown,
    );
    for (const entry of begin.createEntries)
      choices.push({ provider, choice: { providerId: provider.id, entry } });
  }
  if (choices.length === 0) throw new CreateCredentialNoCreateOptionException('No create options available.');

  // Restore keys are created silently (no sheet), as is a lone choice when the request allows auto-select;
  // everything else goes through the user's choice.
  const silent = isRestore || (choices.length === 1 && request.isAutoSelectAllowed);
  const index = silent
    ? 0
    : await (context.chooser ?? chooseFirst)({ kind: 'create', choices: choices.map((c) => c.choice) });
  const picked = index === null ? undefined : choices[index];
  if (!picked) throw new CreateCredentialCancellationException('User cancelled the selector');

  const response = await passOrWrap(
    () => picked.provider.onCreateCredential({ request, callingApp: app, entry: picked.choice.entry }),
    isCreateException,
    unknown,
  );
  if (!(response instanceof RESPONSE_CLASS[request.type])) {
    throw new CreateCredentialUnknownException(
      `provider ${picked.provider.id} returned a ${response.type} response`,
    );
  }
  return response;
}

/** The synchronous check: `origin`/`clientDataHash` without CREDENTIAL_MANAGER_SET_ORIGIN → SecurityException. */
export function checkCreateCaller(context: Context, request: AnyCreateCredentialRequest): void {
  const clientDataHash = request.type === TYPE_PUBLIC_KEY_CREDENTIAL ? request.clientDataHash : null;
  const problem = originProblem(context, request.origin, clientDataHash);
  if (problem) throw new SecurityException(problem);
}

// The WebAuthn shape of requestJson, checked before any provider (Play services does it for restore keys).
function checkShape(request: AnyCreateCredentialRequest): void {
  if (request.type === TYPE_PASSWORD_CREDENTIAL) return;
  const problem = creationOptionsProblem(request.requestJson);
  if (!problem) return;
  if (request.type === TYPE_RESTORE_CREDENTIAL) {
    throw new CreateRestoreCredentialDomException(
      new DataError(),
      `The request did not match the fido spec, failure: ${problem.message}`,
    );
  }
  const domError = problem.kind === 'data' ? new DataError() : new EncodingError();
  throw new CreatePublicKeyCredentialDomException(domError, problem.message);
}
