#!/usr/bin/env node
// The floor for bench:http: bare Fastify, the challenge in a Map, one crypto.verify with a cached key, no other
// checks. Nobody should ship this; it is what any correct server must cost at least. Same routes as credkit's for
// the sign-in ceremony (enrolment reads the COSE key from the credential's SPKI `publicKey` member).
// FLOOR_WORKERS=N (default 1) runs N processes sharing the port (node:cluster): what the floor gains from a second
// core on the machine the bench runs on. A registered key is sent to every process; a challenge stays in the
// process that issued it, which the load client's keep-alive connection keeps returning to.
// FLOOR_REPLAY=1 (bench:workers, which verifies challenges fetched before the measurement, over connections any
// process may hold): a verify still deletes its challenge from this process's Map, but one another process
// issued passes too. The same work either way; only the refusal is off.
import cluster from 'node:cluster';
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import Fastify from 'fastify';

const WORKERS = Number(process.env.FLOOR_WORKERS ?? 1);
const REPLAY = process.env.FLOOR_REPLAY === '1';
if (WORKERS > 1 && cluster.isPrimary) {
  const workers = Array.from({ length: WORKERS }, () => cluster.fork());
  let listening = 0;
  for (const worker of workers)
    worker.on('message', (message) => {
      if (message.key) for (const w of workers) w.send(message);
      else if (message.listening && ++listening === WORKERS)
        process.stdout.write(`listening on ${message.listening}\n`);
    });
  process.on('SIGTERM', () => {
    for (const w of workers) w.kill('SIGTERM');
    cluster.on('exit', () => Object.keys(cluster.workers).length === 0 && process.exit(0));
  });
} else {
  await serve();
}

async function serve() {
  const keys = new Map(); // credential id -> KeyObject
  const challenges = new Map();
  const sessions = new Map();
  const app = Fastify({ logger: false });

  app.post('/api/signup', async (request, reply) => {
    const token = randomBytes(32).toString('base64url');
    sessions.set(token, request.body.username);
    return reply.status(201).send({ user: { username: request.body.username }, token });
  });
  app.post('/api/webauthn/registration/options', async () => {
    const challenge = randomBytes(32).toString('base64url');
    challenges.set(challenge, Date.now());
    return {
      challenge,
      rp: { id: 'localhost', name: 'floor' },
      user: { id: randomBytes(32).toString('base64url'), name: 'floor', displayName: 'floor' },
      pubKeyCredParams: [
        { type: 'public-key', alg: -8 },
        { type: 'public-key', alg: -7 },
      ],
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      attestation: 'none',
    };
  });
  app.post('/api/webauthn/registration/verify', async (request) => {
    const key = createPublicKey({
      key: Buffer.from(request.body.response.publicKey, 'base64url'),
      format: 'der',
      type: 'spki',
    });
    keys.set(request.body.id, key);
    // the primary sends the key to every process; this one answers once its own copy is back (the bench's load
    // starts after every enrolment and the warm-up, long after the others' copies arrive)
    if (cluster.isWorker)
      await new Promise((resolve) => {
        pendingKeys.set(request.body.id, resolve);
        process.send({ key: request.body.id, spki: request.body.response.publicKey });
      });
    return { credential: { id: request.body.id } };
  });
  app.post('/api/webauthn/authentication/options', async () => {
    const challenge = randomBytes(32).toString('base64url');
    challenges.set(challenge, Date.now());
    return {
      challenge,
      rpId: 'localhost',
      allowCredentials: [],
      userVerification: 'required',
      timeout: 300000,
    };
  });
  app.post('/api/webauthn/authentication/verify', async (request, reply) => {
    const { clientDataJSON, authenticatorData, signature } = request.body.response;
    const clientData = Buffer.from(clientDataJSON, 'base64url');
    const { challenge } = JSON.parse(clientData.toString('utf8'));
    if (!challenges.delete(challenge) && !REPLAY) return reply.status(400).send({ error: 'challenge' });
    const key = keys.get(request.body.id);
    const signed = Buffer.concat([
      Buffer.from(authenticatorData, 'base64url'),
      createHash('sha256').update(clientData).digest(),
    ]);
    const digest = key?.asymmetricKeyType === 'ed25519' ? null : 'sha256';
    if (!key || !verify(digest, signed, key, Buffer.from(signature, 'base64url')))
      return reply.status(401).send({ error: 'bad' });
    const token = randomBytes(32).toString('base64url');
    sessions.set(token, request.body.id);
    return { token };
  });

  const pendingKeys = new Map(); // credential id -> resolve, once the primary has sent the key back to this process
  if (cluster.isWorker)
    process.on('message', ({ key, spki }) => {
      keys.set(key, createPublicKey({ key: Buffer.from(spki, 'base64url'), format: 'der', type: 'spki' }));
      pendingKeys.get(key)?.();
      pendingKeys.delete(key);
    });

  const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  if (cluster.isWorker) process.send({ listening: address });
  else process.stdout.write(`listening on ${address}\n`);
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
}
