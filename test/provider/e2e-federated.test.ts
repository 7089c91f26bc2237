// Federated sign-in (the passkey guide's CustomCredential branch): a second provider on the phone answers
// Sign in with Google's option with a CustomCredential of type TYPE_GOOGLE_ID_TOKEN_CREDENTIAL; the model app
// reads it with GoogleIdTokenCredential.createFrom and hands the ID token to its backend, which checks it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { NoCredentialException } from '../../packages/credential-manager/src/exceptions/get.js';
import { GetCredentialRequest } from '../../packages/credential-manager/src/requests/get-credential-request.js';
import { GetCustomCredentialOption } from '../../packages/credential-manager/src/requests/get-custom-credential-option.js';
import { PRIORITY_OIDC_OR_SIMILAR } from '../../packages/credential-manager/src/requests/credential-option.js';
import { Credential, CustomCredential } from '../../packages/credential-manager/src/responses/credential.js';
import type { ProviderGetCredentialRequest } from '../../packages/credential-manager/src/provider.js';
import {
  BUNDLE_KEY_ID,
  BUNDLE_KEY_ID_TOKEN,
  BUNDLE_KEY_NONCE,
  BUNDLE_KEY_SERVER_CLIENT_ID,
  GetGoogleIdOption,
  GoogleIdTokenCredential,
  GoogleIdTokenParsingException,
  TYPE_GOOGLE_ID_TOKEN_CREDENTIAL,
} from '../../packages/provider/src/federated/google-id.js';
import { IdTokenError, verifyIdToken } from '../../packages/provider/src/federated/id-token.js';
import { IdTokenProvider } from '../../packages/provider/src/federated/id-token-provider.js';
import { AndroidApp, type FederatedSignIn } from '../../packages/credkit/src/story/android-app.js';
import { PACKAGE, phoneWithApp, startE2e, uniqueName, type E2e } from './e2e-harness.js';
import { IllegalArgumentException } from '../../packages/credential-manager/src/exceptions/java.js';

const CLIENT_ID = 'credkit-backend.apps.idp.example';
let e2e: E2e;
before(async () => {
  e2e = await startE2e();
});
after(async () => {
  await e2e?.close();
});

/** The app's backend for Sign in with Google: what credkit's server would need (it has no such endpoint). */
function backendFor(idp: IdTokenProvider, checked: string[] = []): FederatedSignIn['backend'] {
  return async (idToken, nonce) => {
    const claims = verifyIdToken(idToken, {
      issuer: idp.issuer,
      audience: CLIENT_ID,
      publicKey: idp.signer.publicKey,
      ...(nonce !== undefined ? { nonce } : {}),
    });
    checked.push(claims.email);
    return { id: claims.sub, username: claims.email, displayName: claims.name ?? claims.email };
  };
}

function phoneWithIdp(provider?: IdTokenProvider, filterByAuthorizedAccounts = false) {
  const idp =
    provider ?? new IdTokenProvider({ accounts: [{ email: 'alice@idp.example', displayName: 'Alice' }] });
  const checked: string[] = [];
  const phone = phoneWithApp(e2e);
  phone.device.providerSettings.install(idp);
  phone.device.providerSettings.setEnabled(idp.id, true);
  const app = new AndroidApp(phone.device, PACKAGE, e2e.url, {
    federated: { serverClientId: CLIENT_ID, backend: backendFor(idp, checked), filterByAuthorizedAccounts },
  });
  return { ...phone, idp, app, checked };
}

describe('federated sign-in through a CustomCredential', () => {
  it('the ID-token provider answers GetGoogleIdOption; the app parses the CustomCredential and its backend checks the token', async () => {
    const { app, idp, checked } = phoneWithIdp();
    const result = await app.signIn();
    assert.equal(result.via, 'federated');
    assert.equal(result.credentialId, 'alice@idp.example');
    assert.equal(result.user.username, 'alice@idp.example');
    assert.deepEqual(checked, ['alice@idp.example'], 'signature, iss, aud and nonce were checked');
    assert.ok(idp.isAuthorized(PACKAGE, 'alice@idp.example'));
  });

  it('filterByAuthorizedAccounts (the default): no account has signed in to the app yet → NoCredentialException; after one sign-in it is offered', async () => {
    const idp = new IdTokenProvider({ accounts: [{ email: 'bob@idp.example', displayName: 'Bob' }] });
    const strict = phoneWithIdp(idp, true);
    await assert.rejects(strict.app.signIn(), NoCredentialException);
    await phoneWithIdp(idp, false).app.signIn(); // the guide's retry with filterByAuthorizedAccounts = false
    assert.equal((await strict.app.signIn()).via, 'federated');
  });

  it('next to a passkey, the selector shows both; picking the Google account signs in federated', async () => {
    const { app, device } = phoneWithIdp();
    await app.signUp(uniqueName(), 'correct horse battery');
    await app.createPasskey();
    let types: string[] = [];
    device.chooser = (request) => {
      if (request.kind !== 'get') return 0;
      types = request.choices.map((c) => c.optionType);
      return types.indexOf(TYPE_GOOGLE_ID_TOKEN_CREDENTIAL);
    };
    assert.equal((await app.signIn()).via, 'federated');
    assert.ok(types.includes('androidx.credentials.TYPE_PUBLIC_KEY_CREDENTIAL'));
    assert.ok(types.includes(TYPE_GOOGLE_ID_TOKEN_CREDENTIAL));
  });

  it('a bundle without an ID token: GoogleIdTokenParsingException reaches the app', async () => {
    class Broken extends IdTokenProvider {
      override async onGetCredential() {
        return { type: TYPE_GOOGLE_ID_TOKEN_CREDENTIAL, data: { [BUNDLE_KEY_ID]: 'alice@idp.example' } };
      }
    }
    const { app } = phoneWithIdp(
      new Broken({ accounts: [{ email: 'alice@idp.example', displayName: 'A' }] }),
    );
    await assert.rejects(app.signIn(), GoogleIdTokenParsingException);
  });

  it('an unrecognised custom credential type is the "Unexpected type of credential" branch', async () => {
    class Other extends IdTokenProvider {
      override async onGetCredential(request: ProviderGetCredentialRequest) {
        const { data } = await super.onGetCredential(request);
        return { type: 'com.example.TYPE_SOMETHING_ELSE', data };
      }
    }
    const { app } = phoneWithIdp(new Other({ accounts: [{ email: 'alice@idp.example', displayName: 'A' }] }));
    await assert.rejects(
      app.signIn(),
      /Unexpected type of custom credential: com\.example\.TYPE_SOMETHING_ELSE/,
    );
  });

  it('the backend refuses a token for another audience, with another nonce, or with a forged signature', async () => {
    const idp = new IdTokenProvider({ accounts: [{ email: 'carol@idp.example', displayName: 'Carol' }] });
    const phone = phoneWithIdp(idp);
    const { credential } = await phone.app.credentialManager.getCredential(
      phone.app.context,
      new GetCredentialRequest([
        new GetGoogleIdOption({
          serverClientId: 'someone-else',
          nonce: 'n1',
          filterByAuthorizedAccounts: false,
        }),
      ]),
    );
    const token = GoogleIdTokenCredential.createFrom(credential.data).idToken;
    const expect = { issuer: idp.issuer, publicKey: idp.signer.publicKey };
    assert.equal(
      verifyIdToken(token, { ...expect, audience: 'someone-else', nonce: 'n1' }).email,
      'carol@idp.example',
    );
    assert.throws(() => verifyIdToken(token, { ...expect, audience: CLIENT_ID }), IdTokenError);
    assert.throws(
      () => verifyIdToken(token, { ...expect, audience: 'someone-else', nonce: 'n2' }),
      IdTokenError,
    );
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${Buffer.alloc(64).toString('base64url')}`;
    assert.throws(() => verifyIdToken(forged, { ...expect, audience: 'someone-else' }), /bad signature/);
  });
});

describe('the classes: GetCustomCredentialOption, GetGoogleIdOption, GoogleIdTokenCredential', () => {
  it('GetCustomCredentialOption rejects an empty type and keeps what it is given', () => {
    assert.throws(
      () =>
        new GetCustomCredentialOption({
          type: '',
          requestData: {},
          candidateQueryData: {},
          isSystemProviderRequired: false,
        }),
      (e) => e instanceof IllegalArgumentException && e.message === 'type should not be empty',
    );
    const option = new GetCustomCredentialOption({
      type: 'com.example.T',
      requestData: { a: 1 },
      candidateQueryData: { b: 2 },
      isSystemProviderRequired: true,
    });
    assert.deepEqual(
      [option.type, option.requestData.a, option.candidateQueryData.b, option.isSystemProviderRequired],
      ['com.example.T', 1, 2, true],
    );
    assert.equal(option.isAutoSelectAllowed, false);
    assert.equal(option.allowedProviders.size, 0);
    assert.equal(option.typePriorityHint, 2000);
  });

  it('GetGoogleIdOption: its type, the server client id and nonce in the request bundle, OIDC priority', () => {
    const option = new GetGoogleIdOption({ serverClientId: CLIENT_ID, nonce: 'abc' });
    assert.equal(
      option.type,
      'com.google.android.libraries.identity.googleid.TYPE_GOOGLE_ID_TOKEN_CREDENTIAL',
    );
    assert.equal(option.requestData[BUNDLE_KEY_SERVER_CLIENT_ID], CLIENT_ID);
    assert.equal(option.requestData[BUNDLE_KEY_NONCE], 'abc');
    assert.equal(option.filterByAuthorizedAccounts, true);
    assert.equal(option.typePriorityHint, PRIORITY_OIDC_OR_SIMILAR);
  });

  it('Credential.createFrom gives a plain CustomCredential for the Google type; GoogleIdTokenCredential.createFrom reads its data', () => {
    const data = { [BUNDLE_KEY_ID]: 'a@idp.example', [BUNDLE_KEY_ID_TOKEN]: 'x.y.z' };
    const credential = Credential.createFrom(TYPE_GOOGLE_ID_TOKEN_CREDENTIAL, data);
    assert.ok(credential instanceof CustomCredential);
    assert.ok(!(credential instanceof GoogleIdTokenCredential));
    const google = GoogleIdTokenCredential.createFrom(credential.data);
    assert.equal(google.id, 'a@idp.example');
    assert.equal(google.idToken, 'x.y.z');
    assert.equal(google.displayName, null);
    assert.throws(() => GoogleIdTokenCredential.createFrom({}), GoogleIdTokenParsingException);
  });
});
