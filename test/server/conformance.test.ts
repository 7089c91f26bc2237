// The FIDO conformance API (FIDO_CONFORMANCE_API=1): the profile's messages in and out, the client's choice of user
// verification honoured, failures as {status: "failed", errorMessage} with a 4xx, and nothing served when it is off.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, sqliteDatabase } from './databases.js';
import { serverForSuite, WEB_ORIGIN } from './harness.js';
import { SoftwareAuthenticator } from '../../packages/provider/src/index.js';
import { loadConfig } from '../../packages/server/src/config.js';
import { help } from '../../packages/credkit/src/serve.js';
import type { RegistrationResponseJSON } from '../../packages/webauthn/src/index.js';
import { SERVER_ERROR_CODES, WEBAUTHN_ERROR_CODES_FOR_TESTS } from '../security/codes.js';
import { prng } from '../helpers/prng.js';

interface Reply {
  status: number;
  body: any;
}

async function post(
  base: string,
  path: string,
  body: unknown,
  contentType = 'application/json',
): Promise<Reply> {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A registration as the profile's ServerPublicKeyCredential: no rawId, getClientExtensionResults. */
function asProfile(response: RegistrationResponseJSON): Record<string, unknown> {
  const { rawId: _rawId, clientExtensionResults, ...rest } = response;
  return { ...rest, getClientExtensionResults: clientExtensionResults };
}

const REQUEST = {
  username: 'johndoe@example.com',
  displayName: 'John Doe',
  authenticatorSelection: {
    requireResidentKey: false,
    authenticatorAttachment: 'cross-platform',
    userVerification: 'preferred',
  },
  attestation: 'direct',
};

describe('FIDO conformance API off (the default)', () => {
  const suite = serverForSuite(async () => sqliteDatabase());

  it('serves none of the four routes', async () => {
    for (const path of [
      '/attestation/options',
      '/attestation/result',
      '/assertion/options',
      '/assertion/result',
    ]) {
      const reply = await post(suite.running.base, path, {});
      assert.equal(reply.status, 404, path);
      assert.equal(reply.body.error.code, 'not_found');
    }
  });
});

for (const engine of ENGINES) {
  describe(`FIDO conformance API on ${engine.name}`, () => {
    const suite = serverForSuite(engine.make, { fidoConformanceApi: true });
    const base = () => suite.running.base;

    it('answers ServerPublicKeyCredentialCreationOptionsRequest with the options, status ok and errorMessage ""', async () => {
      const reply = await post(base(), '/attestation/options', {
        ...REQUEST,
        extensions: { 'example.extension': true },
      });
      assert.equal(reply.status, 200);
      const o = reply.body;
      assert.equal(o.status, 'ok');
      assert.equal(o.errorMessage, '');
      assert.deepEqual(o.rp, { name: 'credkit', id: 'localhost' });
      assert.equal(o.user.name, 'johndoe@example.com');
      assert.equal(o.user.displayName, 'John Doe');
      assert.ok(Buffer.from(o.user.id, 'base64url').length >= 1);
      const challenge = Buffer.from(o.challenge, 'base64url');
      // the conformance tool's Server-ServerPublicKeyCredentialCreationOptions-Req-1 P-1 (e): at least 16 bytes
      assert.ok(challenge.length >= 16);
      assert.deepEqual(
        o.pubKeyCredParams.map((p: { alg: number }) => p.alg),
        [-7, -8, -35, -36, -37, -257, -38, -39, -258, -259, -53],
      );
      assert.equal(typeof o.timeout, 'number');
      assert.deepEqual(o.excludeCredentials, []);
      assert.equal(o.authenticatorSelection.authenticatorAttachment, 'cross-platform');
      assert.equal(o.authenticatorSelection.userVerification, 'preferred');
      assert.equal(o.authenticatorSelection.requireResidentKey, false);
      assert.equal(o.attestation, 'direct');
      assert.deepEqual(o.extensions, { 'example.extension': true });
    });

    it('registers and signs in with the profile shapes, then lists the credential in excludeCredentials', async () => {
      const authenticator = new SoftwareAuthenticator({ signCounter: 'increment' });
      const request = { ...REQUEST, username: 'alice.profile' };
      const options = await post(base(), '/attestation/options', request);
      const { response, credentialId } = authenticator.createCredential(options.body, { origin: WEB_ORIGIN });
      const result = await post(base(), '/attestation/result', asProfile(response));
      assert.deepEqual(result, { status: 200, body: { status: 'ok', errorMessage: '' } });

      const again = await post(base(), '/attestation/options', request);
      assert.equal(again.body.user.id, options.body.user.id, 'the same user');
      assert.deepEqual(
        again.body.excludeCredentials.map((d: { id: string }) => d.id),
        [credentialId],
      );

      const get = await post(base(), '/assertion/options', {
        username: 'alice.profile',
        userVerification: 'required',
      });
      assert.equal(get.status, 200);
      assert.equal(get.body.status, 'ok');
      assert.equal(get.body.rpId, 'localhost');
      assert.equal(get.body.userVerification, 'required');
      assert.deepEqual(
        get.body.allowCredentials.map((d: { id: string; type: string }) => [d.id, d.type]),
        [[credentialId, 'public-key']],
      );
      const assertion = authenticator.getAssertion(get.body, { origin: WEB_ORIGIN });
      // the profile's example: no rawId, an empty userHandle, getClientExtensionResults
      const { rawId: _rawId, clientExtensionResults: _results, ...rest } = assertion;
      const profile = {
        ...rest,
        response: { ...assertion.response, userHandle: '' },
        getClientExtensionResults: {},
      };
      assert.deepEqual(await post(base(), '/assertion/result', profile), {
        status: 200,
        body: { status: 'ok', errorMessage: '' },
      });
      // the challenge is spent
      const replay = await post(base(), '/assertion/result', profile);
      assert.equal(replay.status, 400);
      assert.deepEqual(replay.body, {
        status: 'failed',
        errorMessage: 'the challenge is unknown or was already used; request new options',
        code: 'challenge_not_found',
      });
    });

    it('honours the user verification the request asks for, at registration and at sign-in', async () => {
      const authenticator = new SoftwareAuthenticator({ signCounter: 'increment' });
      const username = 'bob.uv';
      // "discouraged": no UV at registration is accepted
      const loose = await post(base(), '/attestation/options', {
        username,
        displayName: 'Bob',
        authenticatorSelection: { userVerification: 'discouraged' },
      });
      const made = authenticator.createCredential(loose.body, { origin: WEB_ORIGIN, userVerified: false });
      assert.equal((await post(base(), '/attestation/result', made.response)).body.status, 'ok');

      // "required": the same kind of registration without UV is refused (§7.1 step 15)
      const strict = await post(base(), '/attestation/options', {
        username,
        displayName: 'Bob',
        authenticatorSelection: { userVerification: 'required' },
      });
      // the client skipped UV although the options required it
      const skipped = { ...strict.body.authenticatorSelection, userVerification: 'preferred' };
      const unverifiedMade = new SoftwareAuthenticator().createCredential(
        { ...strict.body, authenticatorSelection: skipped },
        { origin: WEB_ORIGIN, userVerified: false },
      );
      const refused = await post(base(), '/attestation/result', unverifiedMade.response);
      assert.equal(refused.status, 400);
      assert.equal(refused.body.status, 'failed');
      assert.equal(refused.body.code, 'user_verification_required');

      for (const [userVerification, userVerified, expected] of [
        ['discouraged', false, 200],
        ['preferred', false, 200],
        ['required', true, 200],
      ] as const) {
        const get = await post(base(), '/assertion/options', { username, userVerification });
        const assertion = authenticator.getAssertion(get.body, { origin: WEB_ORIGIN, userVerified });
        const reply = await post(base(), '/assertion/result', assertion);
        assert.equal(reply.status, expected, userVerification);
      }
      // "required" and no UV flag: refused (§7.2 step 16); the client skipped UV although the options required it
      const get = await post(base(), '/assertion/options', { username, userVerification: 'required' });
      const unverified = authenticator.getAssertion(
        { ...get.body, userVerification: 'preferred' },
        { origin: WEB_ORIGIN, userVerified: false },
      );
      const reply = await post(base(), '/assertion/result', unverified);
      assert.equal(reply.status, 400);
      assert.equal(reply.body.code, 'user_verification_required');
    });

    it('signs in without a username (discoverable) and refuses unknown usernames', async () => {
      const authenticator = new SoftwareAuthenticator();
      const options = await post(base(), '/attestation/options', {
        username: 'carol.rk',
        displayName: 'Carol',
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      });
      assert.equal(options.body.authenticatorSelection.requireResidentKey, true);
      const made = authenticator.createCredential(options.body, { origin: WEB_ORIGIN });
      assert.equal((await post(base(), '/attestation/result', made.response)).body.status, 'ok');
      const get = await post(base(), '/assertion/options', { username: '', userVerification: 'required' });
      assert.deepEqual(get.body.allowCredentials, []);
      const assertion = authenticator.getAssertion(get.body, { origin: WEB_ORIGIN });
      assert.equal((await post(base(), '/assertion/result', assertion)).body.status, 'ok');

      const unknown = await post(base(), '/assertion/options', { username: 'nobody.here' });
      assert.deepEqual(unknown, {
        status: 404,
        body: { status: 'failed', errorMessage: 'no user has that username', code: 'not_found' },
      });
    });

    it('answers a sign-in challenge only at the API that issued it', async () => {
      const authenticator = new SoftwareAuthenticator();
      const options = await post(base(), '/attestation/options', {
        username: 'erin.apis',
        displayName: 'Erin',
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      });
      const made = authenticator.createCredential(options.body, { origin: WEB_ORIGIN });
      assert.equal((await post(base(), '/attestation/result', made.response)).body.status, 'ok');
      // a conformance challenge asking no UV cannot sign in at the product's route (which would start a session)
      const loose = await post(base(), '/assertion/options', {
        username: '',
        userVerification: 'discouraged',
      });
      const unverified = authenticator.getAssertion(loose.body, { origin: WEB_ORIGIN, userVerified: false });
      const product = await post(base(), '/api/webauthn/authentication/verify', unverified);
      assert.equal(product.status, 400);
      assert.equal(product.body.error.code, 'challenge_not_found');
      // nor a product challenge at the conformance route
      const productOptions = await post(base(), '/api/webauthn/authentication/options', {});
      const assertion = authenticator.getAssertion(productOptions.body, { origin: WEB_ORIGIN });
      const conformance = await post(base(), '/assertion/result', assertion);
      assert.equal(conformance.status, 400);
      assert.equal(conformance.body.code, 'challenge_not_found');
    });

    it('answers every malformed request with status failed, a 4xx and a non-empty errorMessage', async () => {
      const cases: [string, unknown, number, string, string?][] = [
        ['/attestation/options', { username: 'dave' }, 400, 'malformed_request'],
        ['/attestation/options', { displayName: 'Dave' }, 400, 'malformed_request'],
        ['/attestation/options', { username: 'x', displayName: 'X' }, 400, 'invalid_username'],
        ['/attestation/options', { ...REQUEST, attestation: 'sometimes' }, 400, 'malformed_request'],
        ['/attestation/options', '{"username": ', 400, 'malformed_request'],
        ['/attestation/options', 'username=dave', 415, 'unsupported_media_type', 'text/plain'],
        ['/attestation/result', {}, 400, 'malformed_request'],
        ['/attestation/result', { id: 'AAAA', type: 'public-key', response: {} }, 400, 'malformed_request'],
        ['/assertion/options', { userVerification: 'always' }, 400, 'malformed_request'],
        ['/assertion/result', { id: '!!', type: 'public-key', response: {} }, 400, 'malformed_request'],
      ];
      for (const [path, body, status, code, contentType] of cases) {
        const reply = await post(base(), path, body, contentType);
        assert.equal(reply.status, status, `${path} ${JSON.stringify(body)}`);
        assert.equal(reply.body.status, 'failed');
        assert.equal(reply.body.code, code);
        assert.ok(reply.body.errorMessage.length > 0);
      }
    });
  });
}

describe('FIDO_CONFORMANCE_API', () => {
  it('is off by default, on with 1, refused with NODE_ENV=production, and listed by serve --help', () => {
    assert.equal(loadConfig({}).fidoConformanceApi, false);
    assert.equal(loadConfig({ FIDO_CONFORMANCE_API: '1' }).fidoConformanceApi, true);
    assert.equal(loadConfig({ FIDO_CONFORMANCE_API: '0' }).fidoConformanceApi, false);
    assert.throws(() => loadConfig({ FIDO_CONFORMANCE_API: 'yes' }), /FIDO_CONFORMANCE_API/);
    assert.throws(
      () => loadConfig({ FIDO_CONFORMANCE_API: '1', NODE_ENV: 'production' }),
      /FIDO_CONFORMANCE_API.*production/,
    );
    assert.match(help(), /FIDO_CONFORMANCE_API/);
  });
});

/** A member of a genuine message changed: dropped, of another type, or its base64url bytes flipped, cut or padded. */
function mutate(rng: ReturnType<typeof prng>, value: unknown, depth = 0): unknown {
  if (typeof value === 'string' && /^[A-Za-z0-9_-]{8,}$/.test(value) && rng.next() < 0.7) {
    const bytes = Buffer.from(value, 'base64url');
    switch (rng.int(4)) {
      case 0:
        bytes[rng.int(bytes.length)]! ^= 1 << rng.int(8);
        return bytes.toString('base64url');
      case 1:
        return bytes.subarray(0, rng.int(bytes.length)).toString('base64url');
      case 2:
        return Buffer.alloc(500 + rng.int(5000), 0x81).toString('base64url');
      default:
        return value.slice(0, 3) + rng.pick(['+', '/', '=', ' ', '!']) + value.slice(4);
    }
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && depth < 3 && rng.next() < 0.85) {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const key = rng.pick(Object.keys(copy).length ? Object.keys(copy) : ['x']);
    if (rng.next() < 0.2) delete copy[key];
    else copy[key] = mutate(rng, copy[key], depth + 1);
    return copy;
  }
  return rng.pick<unknown>([null, true, 0, -1, 1.5, '', 'x'.repeat(3000), [], {}, [[[]]], 'null']);
}

describe('FIDO conformance API under malformed requests', () => {
  const suite = serverForSuite(async () => sqliteDatabase(), { fidoConformanceApi: true });
  const KNOWN = { ...SERVER_ERROR_CODES, ...WEBAUTHN_ERROR_CODES_FOR_TESTS } as Record<string, number>;
  const COUNT = 400;

  it(`answers ${COUNT} mutated requests without a 5xx, each failure as {status: "failed", errorMessage, code}`, async () => {
    const rng = prng(20261215);
    const base = suite.running.base;
    const failures: string[] = [];
    let refused = 0;
    for (let i = 0; i < COUNT; i++) {
      const username = `fuzz.${i % 7}`;
      // a genuine message of one of the four kinds, over a live challenge, then mutated
      const kind = rng.int(4);
      let path: string;
      let body: unknown;
      if (kind === 0) {
        path = '/attestation/options';
        body = { ...REQUEST, username };
      } else if (kind === 1) {
        path = '/assertion/options';
        body = { username, userVerification: 'preferred' };
      } else {
        const options = await post(base, '/attestation/options', { ...REQUEST, username });
        const authenticator = new SoftwareAuthenticator();
        const made = authenticator.createCredential(options.body, { origin: WEB_ORIGIN });
        if (kind === 2) {
          path = '/attestation/result';
          body = asProfile(made.response);
        } else {
          assert.equal((await post(base, '/attestation/result', made.response)).status, 200);
          const get = await post(base, '/assertion/options', { username: '' });
          path = '/assertion/result';
          body = authenticator.getAssertion(get.body, {
            origin: WEB_ORIGIN,
            credentialId: made.credentialId,
          });
        }
      }
      const text = JSON.stringify(mutate(rng, body));
      const reply = await fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: text,
      });
      const answer = (await reply.json()) as Record<string, unknown>;
      const label = `${path} ${text.slice(0, 100)} -> ${reply.status} ${JSON.stringify(answer).slice(0, 120)}`;
      if (reply.status >= 500) failures.push(label);
      else if (reply.status >= 400) {
        refused++;
        const code = answer.code as string;
        if (answer.status !== 'failed' || !answer.errorMessage || KNOWN[code] !== reply.status)
          failures.push(`not a ServerResponse failure: ${label}`);
      } else if (answer.status !== 'ok' || answer.errorMessage !== '') failures.push(`not ok: ${label}`);
    }
    assert.deepEqual(failures, []);
    // the mutations reach the refusals (most of them), not only harmless members
    assert.ok(refused > COUNT / 2, `${refused} of ${COUNT} refused`);
  });
});
