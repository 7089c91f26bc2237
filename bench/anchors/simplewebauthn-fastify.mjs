#!/usr/bin/env node
// Anchor for bench:http: @simplewebauthn/server on a bare Fastify with an in-memory store (Maps for users,
// credentials, challenges and sessions), the way its examples use it. Same routes and bodies as credkit's, so
// one load client drives both. Prints "listening on URL". Env: PORT (0), ORIGIN, RP_ID.
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';

const ORIGIN = process.env.ORIGIN ?? 'http://localhost:8080';
const RP_ID = process.env.RP_ID ?? 'localhost';
const users = new Map(); // id -> { id, username }
const credentials = new Map(); // credential id -> { id, publicKey, counter, userId, transports }
const challenges = new Map(); // challenge -> { userId?, expires }
const sessions = new Map(); // token -> userId
const TTL = 5 * 60_000;

const app = Fastify({ logger: false });
const session = (request) => sessions.get(/^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1]);
const newSession = (userId) => {
  const token = randomBytes(32).toString('base64url');
  sessions.set(token, userId);
  return token;
};
const take = (clientDataJSON) => {
  const { challenge } = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
  const row = challenges.get(challenge);
  challenges.delete(challenge);
  if (!row || row.expires < Date.now()) throw Object.assign(new Error('challenge'), { statusCode: 400 });
  return { challenge, ...row };
};

app.post('/api/signup', async (request, reply) => {
  const id = randomBytes(32).toString('base64url');
  users.set(id, { id, username: request.body.username });
  return reply.status(201).send({ user: users.get(id), token: newSession(id) });
});

app.post('/api/webauthn/registration/options', async (request, reply) => {
  const userId = session(request);
  if (!userId) return reply.status(401).send({ error: 'unauthenticated' });
  const user = users.get(userId);
  const options = await generateRegistrationOptions({
    rpName: 'bench',
    rpID: RP_ID,
    userID: Buffer.from(userId, 'base64url'),
    userName: user.username,
    attestationType: 'none',
    excludeCredentials: [...credentials.values()]
      .filter((c) => c.userId === userId)
      .map((c) => ({ id: c.id, transports: c.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs: [-8, -7, -257],
    timeout: TTL,
  });
  challenges.set(options.challenge, { userId, expires: Date.now() + TTL });
  return options;
});

app.post('/api/webauthn/registration/verify', async (request, reply) => {
  const userId = session(request);
  if (!userId) return reply.status(401).send({ error: 'unauthenticated' });
  const { challenge } = take(request.body.response.clientDataJSON);
  const { verified, registrationInfo } = await verifyRegistrationResponse({
    response: request.body,
    expectedChallenge: challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    requireUserVerification: true,
  });
  if (!verified) return reply.status(400).send({ error: 'not verified' });
  const { credential } = registrationInfo;
  credentials.set(credential.id, { ...credential, userId });
  return { credential: { id: credential.id } };
});

app.post('/api/webauthn/authentication/options', async () => {
  const options = await generateAuthenticationOptions({
    rpID: RP_ID,
    userVerification: 'required',
    timeout: TTL,
  });
  challenges.set(options.challenge, { expires: Date.now() + TTL });
  return options;
});

app.post('/api/webauthn/authentication/verify', async (request, reply) => {
  const { challenge } = take(request.body.response.clientDataJSON);
  const credential = credentials.get(request.body.id);
  if (!credential) return reply.status(404).send({ error: 'unknown_credential' });
  const { verified, authenticationInfo } = await verifyAuthenticationResponse({
    response: request.body,
    expectedChallenge: challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    credential,
    requireUserVerification: true,
  });
  if (!verified) return reply.status(401).send({ error: 'bad_signature' });
  credential.counter = authenticationInfo.newCounter;
  const user = users.get(credential.userId);
  return { user, token: newSession(user.id), credential: { id: credential.id } };
});

const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`listening on ${address}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
