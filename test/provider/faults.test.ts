// Fault injection: the device (Credential Manager) and the software provider raise, on demand, every exception
// the Android guides tell an app to handle, and the app receives exactly that exception through the public
// API (suspend style and the callback twins). Once spent, a fault no longer fires and the call works again.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationSignal } from '../../packages/credential-manager/src/async-callbacks.js';
import { CredentialManager } from '../../packages/credential-manager/src/credential-manager.js';
import {
  ClearCredentialInterruptedException,
  ClearCredentialProviderConfigurationException,
  ClearCredentialUnknownException,
  ClearCredentialUnsupportedException,
} from '../../packages/credential-manager/src/exceptions/clear.js';
import {
  CreateCredentialCancellationException,
  CreateCredentialInterruptedException,
  CreateCredentialProviderConfigurationException,
  CreateCredentialUnsupportedException,
  CreatePublicKeyCredentialDomException,
} from '../../packages/credential-manager/src/exceptions/create.js';
import {
  DOM_ERROR_NAMES,
  domError,
  NotAllowedError,
  InvalidStateError,
} from '../../packages/credential-manager/src/exceptions/dom-errors.js';
import {
  GetCredentialCancellationException,
  GetCredentialException,
  GetCredentialInterruptedException,
  GetCredentialProviderConfigurationException,
  GetCredentialUnsupportedException,
  GetPublicKeyCredentialDomException,
  NoCredentialException,
} from '../../packages/credential-manager/src/exceptions/get.js';
import { E2eeUnavailableException } from '../../packages/credential-manager/src/exceptions/restore.js';
import {
  SignalCredentialRateLimitExceededException,
  SignalCredentialSecurityException,
  SignalCredentialStateProviderConfigurationException,
  SignalCredentialUnknownException,
} from '../../packages/credential-manager/src/exceptions/signal.js';
import { ClearCredentialStateRequest } from '../../packages/credential-manager/src/requests/clear-credential-state-request.js';
import { CreatePublicKeyCredentialRequest } from '../../packages/credential-manager/src/requests/create-public-key-credential-request.js';
import { CreateRestoreCredentialRequest } from '../../packages/credential-manager/src/requests/create-restore-credential-request.js';
import { GetCredentialRequest } from '../../packages/credential-manager/src/requests/get-credential-request.js';
import { GetPublicKeyCredentialOption } from '../../packages/credential-manager/src/requests/get-public-key-credential-option.js';
import { GetRestoreCredentialOption } from '../../packages/credential-manager/src/requests/get-restore-credential-option.js';
import { SignalUnknownCredentialRequest } from '../../packages/credential-manager/src/requests/signal-credential-state-request.js';
import { PublicKeyCredential } from '../../packages/credential-manager/src/responses/credential.js';
import {
  TYPE_PUBLIC_KEY_CREDENTIAL,
  TYPE_RESTORE_CREDENTIAL,
} from '../../packages/credential-manager/src/types.js';
import { DeviceFaultPlan } from '../../packages/provider/src/faults.js';
import { PACKAGE, RP_ID, b64, creationJson, phone, requestJson } from './fixtures.js';

function setUp() {
  const p = phone();
  p.device.setAppSignedIn(PACKAGE, true);
  const context = p.device.context(PACKAGE);
  return { ...p, context, manager: CredentialManager.create(context) };
}

const passkeyGet = () => new GetCredentialRequest([new GetPublicKeyCredentialOption(requestJson())]);
const restoreGet = () => new GetCredentialRequest([new GetRestoreCredentialOption(requestJson())]);
const signal = () =>
  new SignalUnknownCredentialRequest(JSON.stringify({ rpId: RP_ID, credentialId: b64(16) }));

async function withPasskey() {
  const s = setUp();
  await s.manager.createCredential(s.context, new CreatePublicKeyCredentialRequest(creationJson()));
  return s;
}

describe('device faults (Credential Manager fails before any provider is asked)', () => {
  it('getCredential: each exception the passkey guide names reaches the app, then the call works again', async () => {
    const s = await withPasskey();
    const faults: GetCredentialException[] = [
      new GetCredentialInterruptedException('interrupted'),
      new GetCredentialUnsupportedException('unsupported'),
      new GetCredentialCancellationException('the user closed the sheet'),
      new NoCredentialException('none'),
      new GetCredentialProviderConfigurationException('no provider'),
      new GetPublicKeyCredentialDomException(new NotAllowedError(), 'not allowed'),
    ];
    for (const fault of faults) {
      s.device.faults.next('getCredential', fault);
      await assert.rejects(s.manager.getCredential(s.context, passkeyGet()), (e) => e === fault);
    }
    const ok = await s.manager.getCredential(s.context, passkeyGet());
    assert.ok(ok.credential instanceof PublicKeyCredential);
    assert.equal(s.device.faults.fired().length, faults.length);
    assert.equal(s.device.faults.pending(), 0);
  });

  it('createCredential: interrupted, cancelled, unsupported, provider configuration, every DOM error', async () => {
    const s = setUp();
    const create = () =>
      s.manager.createCredential(s.context, new CreatePublicKeyCredentialRequest(creationJson()));
    for (const fault of [
      new CreateCredentialInterruptedException('interrupted'),
      new CreateCredentialCancellationException('cancelled'),
      new CreateCredentialUnsupportedException('unsupported'),
      new CreateCredentialProviderConfigurationException('no provider'),
    ]) {
      s.device.faults.next('createCredential', fault);
      await assert.rejects(create(), (e) => e === fault);
    }
    for (const name of DOM_ERROR_NAMES) {
      s.device.faults.next('createCredential', new CreatePublicKeyCredentialDomException(domError(name)));
      await assert.rejects(
        create(),
        (e) =>
          e instanceof CreatePublicKeyCredentialDomException &&
          e.domError.name === name &&
          e.type.endsWith(`/${domError(name).type}`),
      );
    }
    assert.equal(account(s).passkeys.credentials({ rpId: RP_ID }).length, 0, 'nothing was created');
    await create();
    assert.equal(account(s).passkeys.credentials({ rpId: RP_ID }).length, 1);
  });

  it('prepareGetCredential has its own point; getCredential with the pending handle uses getCredential', async () => {
    const s = await withPasskey();
    s.device.faults.next('prepareGetCredential', new GetCredentialInterruptedException());
    await assert.rejects(s.manager.prepareGetCredential(passkeyGet()), GetCredentialInterruptedException);
    const prepared = await s.manager.prepareGetCredential(passkeyGet());
    s.device.faults.next('getCredential', new GetCredentialCancellationException());
    await assert.rejects(
      s.manager.getCredential(s.context, prepared.pendingGetCredentialHandle),
      GetCredentialCancellationException,
    );
  });

  it('clearCredentialState and signalCredentialState faults', async () => {
    const s = setUp();
    const clear = () => s.manager.clearCredentialState(new ClearCredentialStateRequest());
    for (const fault of [
      new ClearCredentialInterruptedException(),
      new ClearCredentialUnknownException(),
      new ClearCredentialProviderConfigurationException(),
      new ClearCredentialUnsupportedException(),
    ]) {
      s.device.faults.next('clearCredentialState', fault);
      await assert.rejects(clear(), (e) => e === fault);
    }
    await clear();
    for (const fault of [
      new SignalCredentialUnknownException(),
      new SignalCredentialSecurityException(),
      new SignalCredentialStateProviderConfigurationException(),
      new SignalCredentialRateLimitExceededException(30_000),
    ]) {
      s.device.faults.next('signalCredentialState', fault);
      await assert.rejects(s.manager.signalCredentialState(signal()), (e) => e === fault);
    }
    await s.manager.signalCredentialState(signal());
  });

  it('always() fails until cleared; a match limits a fault to one app or one credential type', async () => {
    const s = await withPasskey();
    s.device.faults.always('getCredential', () => new GetCredentialInterruptedException('again'), {
      type: TYPE_RESTORE_CREDENTIAL,
    });
    for (let i = 0; i < 3; i++)
      await assert.rejects(
        s.manager.getCredential(s.context, restoreGet()),
        GetCredentialInterruptedException,
      );
    // a passkey request does not match the fault
    await s.manager.getCredential(s.context, passkeyGet());
    s.device.faults.clear('getCredential');
    await assert.rejects(s.manager.getCredential(s.context, restoreGet()), NoCredentialException);

    s.device.faults.next('getCredential', new GetCredentialUnsupportedException(), {
      packageName: 'com.other.app',
    });
    await s.manager.getCredential(s.context, passkeyGet());
    assert.equal(s.device.faults.pending('getCredential'), 1, 'still armed for the other app');
  });

  it('the callback twins deliver the fault to onError', async () => {
    const s = await withPasskey();
    s.device.faults.next('getCredential', new GetCredentialInterruptedException('later'));
    const error = await new Promise<unknown>((resolve) =>
      s.manager.getCredentialAsync(s.context, passkeyGet(), new CancellationSignal(), undefined, {
        onResult: () => resolve(null),
        onError: resolve,
      }),
    );
    assert.ok(error instanceof GetCredentialInterruptedException);
  });

  it('rejects a rule that never fires, and an exception of another family', () => {
    const plan = new DeviceFaultPlan();
    assert.throws(
      () => plan.add('getCredential', { error: new NoCredentialException(), times: 0 }),
      RangeError,
    );
    // the exception classes are structurally alike, so the family is also checked when armed …
    assert.throws(
      () => plan.next('getCredential', new CreateCredentialInterruptedException() as never),
      /not a GetCredentialException/,
    );
    // … and a factory's product when raised
    plan.next('clearCredentialState', () => new GetCredentialInterruptedException() as never);
    assert.throws(() => plan.raise('clearCredentialState', { packageName: PACKAGE, types: [] }), TypeError);
  });
});

describe('provider faults (the software provider fails in the phase named)', () => {
  it('onGetCredential after the user picked: interrupted, DOM errors; the selector still ran', async () => {
    const s = await withPasskey();
    let selectorShown = 0;
    s.device.chooser = () => (selectorShown++, 0);
    s.device.provider.faults.next('onGetCredential', new GetCredentialInterruptedException());
    await assert.rejects(s.manager.getCredential(s.context, passkeyGet()), GetCredentialInterruptedException);
    s.device.provider.faults.next(
      'onGetCredential',
      new GetPublicKeyCredentialDomException(new InvalidStateError(), 'stale'),
    );
    await assert.rejects(
      s.manager.getCredential(s.context, passkeyGet()),
      (e) => e instanceof GetPublicKeyCredentialDomException && e.domError.name === 'InvalidStateError',
    );
    assert.equal(selectorShown, 2);
  });

  it('onBeginGetCredential fails prepareGetCredential too', async () => {
    const s = await withPasskey();
    s.device.provider.faults.next('onBeginGetCredential', new GetCredentialUnsupportedException(), {
      type: TYPE_PUBLIC_KEY_CREDENTIAL,
    });
    await assert.rejects(s.manager.prepareGetCredential(passkeyGet()), GetCredentialUnsupportedException);
  });

  it('restore keys: E2eeUnavailableException, interrupted create, interrupted silent get', async () => {
    const s = setUp();
    s.device.provider.faults.next('onCreateCredential', new E2eeUnavailableException());
    await assert.rejects(
      s.manager.createCredential(s.context, new CreateRestoreCredentialRequest(creationJson())),
      E2eeUnavailableException,
    );
    assert.equal(s.device.provider.restoreKeys.get(PACKAGE), undefined);
    s.device.provider.faults.next('onBeginCreateCredential', new CreateCredentialInterruptedException());
    await assert.rejects(
      s.manager.createCredential(s.context, new CreateRestoreCredentialRequest(creationJson())),
      CreateCredentialInterruptedException,
    );
    await s.manager.createCredential(s.context, new CreateRestoreCredentialRequest(creationJson()));
    s.device.provider.faults.next('onGetCredential', new GetCredentialInterruptedException());
    await assert.rejects(s.manager.getCredential(s.context, restoreGet()), GetCredentialInterruptedException);
    await s.manager.getCredential(s.context, restoreGet());
  });

  it('clear and signal: the provider-side failures reach the app unchanged', async () => {
    const s = setUp();
    s.device.provider.faults.next('onClearCredentialState', new ClearCredentialInterruptedException());
    await assert.rejects(
      s.manager.clearCredentialState(new ClearCredentialStateRequest()),
      ClearCredentialInterruptedException,
    );
    s.device.provider.faults.next(
      'onSignalCredentialState',
      new SignalCredentialRateLimitExceededException(5),
    );
    await assert.rejects(
      s.manager.signalCredentialState(signal()),
      (e) => e instanceof SignalCredentialRateLimitExceededException && e.retryMillis === 5,
    );
  });
});

function account(s: { account: ReturnType<typeof phone>['account'] }) {
  return s.account!;
}
