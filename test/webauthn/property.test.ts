// Property-based tests (fast-check) of the verification core on genuine responses from the software
// authenticator (ES256, EdDSA, RS256; none and packed self attestation), mutated in their bytes, flags, JSON
// fields, base64url text and CBOR. Two properties throughout:
//   1. the verifier throws nothing but WebAuthnError;
//   2. it never accepts a changed signature, clientDataJSON or authenticatorData.
// Changes that are semantically invisible and may therefore be accepted, excluded explicitly:
//   - base64url text that decodes to the same bytes (padding added, the unused low bits of the last symbol);
//   - members nothing signs and §7.2 does not check: clientExtensionResults, authenticatorAttachment, and
//     userHandle when absent / null / "" (no claim is made about the user);
//   - re-signed data whose content still satisfies every step (checked member by member below).
import type { RegistrationResponseJSON } from '../../src/webauthn/index.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { decode, encode } from 'cborg';
import { verifyAuthentication, verifyAuthenticationAsync } from '../../src/webauthn/authentication.js';
import { verifyRegistration } from '../../src/webauthn/registration.js';
import { WebAuthnError } from '../../src/webauthn/errors.js';
import type { AuthenticationResponseJSON, VerifiedAuthentication } from '../../src/webauthn/types.js';
import {
  b64u,
  CHALLENGE,
  fromB64u,
  generateCredential,
  ORIGIN,
  resignedAssertion,
  RP_ID,
  USER_ID,
  type GeneratedCredential,
} from './generated-responses.js';

const RUNS = 120;
const credentials = [generateCredential(-7), generateCredential(-8), generateCredential(-257)];
const packedSelf = [generateCredential(-7, 'packed'), generateCredential(-8, 'packed')];
const noneReg = credentials[0];
const anyCredential = fc.constantFrom(...credentials);
const expected = { challenge: CHALLENGE, origins: ORIGIN, rpId: RP_ID };
const RP_ID_HASH = createHash('sha256').update(RP_ID).digest();

const record = (c: GeneratedCredential) => ({
  id: c.credentialId,
  publicKey: c.publicKey,
  counter: 0,
  backupEligible: true,
  userHandle: USER_ID,
});

type Outcome = { ok: true; value: VerifiedAuthentication } | { ok: false; code: string };

/** Runs the sync and the async verifier; both must agree, and only WebAuthnError may be thrown. */
async function authenticate(c: GeneratedCredential, response: unknown): Promise<Outcome> {
  const run = async (f: () => VerifiedAuthentication | Promise<VerifiedAuthentication>): Promise<Outcome> => {
    try {
      return { ok: true, value: await f() };
    } catch (err) {
      assert.ok(err instanceof WebAuthnError, `not a WebAuthnError: ${String((err as Error)?.stack ?? err)}`);
      return { ok: false, code: err.code };
    }
  };
  const input = { response: response as AuthenticationResponseJSON, expected, credential: record(c) };
  const sync = await run(() => verifyAuthentication(structuredClone(input)));
  const async = await run(() => verifyAuthenticationAsync(structuredClone(input)));
  assert.equal(async.ok ? 'ok' : async.code, sync.ok ? 'ok' : sync.code, 'sync and async verifiers disagree');
  return sync;
}

/** Decoded signed inputs of an accepted assertion must be the original ones. */
function assertSignedBytesUnchanged(c: GeneratedCredential, response: AuthenticationResponseJSON): void {
  const o = c.authentication.response;
  for (const f of ['clientDataJSON', 'authenticatorData', 'signature'] as const) {
    assert.deepEqual(fromB64u(response.response[f]), fromB64u(o[f]), `accepted a changed ${f}`);
  }
  assert.deepEqual(fromB64u(response.id), fromB64u(c.credentialId), 'accepted a changed id');
  assert.deepEqual(fromB64u(response.rawId), fromB64u(c.credentialId), 'accepted a changed rawId');
}

const byteMutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('replace' as const), bytes: fc.uint8Array({ maxLength: 80 }) }),
);

type ByteMutation = typeof byteMutation extends fc.Arbitrary<infer T> ? T : never;

function mutateBytes(bytes: Buffer, m: ByteMutation): Buffer {
  const out = Buffer.from(bytes);
  if (m.kind === 'flip') {
    if (out.length === 0) return Buffer.from([1]);
    out[m.at % out.length] ^= 1 << m.bit;
    return out;
  }
  if (m.kind === 'truncate') return out.subarray(0, m.at % out.length);
  if (m.kind === 'append') return Buffer.concat([out, m.bytes]);
  return Buffer.from(m.bytes);
}

test('changed signature, authenticatorData or clientDataJSON bytes are never accepted', async () => {
  await fc.assert(
    fc.asyncProperty(
      anyCredential,
      fc.constantFrom('signature', 'authenticatorData', 'clientDataJSON'),
      byteMutation,
      async (c, field, m) => {
        const r = structuredClone(c.authentication);
        const original = fromB64u(r.response[field]);
        const changed = mutateBytes(original, m);
        fc.pre(!changed.equals(original));
        r.response[field] = b64u(changed);
        const outcome = await authenticate(c, r);
        assert.equal(outcome.ok, false, `accepted a changed ${field}`);
      },
    ),
    { numRuns: RUNS },
  );
});

const B64_EDIT_CHARS = ['A', 'a', '0', '-', '_', '=', '+', '/', ' ', '.', '\n', 'é', '\u0000'];
const textEdit = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'replace', 'pad'),
  at: fc.nat(),
  ch: fc.constantFrom(...B64_EDIT_CHARS),
});

test('base64url text edits: rejected with WebAuthnError unless the decoded bytes are unchanged', async () => {
  await fc.assert(
    fc.asyncProperty(
      anyCredential,
      fc.constantFrom('id', 'rawId', 'clientDataJSON', 'authenticatorData', 'signature', 'userHandle'),
      textEdit,
      async (c, field, e) => {
        const r = structuredClone(c.authentication) as any;
        const holder = field === 'id' || field === 'rawId' ? r : r.response;
        const s: string = holder[field];
        const i = e.at % (s.length + 1);
        holder[field] =
          e.kind === 'insert'
            ? s.slice(0, i) + e.ch + s.slice(i)
            : e.kind === 'delete'
              ? s.slice(0, i) + s.slice(i + 1)
              : e.kind === 'replace'
                ? s.slice(0, i) + e.ch + s.slice(i + 1)
                : s + '='.repeat((4 - (s.length % 4)) % 4 || 4);
        fc.pre(holder[field] !== s);
        const outcome = await authenticate(c, r);
        if (outcome.ok) {
          assertSignedBytesUnchanged(c, r);
          if (field === 'userHandle') assert.deepEqual(fromB64u(r.response.userHandle), fromB64u(USER_ID));
        }
      },
    ),
    { numRuns: RUNS },
  );
});

const UNSIGNED_MEMBERS = new Set(['clientExtensionResults', 'authenticatorAttachment']);

test('JSON members replaced by arbitrary JSON or removed: only WebAuthnError, only unsigned members may change', async () => {
  await fc.assert(
    fc.asyncProperty(
      anyCredential,
      fc.constantFrom(
        'id',
        'rawId',
        'type',
        'response',
        'clientExtensionResults',
        'authenticatorAttachment',
        'response.clientDataJSON',
        'response.authenticatorData',
        'response.signature',
        'response.userHandle',
      ),
      fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
      async (c, path, value) => {
        const r = structuredClone(c.authentication) as any;
        const [a, b] = path.split('.');
        const holder = b ? r[a] : r;
        const key = b ?? a;
        const before = JSON.stringify(holder[key]);
        if (value === undefined) delete holder[key];
        else holder[key] = value;
        fc.pre(JSON.stringify(holder[key]) !== before);
        const outcome = await authenticate(c, r);
        if (!outcome.ok) return;
        const userHandleAbsent =
          key === 'userHandle' && (value === undefined || value === null || value === '');
        assert.ok(UNSIGNED_MEMBERS.has(key) || userHandleAbsent, `accepted a changed ${path}`);
        assertSignedBytesUnchanged(c, r);
      },
    ),
    { numRuns: RUNS },
  );
});

test('whole responses of arbitrary JSON: only WebAuthnError', async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (value) => {
      const outcome = await authenticate(credentials[0], value);
      assert.equal(outcome.ok, false);
    }),
    { numRuns: 60 },
  );
});

test('re-signed authenticator data: accepted only when every §7.2 flag, rpIdHash and counter check holds', async () => {
  let acceptedAuthData = 0;
  await fc.assert(
    fc.asyncProperty(
      anyCredential,
      fc.record({
        flags: fc.oneof(fc.constant(0x1d), fc.integer({ min: 0, max: 255 })), // 0x1d: UP UV BE BS
        signCount: fc.oneof(fc.constant(0), fc.nat({ max: 0xffffffff })),
        rightRpId: fc.boolean(),
        otherHash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
        tail: fc.oneof(
          { arbitrary: fc.constant(new Uint8Array()), weight: 3 },
          { arbitrary: fc.uint8Array({ minLength: 1, maxLength: 12 }), weight: 1 },
          { arbitrary: fc.constant(encode(new Map([['credProtect', 2]]))), weight: 1 },
        ),
      }),
      async (c, d) => {
        const header = Buffer.alloc(5);
        header.writeUInt8(d.flags, 0);
        header.writeUInt32BE(d.signCount, 1);
        const authData = Buffer.concat([d.rightRpId ? RP_ID_HASH : d.otherHash, header, d.tail]);
        const outcome = await authenticate(c, resignedAssertion(c, { authenticatorData: authData }));
        if (!outcome.ok) return;
        acceptedAuthData++;
        const info = outcome.value.authenticationInfo;
        assert.ok(authData.subarray(0, 32).equals(RP_ID_HASH), 'accepted a wrong rpIdHash'); // §7.2 step 15
        assert.ok(d.flags & 0x01, 'accepted UP = 0'); // step 16
        assert.ok(d.flags & 0x04, 'accepted UV = 0 with UV required'); // step 17
        assert.ok(d.flags & 0x08, 'accepted BE changed from the stored credential'); // step 18
        assert.equal(
          d.tail.length === 0 || (d.flags & 0x80) !== 0,
          true,
          'accepted trailing bytes without ED',
        );
        assert.equal(info.newCounter, d.signCount);
        assert.equal(info.flags.value, d.flags);
        assert.equal(info.userVerified, true);
      },
    ),
    { numRuns: RUNS },
  );
  assert.ok(acceptedAuthData > 0, 'no generated authenticator data was valid: the property checked nothing');
});

/** Each member valid most of the time, so both the accepting and the rejecting branch are exercised. */
const mostly = <T>(valid: T, ...others: unknown[]) =>
  fc.oneof(
    { arbitrary: fc.constant<unknown>(valid), weight: 4 },
    { arbitrary: fc.constantFrom<unknown>(...others), weight: 1 },
  );
const clientDataValue = fc.record(
  {
    type: mostly('webauthn.get', 'webauthn.create', 'payment.get', 1, null),
    challenge: mostly(CHALLENGE, CHALLENGE + '=', b64u(Buffer.alloc(32, 1)), 'not base64!', 7),
    origin: mostly(
      ORIGIN,
      'https://prop.example:443',
      'https://evil.example',
      'https://sub.prop.example',
      'http://prop.example',
      ORIGIN.toUpperCase(),
      {},
    ),
    crossOrigin: mostly(false, true, 'true', null),
    topOrigin: fc.constantFrom<unknown>(ORIGIN, 'https://top.example'),
    extra: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: ['type', 'challenge', 'origin'] },
);

test('re-signed client data: accepted only with the expected type, challenge and origin, same-origin', async () => {
  let acceptedClientData = 0;
  await fc.assert(
    fc.asyncProperty(
      anyCredential,
      fc.oneof(
        clientDataValue.map((v) => Buffer.from(JSON.stringify(v))),
        fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
      ),
      async (c, clientDataJSON) => {
        const outcome = await authenticate(c, resignedAssertion(c, { clientDataJSON }));
        if (!outcome.ok) return;
        acceptedClientData++;
        const cd = JSON.parse(clientDataJSON.toString('utf8'));
        assert.equal(cd.type, 'webauthn.get'); // §7.2 step 11
        assert.equal(cd.challenge, CHALLENGE); // step 11: the exact unpadded string
        assert.equal(cd.origin, ORIGIN); // step 13
        assert.notEqual(cd.crossOrigin, true); // step 14: cross-origin not allowed by this RP
        assert.equal(cd.topOrigin, undefined);
      },
    ),
    { numRuns: RUNS },
  );
  assert.ok(acceptedClientData > 0, 'no generated client data was valid: the property checked nothing');
});

function registers(response: unknown) {
  try {
    return verifyRegistration({ response: response as RegistrationResponseJSON, expected });
  } catch (err) {
    assert.ok(err instanceof WebAuthnError, `not a WebAuthnError: ${String((err as Error)?.stack ?? err)}`);
    return undefined;
  }
}

test('packed self attestation: any change to attestationObject or clientDataJSON bytes is rejected', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...packedSelf),
      fc.constantFrom('attestationObject', 'clientDataJSON'),
      byteMutation,
      (c, field, m) => {
        const r = structuredClone(c.registration);
        const original = fromB64u(r.response[field]);
        const changed = mutateBytes(original, m);
        fc.pre(!changed.equals(original));
        r.response[field] = b64u(changed);
        assert.equal(registers(r), undefined, `accepted a changed ${field}`);
      },
    ),
    { numRuns: RUNS },
  );
});

test('none attestation (authData unsigned): changed bytes give WebAuthnError or a record true to the new data', () => {
  fc.assert(
    fc.property(byteMutation, (m) => {
      const r = structuredClone(noneReg.registration);
      const changed = mutateBytes(fromB64u(r.response.attestationObject), m);
      r.response.attestationObject = b64u(changed);
      const result = registers(r);
      if (!result) return;
      const authData: Uint8Array = (decode(changed, { useMaps: true }) as Map<string, any>).get('authData');
      const info = result.registrationInfo;
      assert.ok(Buffer.from(authData.subarray(0, 32)).equals(RP_ID_HASH));
      assert.equal(info.credential.id, r.id, 'the record is for the id the response claims');
      assert.ok(
        Buffer.from(authData).includes(Buffer.from(info.credential.publicKey)),
        'the stored key is the attested one',
      );
      assert.equal(info.flags.value, authData[32]);
    }),
    { numRuns: RUNS },
  );
});

test('CBOR: trailing bytes, unknown members and replaced statements in attestationObject', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(noneReg, ...packedSelf),
      fc.oneof(
        fc.record({
          kind: fc.constant('trailing' as const),
          bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }),
        }),
        fc.record({
          kind: fc.constant('member' as const),
          key: fc.string({ maxLength: 8 }),
          value: fc.jsonValue({ maxDepth: 1 }),
        }),
        fc.record({
          kind: fc.constant('fmt' as const),
          fmt: fc.constantFrom<unknown>('none', 'packed', 'tpm', 'x', 1),
        }),
        fc.record({ kind: fc.constant('attStmt' as const), value: fc.jsonValue({ maxDepth: 2 }) }),
      ),
      (c, m) => {
        const r = structuredClone(c.registration);
        const bytes = fromB64u(r.response.attestationObject);
        const attObj = decode(bytes, { useMaps: true }) as Map<unknown, unknown>;
        let changed: Uint8Array;
        if (m.kind === 'trailing') changed = Buffer.concat([bytes, m.bytes]);
        else {
          if (m.kind === 'member') attObj.set(m.key, m.value);
          if (m.kind === 'fmt') attObj.set('fmt', m.fmt);
          if (m.kind === 'attStmt') attObj.set('attStmt', m.value);
          changed = encode(attObj);
        }
        fc.pre(!Buffer.from(changed).equals(bytes));
        r.response.attestationObject = b64u(changed);
        const result = registers(r);
        if (m.kind === 'trailing') assert.equal(result, undefined, 'accepted trailing CBOR bytes');
        if (!result) return;
        // what remains acceptable: the same statement re-encoded, or "none" declared with an empty statement
        assert.equal(result.registrationInfo.fmt, attObj.get('fmt'));
        if (result.registrationInfo.fmt === 'packed') assert.equal(c.attestation, 'packed');
      },
    ),
    { numRuns: RUNS },
  );
});
