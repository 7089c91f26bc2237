// `npm run bench`: credkit/webauthn verification against @simplewebauthn/server and the raw crypto.verify floor,
// in one process, on the BUILT package (dist/). Run with --expose-gc (allocation figures need gc()).
//   BENCH_MS (default 400) per round, BENCH_ROUNDS (default 5): best round counts.
import { createHash, createPublicKey, hash as digest, verify } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { verifyAuthentication, verifyAuthenticationAsync, verifyRegistration } from '@credkit/webauthn';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { makeFixture, ORIGIN, RP_ID } from './fixtures.mjs';
import { bytesPerCall, throughput } from './measure.mjs';
import { formatTable } from './report.mjs';

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc (npm run bench does)');
  process.exit(2);
}
const MS = Number(process.env.BENCH_MS ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ALLOC_ITERATIONS = Number(process.env.BENCH_ALLOC_N ?? 10000);

/** The contenders for one credential: credkit sync/async, SimpleWebAuthn, the raw floor sync/async. */
function authenticationTasks(f) {
  const credential = { id: f.credentialId, publicKey: f.cosePublicKey, counter: 0 };
  const swaCredential = { id: f.credentialId, publicKey: new Uint8Array(f.cosePublicKey), counter: 0 };
  const expected = () => ({ challenge: f.challenge, origins: ORIGIN, rpId: RP_ID });
  const { key, hash, clientDataJSON, authenticatorData, signature } = f.raw;
  const signedData = () =>
    Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]);
  return {
    credkit: () => verifyAuthentication({ response: f.authentication, expected: expected(), credential }),
    credkitAsync: () =>
      verifyAuthenticationAsync({ response: f.authentication, expected: expected(), credential }),
    swa: () =>
      verifyAuthenticationResponse({
        response: f.authentication,
        expectedChallenge: f.challenge,
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        credential: swaCredential,
        requireUserVerification: true,
      }),
    raw: () => {
      if (!verify(hash, signedData(), key, signature)) throw new Error('raw verify failed');
    },
    rawAsync: () =>
      new Promise((resolve, reject) =>
        verify(hash, signedData(), key, signature, (err, ok) =>
          err || !ok ? reject(err ?? new Error('bad')) : resolve(),
        ),
      ),
  };
}

function registrationTasks(f) {
  const r = f.rawRegistration;
  return {
    raw:
      r &&
      (() => {
        const key = createPublicKey({ key: r.spki, format: 'der', type: 'spki' });
        const signedData = Buffer.concat([r.authData, digest('sha256', r.clientDataJSON, 'buffer')]);
        if (!verify('sha256', signedData, key, r.sig)) throw new Error('raw registration verify failed');
      }),
    credkit: () =>
      verifyRegistration({
        response: f.registration,
        expected: { challenge: f.challenge, origins: ORIGIN, rpId: RP_ID },
      }),
    swa: () =>
      verifyRegistrationResponse({
        response: f.registration,
        expectedChallenge: f.challenge,
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        requireUserVerification: true,
      }),
  };
}

async function assertAllVerify(tasks) {
  for (const [name, fn] of Object.entries(tasks)) {
    if (!fn) continue;
    const result = await fn();
    if (result && result.verified === false) throw new Error(`${name} did not verify the benchmark response`);
  }
}

const fixtures = {
  ES256: makeFixture(-7),
  EdDSA: makeFixture(-8),
  RS256: makeFixture(-257),
  'packed self ES256': makeFixture(-7, 'direct'),
};
const auth = Object.fromEntries(
  ['ES256', 'EdDSA', 'RS256'].map((n) => [n, authenticationTasks(fixtures[n])]),
);
const reg = {
  none: registrationTasks(fixtures.ES256),
  'packed self': registrationTasks(fixtures['packed self ES256']),
};
for (const t of [...Object.values(auth), ...Object.values(reg)]) await assertAllVerify(t);

console.log(
  `credkit benchmark: node ${process.version}, ${availableParallelism()} CPUs, best of ${ROUNDS} x ${MS} ms rounds`,
);

const authRows = [];
for (const [alg, t] of Object.entries(auth)) {
  const r = await throughput(
    [
      { name: 'credkit', fn: t.credkit },
      { name: 'swa', fn: t.swa },
      { name: 'raw', fn: t.raw },
    ],
    { rounds: ROUNDS, ms: MS },
  );
  authRows.push({
    what: `verifyAuthentication ${alg}`,
    credkit: r.get('credkit'),
    swa: r.get('swa'),
    raw: r.get('raw'),
  });
}
for (const [fmt, t] of Object.entries(reg)) {
  const r = await throughput(
    [
      { name: 'credkit', fn: t.credkit },
      { name: 'swa', fn: t.swa },
      ...(t.raw ? [{ name: 'raw', fn: t.raw }] : []),
    ],
    { rounds: ROUNDS, ms: MS },
  );
  authRows.push({
    what: `verifyRegistration ${fmt} (ES256)`,
    credkit: r.get('credkit'),
    swa: r.get('swa'),
    raw: r.get('raw'),
  });
}
console.log('\nThroughput (ops/s, higher is better)');
console.log(formatTable(authRows));

const allocRows = [];
for (const [what, t] of [
  ['verifyAuthentication ES256', auth.ES256],
  ['verifyAuthentication EdDSA', auth.EdDSA],
  ['verifyAuthentication RS256', auth.RS256],
  ['verifyRegistration none', reg.none],
  ['verifyRegistration packed self', reg['packed self']],
]) {
  const c = await bytesPerCall(t.credkit, ALLOC_ITERATIONS);
  const s = await bytesPerCall(t.swa, ALLOC_ITERATIONS);
  const raw = t.raw && (await bytesPerCall(t.raw, ALLOC_ITERATIONS));
  allocRows.push({ what, credkit: c, swa: s, raw });
}
console.log(
  `\nJS heap allocated per verification (KiB/op, ${ALLOC_ITERATIONS} calls; GCs during the loop corrected for)`,
);
console.log(
  formatTable(
    allocRows.map((r) => ({
      what: r.what,
      credkitKiB: r.credkit.bytes / 1024,
      swaKiB: r.swa.bytes / 1024,
      rawKiB: r.raw && r.raw.bytes / 1024,
    })),
    { credkitKiB: 'credkit KiB/op', swaKiB: 'SimpleWebAuthn KiB/op', rawKiB: 'raw floor KiB/op' },
  ),
);
console.log(
  'raw floor: authentication = crypto.verify over authenticatorData || SHA-256(clientDataJSON) with the key imported once;\n' +
    'registration packed self = SHA-256(clientDataJSON), import of the new key from SPKI DER, crypto.verify; inputs decoded once',
);

const IN_FLIGHT = 32;
const es = auth.ES256;
const c = await throughput(
  [
    { name: 'credkit sync', fn: es.credkit },
    { name: 'credkit async', fn: es.credkitAsync, inFlight: IN_FLIGHT },
    { name: 'raw sync', fn: es.raw },
    { name: 'raw async', fn: es.rawAsync, inFlight: IN_FLIGHT },
  ],
  { rounds: ROUNDS, ms: MS },
);
console.log(`\nES256 authentication with ${IN_FLIGHT} verifications in flight (threadpool) vs one core`);
console.log(
  formatTable(
    [
      {
        what: 'credkit verifyAuthenticationAsync',
        inFlight: c.get('credkit async'),
        oneCore: c.get('credkit sync'),
      },
      { what: 'raw crypto.verify (callback form)', inFlight: c.get('raw async'), oneCore: c.get('raw sync') },
    ],
    { inFlight: `ops/s, ${IN_FLIGHT} in flight`, oneCore: 'ops/s, sync (one core)' },
    { 'x one core': (r) => r.inFlight / r.oneCore },
  ),
);
