// CredkitClient in Node: a scripted server (fetch) and a scripted navigator.credentials, checking what the
// client sends, what it returns, and which signals it applies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CredkitClient } from '../../packages/browser/src/client.js';
import type { PublicKeyCredentialStatics } from '../../packages/browser/src/platform.js';

type Route = (body: unknown) => [number, unknown];

function scriptedServer(routes: Record<string, Route>) {
  const requests: { method: string; path: string; body: unknown }[] = [];
  const fetch = async (input: string, init?: RequestInit) => {
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const key = `${init?.method ?? 'GET'} ${input}`;
    requests.push({ method: init?.method ?? 'GET', path: input, body });
    const route = routes[key];
    if (!route) throw new TypeError(`no route ${key}`);
    const [status, json] = route(body);
    return new Response(JSON.stringify(json), { status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, requests };
}

function recordingStatics(extra: Partial<PublicKeyCredentialStatics> = {}) {
  const signals: [string, unknown][] = [];
  const statics: PublicKeyCredentialStatics = {
    signalUnknownCredential: async (o) => void signals.push(['signalUnknownCredential', o]),
    signalAllAcceptedCredentials: async (o) => void signals.push(['signalAllAcceptedCredentials', o]),
    signalCurrentUserDetails: async (o) => void signals.push(['signalCurrentUserDetails', o]),
    ...extra,
  };
  return { statics, signals };
}

const bytes = (...b: number[]) => new Uint8Array(b).buffer;
const assertion = {
  id: 'AQ',
  rawId: bytes(1),
  type: 'public-key',
  response: {
    clientDataJSON: bytes(2),
    authenticatorData: bytes(3),
    signature: bytes(4),
    userHandle: bytes(5),
  },
  getClientExtensionResults: () => ({}),
};

test('passkey sign-in: options → get → verify; unknown_credential applies signalUnknownCredential', async () => {
  const unknown = { rpId: 'localhost', credentialId: 'AQ' };
  const server = scriptedServer({
    'POST /api/webauthn/authentication/options': () => [
      200,
      { challenge: 'AAEC', rpId: 'localhost', allowCredentials: [] },
    ],
    'POST /api/webauthn/authentication/verify': () => [
      404,
      {
        error: { code: 'unknown_credential', message: 'no such credential' },
        signals: { unknownCredential: unknown },
      },
    ],
  });
  const { statics, signals } = recordingStatics();
  const gets: CredentialRequestOptions[] = [];
  const client = new CredkitClient({
    fetch: server.fetch,
    statics,
    credentials: {
      create: async () => null,
      get: async (o) => (gets.push(o), assertion as unknown as Credential),
    },
  });
  const result = await client.signInWithPasskey();
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.error.code, 'unknown_credential');
  assert.equal(!result.ok && result.error.status, 404);
  assert.deepEqual(signals, [['signalUnknownCredential', unknown]]);
  assert.deepEqual(server.requests[0].body, {});
  assert.deepEqual(new Uint8Array(gets[0].publicKey!.challenge as ArrayBuffer), new Uint8Array([0, 1, 2]));
  assert.equal(gets[0].mediation, undefined);
  assert.deepEqual(server.requests[1].body, {
    id: 'AQ',
    rawId: 'AQ',
    type: 'public-key',
    authenticatorAttachment: null,
    clientExtensionResults: {},
    response: { clientDataJSON: 'Ag', authenticatorData: 'Aw', signature: 'BA', userHandle: 'BQ' },
  });
});

test('username-first sends the username; the user cancelling is a typed "cancelled" result', async () => {
  const server = scriptedServer({
    'POST /api/webauthn/authentication/options': () => [
      200,
      { challenge: 'AA', allowCredentials: [{ id: 'AQ', type: 'public-key' }] },
    ],
  });
  const client = new CredkitClient({
    fetch: server.fetch,
    statics: recordingStatics().statics,
    credentials: {
      create: async () => null,
      get: async () => Promise.reject(new DOMException('denied', 'NotAllowedError')),
    },
  });
  const result = await client.signInWithPasskey({ username: 'alice' });
  assert.deepEqual(server.requests[0].body, { username: 'alice' });
  assert.equal(!result.ok && result.error.kind, 'cancelled');
  assert.equal(server.requests.length, 1, 'nothing sent to verify');
});

test('upgrade is skipped without conditionalCreate, and uses mediation "conditional" with it', async () => {
  const creates: CredentialCreationOptions[] = [];
  const server = scriptedServer({
    'POST /api/webauthn/registration/options': () => [
      200,
      {
        rp: { name: 'x' },
        user: { id: 'AQ', name: 'a', displayName: 'A' },
        challenge: 'AA',
        pubKeyCredParams: [],
      },
    ],
  });
  const credentials = {
    create: async (o: CredentialCreationOptions) => (
      creates.push(o),
      Promise.reject(new DOMException('x', 'NotAllowedError'))
    ),
    get: async () => null,
  };
  const without = new CredkitClient({
    fetch: server.fetch,
    statics: recordingStatics({ getClientCapabilities: async () => ({ conditionalCreate: false }) }).statics,
    credentials,
  });
  assert.deepEqual(await without.upgradeToPasskey(), {
    ok: true,
    value: { upgraded: false, reason: 'unsupported' },
  });
  assert.equal(server.requests.length, 0);

  const withIt = new CredkitClient({
    fetch: server.fetch,
    statics: recordingStatics({ getClientCapabilities: async () => ({ conditionalCreate: true }) }).statics,
    credentials,
  });
  assert.deepEqual(await withIt.upgradeToPasskey(), {
    ok: true,
    value: { upgraded: false, reason: 'NotAllowedError' },
  });
  assert.deepEqual(server.requests[0].body, { kind: 'passkey', conditional: true });
  assert.equal((creates[0] as { mediation?: string }).mediation, 'conditional');
});

test('registerPasskey sends residentKey only when asked (security keys without resident keys)', async () => {
  const creates: CredentialCreationOptions[] = [];
  const server = scriptedServer({
    'POST /api/webauthn/registration/options': (body) => [
      200,
      {
        rp: { name: 'x' },
        user: { id: 'AQ', name: 'a', displayName: 'A' },
        challenge: 'AA',
        pubKeyCredParams: [],
        authenticatorSelection: { residentKey: (body as { residentKey?: string }).residentKey ?? 'required' },
      },
    ],
  });
  const client = new CredkitClient({
    fetch: server.fetch,
    statics: recordingStatics().statics,
    credentials: {
      create: async (o: CredentialCreationOptions) => (creates.push(o), null),
      get: async () => null,
    },
  });
  await client.registerPasskey();
  await client.registerPasskey({ residentKey: 'preferred' });
  assert.deepEqual(
    server.requests.map((r) => r.body),
    [{ kind: 'passkey' }, { kind: 'passkey', residentKey: 'preferred' }],
  );
  assert.deepEqual(
    creates.map((o) => o.publicKey?.authenticatorSelection?.residentKey),
    ['required', 'preferred'],
  );
});

test('autofill is refused as "unsupported" without conditional mediation; no request is made', async () => {
  const server = scriptedServer({});
  const client = new CredkitClient({
    fetch: server.fetch,
    statics: recordingStatics({ isConditionalMediationAvailable: async () => false }).statics,
    credentials: { create: async () => null, get: async () => null },
  });
  const result = await client.signInWithAutofill(new AbortController().signal);
  assert.equal(!result.ok && result.error.kind, 'unsupported');
  assert.equal(server.requests.length, 0);
});

test('delete and profile edits apply the signals of their responses; server errors keep their code', async () => {
  const accepted = { rpId: 'localhost', userId: 'u', allAcceptedCredentialIds: ['b'] };
  const details = { rpId: 'localhost', userId: 'u', name: 'alice', displayName: 'Alice' };
  const server = scriptedServer({
    'DELETE /api/passkeys/a%2Fb': () => [
      200,
      { deleted: true, signals: { allAcceptedCredentials: accepted } },
    ],
    'DELETE /api/passkeys/last': () => [409, { error: { code: 'last_credential', message: 'keep one' } }],
    'PATCH /api/me': () => [
      200,
      {
        user: { id: 'u', username: 'alice', displayName: 'Alice' },
        signals: { currentUserDetails: details },
      },
    ],
  });
  const { statics, signals } = recordingStatics();
  const client = new CredkitClient({ fetch: server.fetch, statics, credentials: undefined });
  assert.deepEqual(await client.deletePasskey('a/b'), { ok: true, value: { deleted: true } });
  const last = await client.deletePasskey('last');
  assert.equal(!last.ok && last.error.code, 'last_credential');
  const me = await client.updateProfile({ displayName: 'Alice' });
  assert.equal(me.ok && me.value.displayName, 'Alice');
  assert.deepEqual(signals, [
    ['signalAllAcceptedCredentials', accepted],
    ['signalCurrentUserDetails', details],
  ]);
  const passkey = await client.registerPasskey();
  assert.equal(!passkey.ok && passkey.error.code, 'webauthn_unavailable');
});

test('an unreachable server is a "network" result', async () => {
  const client = new CredkitClient({
    fetch: async () => Promise.reject(new TypeError('Failed to fetch')),
    statics: undefined,
    credentials: undefined,
  });
  const result = await client.me();
  assert.equal(!result.ok && result.error.kind, 'network');
});

test("a client for credkit mounted under an app's own path sends every route there", async () => {
  const server = scriptedServer({
    'GET https://app.example/auth/passkeys': () => [200, { passkeys: [] }],
  });
  const client = new CredkitClient({
    baseUrl: 'https://app.example/',
    prefix: '/auth/',
    fetch: server.fetch,
    statics: recordingStatics().statics,
    credentials: undefined,
  });
  const passkeys = await client.listPasskeys();
  assert.equal(passkeys.ok, true);
  assert.deepEqual(
    server.requests.map((r) => `${r.method} ${r.path}`),
    ['GET https://app.example/auth/passkeys'],
  );
});
