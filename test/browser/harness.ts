// Test harness for the browser suite: builds the browser client when stale, starts the credkit server
// in-process on an ephemeral port with a temp SQLite DB, launches Debian's Chromium through playwright-core,
// adds a DevTools WebAuthn virtual authenticator, and records the pages' signal and ceremony calls.
import { after, before } from 'node:test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { createServer, type CredkitServer, type ServerConfigInput } from '../../packages/server/src/index.js';
import {
  HIDDEN_FEATURES,
  INSTRUMENTATION,
  type CeremonyCall,
  type CeremonyOptions,
  type HideableFeature,
  type SignalCall,
} from './instrumentation.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium, or a clear error: the browser suite must fail, not pass, without it. */
export function chromiumPath(): string {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'Chromium is not installed: the browser tests need it. Install it with `apt-get install -y chromium` ' +
        '(.ci/run does), or set CHROMIUM_PATH.',
    );
  }
}

function newestMtime(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
    const path = join(dir, entry.name);
    return Math.max(max, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }, 0);
}

/** Compiles the browser client (tsc -b packages/browser) when its dist/ is missing or older than its src/. */
export function ensureBrowserBuild(): void {
  const built = join(root, 'packages/browser/dist/index.js');
  const fresh = () =>
    existsSync(built) &&
    newestMtime(join(root, 'packages/browser/dist')) >= newestMtime(join(root, 'packages/browser/src'));
  if (fresh()) return;
  let output = '';
  try {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'packages/browser'],
      {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      },
    );
  } catch (e) {
    // tsc still emits when another part of the tree has type errors; only our output matters here.
    output = String((e as { stdout?: string }).stdout ?? e);
  }
  if (!fresh()) throw new Error(`building packages/browser/dist failed:\n${output}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface Harness {
  server: CredkitServer;
  /** http://localhost:<port>: WebAuthn needs the localhost name (secure context, RP ID "localhost"). */
  origin: string;
  close(): Promise<void>;
}

export async function startServer(extra: ServerConfigInput = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-browser-'));
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const server = await createServer({
    port,
    host: '127.0.0.1',
    rpId: 'localhost',
    origins: [origin],
    databaseUrl: `sqlite:${join(dir, 'credkit.db')}`,
    logger: false,
    scryptCost: 1024,
    rateLimit: { perClient: 10_000, perAccount: 10_000 },
    ...extra,
  });
  await server.listen();
  return {
    server,
    origin,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Every PublicKeyCredential.signal* call any page made, in order (survives navigations). */
  signalCalls: SignalCall[];
  /** Every navigator.credentials.create/get call, in order. */
  ceremonyCalls: CeremonyCall[];
  /** The hints and attestation of each of those calls, in the same order. */
  ceremonyOptions: CeremonyOptions[];
  /** false: pages see a browser without conditional mediation (the password/button fallback path). */
  setAutofillAvailable(available: boolean): Promise<void>;
  /** Hides (or shows again) a browser feature from the next page load on: plays an older browser. */
  hide(feature: HideableFeature, hidden: boolean): Promise<void>;
  close(): Promise<void>;
}

/**
 * Chromium with a fresh profile; signal methods wrapped so each call is recorded before it runs. `extraArgs` adds
 * command-line switches (the related-origins suite maps host names to local ports and trusts its test key).
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<BrowserSession> {
  const executablePath = chromiumPath();
  const userDataDir = mkdtempSync(join(tmpdir(), 'credkit-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport: { width: 1200, height: 900 },
  });
  const signalCalls: SignalCall[] = [];
  await context.exposeFunction('__credkitRecordSignal', (call: string) => {
    signalCalls.push(JSON.parse(call) as SignalCall);
  });
  const ceremonyCalls: CeremonyCall[] = [];
  await context.exposeFunction('__credkitRecordCeremony', (call: string) => {
    ceremonyCalls.push(JSON.parse(call) as CeremonyCall);
  });
  const ceremonyOptions: CeremonyOptions[] = [];
  await context.exposeFunction('__credkitRecordOptions', (call: string) => {
    ceremonyOptions.push(JSON.parse(call) as CeremonyOptions);
  });
  await context.addInitScript(INSTRUMENTATION);
  const page = context.pages()[0] ?? (await context.newPage());
  const hide = (feature: HideableFeature, hidden: boolean) =>
    page.evaluate(([key, on]) => (on ? localStorage.setItem(key, '1') : localStorage.removeItem(key)), [
      HIDDEN_FEATURES[feature],
      hidden,
    ] as const);
  return {
    context,
    page,
    signalCalls,
    ceremonyCalls,
    ceremonyOptions,
    setAutofillAvailable: (available) => hide('autofill', !available),
    hide,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface VirtualAuthenticatorOptions {
  transport: 'internal' | 'usb';
  hasResidentKey: boolean;
}

export interface VirtualAuthenticator {
  cdp: CDPSession;
  authenticatorId: string;
  credentials(): Promise<{ credentialId: string; isResidentCredential: boolean; userHandle?: string }[]>;
  removeCredential(credentialId: string): Promise<void>;
}

/** A DevTools WebAuthn virtual authenticator (ctap2, user verification, presence simulated) on the page. */
export async function addVirtualAuthenticator(
  session: BrowserSession,
  options: VirtualAuthenticatorOptions,
): Promise<VirtualAuthenticator> {
  const cdp = await session.context.newCDPSession(session.page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: options.transport,
      hasResidentKey: options.hasResidentKey,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    cdp,
    authenticatorId,
    // DevTools speaks standard base64; credkit and the pages speak base64url.
    credentials: async () =>
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials.map((c) => ({
        ...c,
        credentialId: Buffer.from(c.credentialId, 'base64').toString('base64url'),
      })),
    removeCredential: async (credentialId) =>
      void (await cdp.send('WebAuthn.removeCredential', {
        authenticatorId,
        credentialId: Buffer.from(credentialId, 'base64url').toString('base64'),
      })),
  };
}

/**
 * Registers a suite's before/after hooks: Chromium must be installed, the browser client is built, then an
 * in-process server, a browser session and one virtual authenticator; `ready` hands them to the suite.
 */
export function withChromium(
  authenticator: VirtualAuthenticatorOptions,
  ready: (h: Harness, b: BrowserSession, va: VirtualAuthenticator) => void,
): void {
  let h: Harness | undefined;
  let b: BrowserSession | undefined;
  before(async () => {
    chromiumPath();
    ensureBrowserBuild();
    h = await startServer();
    b = await launchBrowser();
    ready(h, b, await addVirtualAuthenticator(b, authenticator));
  });
  after(async () => {
    await b?.close();
    await h?.close();
  });
}
