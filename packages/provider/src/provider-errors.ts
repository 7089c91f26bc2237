// Maps the authenticator's DOMException-named failures to the androidx.credentials exceptions a provider
// reports for each request family.
import { CreatePublicKeyCredentialDomException } from '@credkit/credential-manager';
import { domError, type DomErrorName } from '@credkit/credential-manager';
import { GetPublicKeyCredentialDomException } from '@credkit/credential-manager';
import { CreateRestoreCredentialDomException } from '@credkit/credential-manager';
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
