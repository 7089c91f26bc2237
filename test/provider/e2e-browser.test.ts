// A privileged browser on the phone (CREDENTIAL_MANAGER_SET_ORIGIN): it sets the web origin and passes its
// own clientDataHash; the provider signs that hash and the browser completes the response with its own
// clientDataJSON. The server accepts the result as a web-origin passkey. Without the permission: SecurityException.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { CredentialManager } from '../../packages/credential-manager/src/credential-manager.js';
import { SecurityException } from '../../packages/credential-manager/src/exceptions/java.js';
import { CreatePublicKeyCredentialRequest } from '../../packages/credential-manager/src/requests/create-public-key-credential-request.js';
import { GetCredentialRequest } from '../../packages/credential-manager/src/requests/get-credential-request.js';
import { GetPublicKeyCredentialOption } from '../../packages/credential-manager/src/requests/get-public-key-credential-option.js';
import { PublicKeyCredential } from '../../packages/credential-manager/src/responses/credential.js';
import { CREDENTIAL_MANAGER_SET_ORIGIN } from '../../packages/credential-manager/src/types.js';
import { RpClient } from '../../packages/credkit/src/story/rp-client.js';
import { phoneWithApp, startE2e, uniqueName, type E2e } from './e2e-harness.js';

const WEB_ORIGIN = 'http://localhost:8080'; // the server's default allowed web origin
const BROWSER = 'com.android.chrome';

let e2e: E2e;
before(async () => {
  e2e = await startE2e();
});
after(async () => {
  await e2e?.close();
});

function clientData(type: string, challenge: string): { json: string; hash: Uint8Array } {
  const json = JSON.stringify({ type, challenge, origin: WEB_ORIGIN, crossOrigin: false });
  return { json, hash: new Uint8Array(createHash('sha256').update(json).digest()) };
}

describe('privileged browser end to end', () => {
  it('creates and uses a passkey for the web origin with its own clientDataJSON', async () => {
    const { device } = phoneWithApp(e2e);
    device.install({
      packageName: BROWSER,
      signingCertificate: new Uint8Array(randomBytes(32)),
      permissions: [CREDENTIAL_MANAGER_SET_ORIGIN],
    });
    const context = device.context(BROWSER);
    const cm = CredentialManager.create(context);
    const rp = new RpClient(e2e.url);
    await rp.post('/api/signup', { username: uniqueName('web'), password: 'correct horse battery' });

    const creation = await rp.post('/api/webauthn/registration/options', { kind: 'passkey' });
    const cd = clientData('webauthn.create', creation.challenge);
    const created = await cm.createCredential(
      context,
      new CreatePublicKeyCredentialRequest(JSON.stringify(creation), {
        origin: WEB_ORIGIN,
        clientDataHash: cd.hash,
      }),
    );
    const registration = JSON.parse(created.registrationResponseJson);
    assert.equal(
      registration.response.clientDataJSON,
      '',
      'the provider leaves clientDataJSON to the browser',
    );
    registration.response.clientDataJSON = Buffer.from(cd.json).toString('base64url');
    const verified = await rp.post('/api/webauthn/registration/verify', registration);
    assert.equal(verified.credential.id, registration.id);

    const request = await rp.post('/api/webauthn/authentication/options', {});
    const gd = clientData('webauthn.get', request.challenge);
    const { credential } = await cm.getCredential(
      context,
      new GetCredentialRequest(
        [new GetPublicKeyCredentialOption(JSON.stringify(request), { clientDataHash: gd.hash })],
        { origin: WEB_ORIGIN },
      ),
    );
    assert.ok(credential instanceof PublicKeyCredential);
    const assertion = JSON.parse(credential.authenticationResponseJson);
    assertion.response.clientDataJSON = Buffer.from(gd.json).toString('base64url');
    const signedIn = await new RpClient(e2e.url).post('/api/webauthn/authentication/verify', assertion);
    assert.equal(signedIn.credential.id, registration.id);
  });

  it('an app without CREDENTIAL_MANAGER_SET_ORIGIN may not set an origin', async () => {
    const { app } = phoneWithApp(e2e);
    await app.signUp(uniqueName(), 'correct horse battery');
    const creation = await app.rp.post('/api/webauthn/registration/options', { kind: 'passkey' });
    await assert.rejects(
      app.credentialManager.createCredential(
        app.context,
        new CreatePublicKeyCredentialRequest(JSON.stringify(creation), { origin: WEB_ORIGIN }),
      ),
      SecurityException,
    );
  });
});
