// Tools of the attack suite: raw HTTP from any loopback address, forged assertions, byte-level edits.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { AuthenticationResponseJSON } from '../../packages/webauthn/src/index.js';
import { SoftwareAuthenticator } from '../../packages/provider/src/index.js';
import { Client, WEB_ORIGIN, signUpWithPasskey, type Reply } from '../server/harness.js';

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

/**
 * One HTTP request from `localAddress` (any 127.x.y.z: Linux routes the whole 127/8 block to loopback, so an
 * attacker with many addresses can be played on one machine).
 */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string>; localAddress?: string } = {},
): Promise<RawReply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          ...(options.body !== undefined ? { 'content-length': Buffer.byteLength(options.body) } : {}),
          ...options.headers,
        },
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Bytes written straight to the server's socket; resolves to everything it answered before closing. */
export function rawSocket(base: string, bytes: string | Buffer): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.setTimeout(5000, () => socket.destroy());
    socket.end(bytes);
  });
}

/** A JSON POST in the harness's Client shape, from a chosen loopback address. */
export async function postFrom(
  base: string,
  localAddress: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<RawReply> {
  return rawRequest(base, 'POST', path, {
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
    localAddress,
  });
}

/** The i-th loopback address after 127.0.0.1 (127.0.1.0 + i: never the server's own 127.0.0.1). */
export function loopbackAddress(i: number): string {
  return `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;
}

/**
 * An attacker: an account of its own with a real passkey, whose assertions it re-labels with other ids.
 * Its signatures are genuine, just by the wrong key.
 */
export async function attacker(base: string, username = `attacker-${randomBytes(4).toString('hex')}`) {
  const { authenticator, credentialId, client } = await signUpWithPasskey(base, username);
  return {
    client,
    authenticator,
    credentialId,
    /** An assertion over `options`' challenge, made with the attacker's key and labelled `id`. */
    forge(options: any, id: string): AuthenticationResponseJSON {
      const assertion = authenticator.getAssertion(
        { ...options, allowCredentials: [] },
        { origin: WEB_ORIGIN, credentialId },
      );
      return { ...assertion, id, rawId: id };
    },
  };
}

/** Flips bits of authenticatorData's flags byte (UP 0x01, UV 0x04, BE 0x08, BS 0x10). */
export function withFlags(response: AuthenticationResponseJSON, set: number, clear: number) {
  const data = Buffer.from(response.response.authenticatorData, 'base64url');
  data[32] = (data[32]! | set) & ~clear;
  return { ...response, response: { ...response.response, authenticatorData: data.toString('base64url') } };
}

/** Sets authenticatorData's signature counter. */
export function withCounter(response: AuthenticationResponseJSON, counter: number) {
  const data = Buffer.from(response.response.authenticatorData, 'base64url');
  data.writeUInt32BE(counter, 33);
  return { ...response, response: { ...response.response, authenticatorData: data.toString('base64url') } };
}

/** Rewrites clientDataJSON members. */
export function withClientData(response: AuthenticationResponseJSON, changes: Record<string, unknown>) {
  const clientData = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8'));
  const text = JSON.stringify({ ...clientData, ...changes });
  return {
    ...response,
    response: { ...response.response, clientDataJSON: Buffer.from(text).toString('base64url') },
  };
}

export function withResponse(response: AuthenticationResponseJSON, changes: Record<string, unknown>) {
  return { ...response, response: { ...response.response, ...changes } };
}

/** Status and body of a reply, the part an observer compares. */
export function answer(reply: Reply | RawReply): { status: number; body: unknown } {
  return { status: reply.status, body: reply.body };
}

export { Client, SoftwareAuthenticator, WEB_ORIGIN };
