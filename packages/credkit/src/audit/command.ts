// `credkit audit URL --origin ORIGIN --rp-id ID [--json] [--max-wait SECONDS] [--list]`: audits a relying-party
// server that speaks the FIDO conformance API with credkit's software authenticator (run.ts), printing a JSON
// line per check and a summary (output.ts).
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_WAIT_MS } from './session.js';
import { ProgressLine, exitStatus, resultLine, summaryLine } from './output.js';
import { runAudit } from './run.js';
import { tableRows } from './table.js';

const USAGE = `usage: credkit audit URL --origin ORIGIN --rp-id ID [--json] [--max-wait SECONDS] [--list]

Audits a relying-party server that speaks the FIDO conformance API (POST URL/attestation/options,
URL/attestation/result, URL/assertion/options, URL/assertion/result) with credkit's software authenticator:
genuine registrations and sign-ins first (each algorithm offered, discoverable and username-first, with and
without user verification as asked), then attacks, each a check named with the WebAuthn L3 step it rests on.

  --origin ORIGIN     the web origin the server accepts in clientDataJSON (also sent as the Origin header)
  --rp-id ID          the server's RP ID
  --max-wait SECONDS  the longest timeout the options may state for the expired-challenge checks to wait it out
                      (default ${DEFAULT_MAX_WAIT_MS / 1000}); a longer or absent one: those checks are skipped
  --json              machine output only: no progress line, even on a terminal
  --list              print the table of checks (name, step, what it sends, what counts as passed) and exit

Output on stdout: one JSON line per check ({"check", "passed", "step", "ceremony", "kind", "httpStatus",
"errorMessage", "detail" | "skipped", "reason" | "error"}), then {"summary": {...}, "target": URL}.
Exit status: 0 every check passed; 1 a check failed; 3 none failed but some were skipped; 2 bad command line.
The audit registers two users (credkit-audit-<random>-a and -b) and their credentials on the server.`;

interface Options {
  origin?: string;
  'rp-id'?: string;
  'max-wait'?: string;
  json?: boolean;
  list?: boolean;
  help?: boolean;
}

/** The table as text (or JSON lines with --json). */
function list(json: boolean): void {
  for (const c of tableRows()) {
    if (json) {
      const { name, ceremony, kind, step, sends, passes } = c;
      console.log(JSON.stringify({ check: name, ceremony, kind, step, sends, passes }));
    } else console.log(`${c.name}  (${c.kind}, ${c.step})\n    sends: ${c.sends}\n    passes: ${c.passes}`);
  }
}

/** A usage problem, or undefined when the arguments can run. */
function problem(url: string | undefined, values: Options): string | undefined {
  if (!url) return 'the server URL is missing';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${url} is not a URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `${url} is not an http(s) URL`;
  if (!values.origin) return '--origin is required';
  let origin: URL | undefined;
  try {
    origin = new URL(values.origin);
  } catch {
    origin = undefined;
  }
  if (!origin || origin.origin !== values.origin)
    return `--origin ${values.origin} is not an origin (scheme://host[:port])`;
  if (!values['rp-id']) return '--rp-id is required';
  if (!/^[a-z0-9.-]+$/i.test(values['rp-id'])) return `--rp-id ${values['rp-id']} is not a domain`;
  const wait = values['max-wait'];
  if (wait !== undefined && !(Number.isFinite(Number(wait)) && Number(wait) >= 0 && wait.trim() !== ''))
    return '--max-wait is a number of seconds';
  return undefined;
}

export async function run(argv: string[]): Promise<number> {
  let values: Options;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        origin: { type: 'string' },
        'rp-id': { type: 'string' },
        'max-wait': { type: 'string' },
        json: { type: 'boolean' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(`credkit audit: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.list) {
    list(values.json === true);
    return 0;
  }
  const [url, ...extra] = positionals;
  const wrong = extra.length > 0 ? `unexpected argument ${extra[0]}` : problem(url, values);
  if (wrong) {
    console.error(`credkit audit: ${wrong}\n\n${USAGE}`);
    return 2;
  }
  // --json: nothing but the JSON lines, even on a terminal
  const progress = new ProgressLine(values.json ? { isTTY: false, write: () => true } : process.stderr);
  const results = await runAudit(
    {
      url: url!,
      origin: values.origin!,
      rpId: values['rp-id']!,
      ...(values['max-wait'] !== undefined ? { maxWaitMs: Number(values['max-wait']) * 1000 } : {}),
    },
    {
      onStart: (check, index, total) => progress.show(check, index, total),
      onResult: (result) => {
        progress.clear();
        console.log(resultLine(result));
      },
    },
  );
  progress.clear();
  console.log(summaryLine(results, url!));
  return exitStatus(results);
}
