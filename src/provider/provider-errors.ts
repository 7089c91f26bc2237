// Maps the authenticator's DOMException-named failures to the androidx.credentials exceptions a provider
// reports for each request family.
import { CreatePublicKeyCredentialDomException } from '../credential-manager/exceptions/create.js';
import { domError, type DomErrorName } from '../credential-manager/exceptions/dom-errors.js';
import { GetPublicKeyCredentialDomException } from '../credential-manager/exceptions/get.js';
import { CreateRestoreCredentialDomException } from '../credential-manager/exceptions/restore.js';
import { isAuthenticatorError } from './errors.js';

export function toCreatePublicKeyException(e: unknown): unknown {
  if (!isAuthenticatorError(e)) return e;
  return new CreatePublicKeyCredentialDomException(domError(e.name as DomErrorName), e.message);
}

export function toGetPublicKeyException(e: unknown): unknown {
  if (!isAuthenticatorError(e)) return e;
  return new GetPublicKeyCredentialDomException(domError(e.name as DomErrorName), e.message);
}

/** GMS RESTORE_CREDENTIAL_FIDO_FAILURE: the request did not match the WebAuthn format. */
export function toCreateRestoreException(e: unknown): unknown {
  if (!isAuthenticatorError(e)) return e;
  const name: DomErrorName = e.name === 'SecurityError' ? 'SecurityError' : 'DataError';
  return new CreateRestoreCredentialDomException(
    domError(name),
    `The request did not match the fido spec, failure: ${e.message}`,
  );
}
