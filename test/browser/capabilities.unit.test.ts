// Feature detection with each WebAuthn API present, absent, or failing: getClientCapabilities() first, the older
// probes as a fallback, and "no" (so the pages keep passwords) where nothing answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectCapabilities } from '../../packages/browser/src/capabilities.js';
import type { PublicKeyCredentialStatics } from '../../packages/browser/src/platform.js';

const signalMethods = {
  signalUnknownCredential: async () => {},
  signalAllAcceptedCredentials: async () => {},
  signalCurrentUserDetails: async () => {},
};

test('no PublicKeyCredential or no navigator.credentials: nothing is available', async () => {
  const none = await detectCapabilities(undefined, true);
  assert.deepEqual(none, {
    webauthn: false,
    conditionalGet: false,
    conditionalCreate: false,
    platformAuthenticator: false,
    signalUnknownCredential: false,
    signalAllAcceptedCredentials: false,
    signalCurrentUserDetails: false,
  });
  let probed = false;
  const noContainer = await detectCapabilities(
    { isConditionalMediationAvailable: async () => (probed = true) },
    false,
  );
  assert.equal(noContainer.webauthn, false);
  assert.equal(noContainer.conditionalGet, false);
  assert.equal(probed, false, 'no probe without navigator.credentials');
});

test('getClientCapabilities() is believed over the older probes', async () => {
  const caps = await detectCapabilities(
    {
      getClientCapabilities: async () => ({
        conditionalGet: false,
        conditionalCreate: true,
        userVerifyingPlatformAuthenticator: true,
      }),
      isConditionalMediationAvailable: async () => true,
      isUserVerifyingPlatformAuthenticatorAvailable: async () => false,
      ...signalMethods,
    },
    true,
  );
  assert.deepEqual(caps, {
    webauthn: true,
    conditionalGet: false,
    conditionalCreate: true,
    platformAuthenticator: true,
    signalUnknownCredential: true,
    signalAllAcceptedCredentials: true,
    signalCurrentUserDetails: true,
  });
});

test('without getClientCapabilities(): the per-feature probes; conditional create stays off', async () => {
  const caps = await detectCapabilities(
    {
      isConditionalMediationAvailable: async () => true,
      isUserVerifyingPlatformAuthenticatorAvailable: async () => true,
    },
    true,
  );
  assert.equal(caps.conditionalGet, true);
  assert.equal(caps.platformAuthenticator, true);
  assert.equal(caps.conditionalCreate, false);
});

test('a capability the browser leaves out of getClientCapabilities() falls back to its probe', async () => {
  const caps = await detectCapabilities(
    { getClientCapabilities: async () => ({}), isConditionalMediationAvailable: async () => true },
    true,
  );
  assert.equal(caps.conditionalGet, true);
  assert.equal(caps.platformAuthenticator, false);
});

test('a throwing getClientCapabilities() or probe counts as "not available", never as an error', async () => {
  const caps = await detectCapabilities(
    {
      getClientCapabilities: async () => Promise.reject(new DOMException('x', 'NotSupportedError')),
      isConditionalMediationAvailable: async () => Promise.reject(new Error('broken')),
      isUserVerifyingPlatformAuthenticatorAvailable: async () => true,
    },
    true,
  );
  assert.equal(caps.webauthn, true);
  assert.equal(caps.conditionalGet, false);
  assert.equal(caps.platformAuthenticator, true);
});

test('each signal method is detected on its own', async () => {
  const statics: PublicKeyCredentialStatics = {
    signalUnknownCredential: signalMethods.signalUnknownCredential,
  };
  const caps = await detectCapabilities(statics, true);
  assert.deepEqual(
    [caps.signalUnknownCredential, caps.signalAllAcceptedCredentials, caps.signalCurrentUserDetails],
    [true, false, false],
  );
});
