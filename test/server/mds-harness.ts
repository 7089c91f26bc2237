// Helpers for the server's MDS tests: generated BLOBs written to files, a fake clock whose timers fire when the
// test moves time, a log that keeps what the MDS service says, a security key that attests with a chain, and a
// server started with them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SoftwareAuthenticator } from '../../packages/provider/src/index.js';
import {
  createServer,
  type CredkitServer,
  type MetadataClock,
  type MetadataLog,
  type ServerConfigInput,
} from '../../packages/server/src/index.js';
import { certificateToPem } from '../../packages/webauthn/src/index.js';
import type { Minted } from '../webauthn/mds-fixtures.js';
import { Client, testConfig, WEB_ORIGIN } from './harness.js';
import type { TestDatabase } from './databases.js';

/** Timers that fire only when the test moves the clock to (or past) their time. */
export class FakeClock implements MetadataClock {
  #next = 1;
  readonly timers = new Map<number, { run: () => void; at: number }>();

  constructor(public time: number) {}

  now = (): number => this.time;

  setTimer = (run: () => void, ms: number): number => {
    const id = this.#next++;
    this.timers.set(id, { run, at: this.time + ms });
    return id;
  };

  clearTimer = (handle: unknown): void => void this.timers.delete(handle as number);

  /** Moves time to `at` and runs every timer due by then. */
  advanceTo(at: number | string): void {
    this.time = typeof at === 'string' ? Date.parse(at) : at;
    for (const [id, timer] of [...this.timers]) {
      if (timer.at > this.time) continue;
      this.timers.delete(id);
      timer.run();
    }
  }
}

export interface LogLine {
  level: 'info' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

export function recordingLog(): MetadataLog & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (fields, message) => void lines.push({ level: 'info', fields, message }),
    error: (fields, message) => void lines.push({ level: 'error', fields, message }),
  };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'credkit-mds-'));
}

/** Writes `roots` as one PEM file (several certificates, as MDS_ROOT_CERT may hold). */
export function writePem(dir: string, roots: Minted[]): string {
  const path = join(dir, 'mds-root.pem');
  writeFileSync(path, roots.map((r) => certificateToPem(r.der)).join(''));
  return path;
}

/** A packed security key with `aaguid` that attests with `batch` (or gives no attestation at all). */
export function securityKey(aaguid: string, batch?: Minted): SoftwareAuthenticator {
  return new SoftwareAuthenticator({
    aaguid: new Uint8Array(Buffer.from(aaguid.replace(/-/g, ''), 'hex')),
    attestation: batch ? 'packed' : 'none',
    attestationCertificate: batch ? { privateKey: batch.privateKey, x5c: [batch.der] } : undefined,
    backupEligible: false,
    backedUp: false,
  });
}

export async function startMdsServer(
  database: TestDatabase,
  extra: ServerConfigInput,
  clock: FakeClock,
  log: MetadataLog,
  retryMs = 3_600_000,
): Promise<{ server: CredkitServer; base: string }> {
  const server = await createServer(testConfig(database, extra), {
    now: clock.now,
    metadata: { clock, log, retryMs },
  });
  return { server, base: await server.listen() };
}

/** Signs up `username` and registers a passkey made by `key` (asking as "Add a security key" does). */
export async function registerKey(base: string, username: string, key: SoftwareAuthenticator) {
  const client = new Client(base);
  const signup = await client.post('/api/signup', { username });
  if (signup.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(signup.body)}`);
  const options = await client.post('/api/webauthn/registration/options', {
    kind: 'passkey',
    residentKey: 'preferred',
    hints: ['security-key'],
  });
  if (options.status !== 200) throw new Error(`options failed: ${JSON.stringify(options.body)}`);
  const verify = await client.post(
    '/api/webauthn/registration/verify',
    key.createCredential(options.body, { origin: WEB_ORIGIN }).response,
  );
  return { client, options, verify };
}
