// Seeded generated malformed requests on every route: valid requests mutated field by field (wrong types,
// truncated and bit-flipped base64url, corrupted CBOR, deep nesting, huge strings, odd media types, odd paths).
// The promise: never a 5xx, never a crash, every refusal in the documented error format with its code's status.
// CREDKIT_FUZZ_REQUESTS sets the number per engine (default 2,500 on SQLite, 1,000 on PostgreSQL);
// CREDKIT_FUZZ_SEED replays a run.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../server/databases.js';
import { serverForSuite, signUpWithPasskey } from '../server/harness.js';
import { Client, SoftwareAuthenticator, WEB_ORIGIN, rawRequest } from './attacks.js';
import { SERVER_ERROR_CODES, WEBAUTHN_ERROR_CODES_FOR_TESTS } from './codes.js';
import { prng } from '../helpers/prng.js';

const SEED = Number(process.env.CREDKIT_FUZZ_SEED ?? 20261201);

type Rng = ReturnType<typeof prng>;

const STRINGS = [
  '',
  ' ',
  'a',
  '\u0000',
  '💥',
  'null',
  '{}',
  '%00',
  '../../etc/passwd',
  'A'.repeat(5000),
  '==',
];

function randomValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 3 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return rng.next() < 0.5;
    case 2:
      return rng.pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), Number.MAX_VALUE]);
    case 3:
      return rng.pick(STRINGS);
    case 4:
      return Buffer.from(Array.from({ length: rng.int(80) }, () => rng.int(256))).toString('base64url');
    case 5:
      return 'x'.repeat(rng.int(3000));
    case 6:
      return Array.from({ length: rng.int(4) }, () => randomValue(rng, depth + 1));
    case 7:
      return Object.fromEntries(
        Array.from({ length: rng.int(4) }, () => [
          rng.pick(['id', 'type', 'response', '__proto__', 'constructor', 'x']),
          randomValue(rng, depth + 1),
        ]),
      );
    default:
      return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
  }
}

/** A base64url value mutated at the byte level (flip, truncate, extend, CBOR garbage, non-alphabet chars). */
function mutateBase64url(rng: Rng, value: string): unknown {
  const bytes = Buffer.from(value, 'base64url');
  switch (rng.int(7)) {
    case 0:
      if (bytes.length) bytes[rng.int(bytes.length)]! ^= 1 << rng.int(8);
      return bytes.toString('base64url');
    case 1:
      return bytes.subarray(0, rng.int(bytes.length + 1)).toString('base64url');
    case 2:
      return Buffer.concat([bytes, Buffer.from([rng.int(256), rng.int(256)])]).toString('base64url');
    case 3: // deeply nested CBOR arrays
      return Buffer.alloc(1000 + rng.int(20000), 0x81).toString('base64url');
    case 4: // indefinite-length and huge-length heads
      return Buffer.from(
        rng.pick([
          [0x5f, 0x41, 0x00],
          [0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
          [0xbf],
          [0xa1, 0xa1, 0xa1],
        ]),
      ).toString('base64url');
    case 5:
      return (
        value.slice(0, rng.int(value.length)) + rng.pick(['+', '/', '=', '.', ' ', '\n']) + value.slice(1)
      );
    default:
      return randomValue(rng);
  }
}

function mutate(rng: Rng, value: unknown, depth = 0): unknown {
  if (typeof value === 'string' && /^[A-Za-z0-9_-]{8,}$/.test(value) && rng.next() < 0.7)
    return mutateBase64url(rng, value);
  if (value && typeof value === 'object' && !Array.isArray(value) && depth < 3 && rng.next() < 0.8) {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const key = rng.pick(keys.length ? keys : ['x']);
    switch (rng.int(4)) {
      case 0:
        delete copy[key];
        break;
      case 1:
        copy[rng.pick(['extra', 'userHandle', 'clientExtensionResults', 'kind', 'deviceId'])] =
          randomValue(rng);
        break;
      default:
        copy[key] = mutate(rng, copy[key], depth + 1);
    }
    return copy;
  }
  return randomValue(rng);
}

const KNOWN = { ...SERVER_ERROR_CODES, ...WEBAUTHN_ERROR_CODES_FOR_TESTS } as Record<string, number>;

for (const engine of ENGINES) {
  const count = Number(process.env.CREDKIT_FUZZ_REQUESTS ?? (engine.name === 'sqlite' ? 2500 : 1000));
  describe(`fuzzed requests on ${engine.name}`, () => {
    const suite = serverForSuite(engine.make);

    it(`answers ${count} malformed requests (seed ${SEED}) without a 5xx, each in the error format`, async () => {
      const base = suite.running.base;
      const rng = prng(SEED + (engine.name === 'sqlite' ? 0 : 1));
      const { client, authenticator, credentialId } = await signUpWithPasskey(
        base,
        'fuzz-owner',
        'fuzz password',
      );
      const regOptions = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
      const registration = new SoftwareAuthenticator().createCredential(regOptions.body, {
        origin: WEB_ORIGIN,
      }).response;
      const authOptions = await client.post('/api/webauthn/authentication/options', {});
      const assertion = authenticator.getAssertion(authOptions.body, { origin: WEB_ORIGIN, credentialId });
      const routes: [string, string, unknown][] = [
        ['POST', '/api/signup', { username: 'fuzz-new', displayName: 'F', password: 'fuzz password' }],
        ['POST', '/api/signin/password', { username: 'fuzz-owner', password: 'fuzz password' }],
        ['POST', '/api/signout', { deviceId: 'phone' }],
        ['GET', '/api/me', undefined],
        ['PATCH', '/api/me', { displayName: 'Fuzz' }],
        [
          'POST',
          '/api/webauthn/registration/options',
          { kind: 'restore', deviceId: 'phone', residentKey: 'required' },
        ],
        ['POST', '/api/webauthn/registration/verify', registration],
        ['POST', '/api/webauthn/authentication/options', { username: 'fuzz-owner', kind: 'passkey' }],
        ['POST', '/api/webauthn/authentication/verify', assertion],
        ['GET', '/api/passkeys', undefined],
        ['PATCH', `/api/passkeys/${credentialId}`, { name: 'Fuzzed' }],
        ['DELETE', `/api/passkeys/${credentialId}`, undefined],
        ['GET', '/.well-known/assetlinks.json', undefined],
        ['GET', '/.well-known/passkey-endpoints', undefined],
        ['GET', '/healthz', undefined],
      ];
      const failures: string[] = [];
      const seen = new Map<string, number>();
      for (let i = 0; i < count; i++) {
        if (i % 50 === 0)
          await client.post('/api/signin/password', { username: 'fuzz-owner', password: 'fuzz password' });
        const [method0, path0, template] = rng.pick(routes);
        let body0 = template;
        // a verify body over a live challenge, so the mutation reaches the verification core
        if (path0 === '/api/webauthn/registration/verify') {
          const options = await client.post('/api/webauthn/registration/options', { kind: 'passkey' });
          if (options.status === 200)
            body0 = new SoftwareAuthenticator().createCredential(options.body, {
              origin: WEB_ORIGIN,
            }).response;
        } else if (path0 === '/api/webauthn/authentication/verify') {
          const options = await client.post(
            '/api/webauthn/authentication/options',
            rng.next() < 0.5 ? {} : { username: 'fuzz-owner' },
          );
          try {
            body0 = authenticator.getAssertion(options.body, { origin: WEB_ORIGIN, credentialId });
          } catch {
            // the fuzz deleted the passkey (or the options list only others): mutate the old assertion
          }
        }
        let method = method0;
        let path = path0;
        let text: string | undefined = body0 === undefined ? undefined : JSON.stringify(mutate(rng, body0));
        const headers: Record<string, string> = { authorization: `Bearer ${client.token}` };
        switch (rng.int(12)) {
          case 0:
            method = rng.pick(['PUT', 'DELETE', 'POST', 'PATCH', 'OPTIONS', 'HEAD']);
            break;
          case 1:
            path = path + rng.pick(['/', '/x', '%', '%2e%2e', '?a=%zz', '//', '%00', '/' + 'A'.repeat(2000)]);
            break;
          case 2:
            headers['content-type'] = rng.pick([
              'text/plain',
              'application/json; charset=latin1',
              'application/jsonx',
              '*/*',
              '',
            ]);
            break;
          case 3:
            text = (text ?? '{}').slice(0, rng.int((text ?? '{}').length));
            break;
          case 4:
            text = '['.repeat(rng.int(5000)) + ']'.repeat(rng.int(5000));
            break;
          case 5:
            headers.authorization = rng.pick([
              'Bearer',
              'Bearer ' + 'x'.repeat(500),
              'Basic abc',
              'Bearer a b',
            ]);
            break;
          case 6:
            headers.cookie = rng.pick([
              'credkit_session=' + 'x'.repeat(300),
              'credkit_device=a.b.c',
              '=;;=',
              'credkit_session',
            ]);
            break;
          default:
        }
        if (text !== undefined && headers['content-type'] === undefined)
          headers['content-type'] = 'application/json';
        let reply;
        try {
          reply = await rawRequest(base, method, path, {
            ...(text !== undefined && method !== 'GET' && method !== 'HEAD' ? { body: text } : {}),
            headers,
          });
        } catch (e) {
          failures.push(`${method} ${path.slice(0, 60)}: connection failed (${(e as Error).message})`);
          continue;
        }
        const label = `${method} ${path.slice(0, 60)} ${String(text).slice(0, 80)} -> ${reply.status} ${reply.text.slice(0, 120)}`;
        if (reply.status >= 500) failures.push(label);
        else if (reply.status >= 400 && method !== 'HEAD') {
          const code = reply.body?.error?.code;
          if (
            typeof code !== 'string' ||
            typeof reply.body.error.message !== 'string' ||
            KNOWN[code] !== reply.status
          )
            failures.push(`not in the error format: ${label}`);
          else seen.set(code, (seen.get(code) ?? 0) + 1);
        }
      }
      console.log(
        `# ${engine.name}: ${count} requests; refusals by code ${JSON.stringify(Object.fromEntries(seen))}`,
      );
      assert.deepEqual(failures.slice(0, 20), []);
      assert.equal((await new Client(base).get('/healthz')).status, 200);
      assert.ok(seen.size >= 8, `only ${seen.size} distinct codes: the generator is too narrow`);
    });
  });
}
