// The HTTP shell of the audit's test servers: the FIDO conformance API's four routes on 127.0.0.1:0 (node:http),
// JSON bodies in, the profile's ServerResponse out; a handler's error becomes {status: "failed", errorMessage}
// with its `status` (400 when it has none).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConformanceHandlers {
  attestationOptions(body: any): Promise<Record<string, unknown>>;
  attestationResult(body: any): Promise<void>;
  assertionOptions(body: any): Promise<Record<string, unknown>>;
  assertionResult(body: any): Promise<void>;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** A failure a handler throws: the HTTP status and the profile's errorMessage. */
export class Refusal extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 1 << 20) throw new Refusal('body too large', 413);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Refusal('the body is not JSON');
  }
}

export async function startConformanceServer(handlers: ConformanceHandlers): Promise<RunningServer> {
  const routes: Record<string, (body: any) => Promise<Record<string, unknown> | void>> = {
    '/attestation/options': (b) => handlers.attestationOptions(b),
    '/attestation/result': (b) => handlers.attestationResult(b),
    '/assertion/options': (b) => handlers.assertionOptions(b),
    '/assertion/result': (b) => handlers.assertionResult(b),
  };
  const server = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const route = request.method === 'POST' ? routes[request.url ?? ''] : undefined;
    if (!route) return send(404, { status: 'failed', errorMessage: 'no such route' });
    readBody(request)
      .then((body) => route(body))
      .then(
        (result) => send(200, { status: 'ok', errorMessage: '', ...(result ?? {}) }),
        (e: unknown) => {
          const status =
            e instanceof Refusal
              ? e.status
              : typeof (e as { status?: unknown }).status === 'number'
                ? (e as { status: number }).status
                : 400;
          send(status, { status: 'failed', errorMessage: e instanceof Error ? e.message : String(e) });
        },
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** The profile's ServerPublicKeyCredential as WebAuthn L3 JSON: rawId and clientExtensionResults filled in. */
export function asWebAuthnJson(body: any): any {
  if (!body || typeof body !== 'object') throw new Refusal('the body is not an object');
  const { getClientExtensionResults, ...rest } = body;
  return {
    ...rest,
    rawId: body.rawId ?? body.id,
    clientExtensionResults: body.clientExtensionResults ?? getClientExtensionResults ?? {},
  };
}

/** A clock the audit's sleep moves forward (no test waits in real time for a challenge to expire). */
export function movableClock(): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: async (ms) => {
      offset += ms;
    },
  };
}
