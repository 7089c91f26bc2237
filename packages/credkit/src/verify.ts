// `credkit verify`: vector cases (`--cases FILE...`) or one response (`RESPONSE.json --rp-id ... --origin ...
// --challenge ... [--public-key COSE_b64url --counter N] [--no-require-uv] [--mds BLOB --mds-root ROOT.pem]
// [--now ISO-8601]`).
import { parseArgs } from 'node:util';
import { CliError, reportError } from './errors.js';
import { verifyCases } from './verify-cases.js';
import { parseNow } from './mds-files.js';
import { verifySingle } from './verify-response.js';

const USAGE = `usage: credkit verify --cases FILE...
       credkit verify RESPONSE.json|- --rp-id ID --origin ORIGIN --challenge B64URL
                      [--public-key COSE_B64URL --counter N] [--top-origin ORIGIN] [--no-require-uv]
                      [--mds BLOB_FILE --mds-root ROOT.pem] [--now ISO-8601]

--cases   run test-vector cases (../shared/vectors schema): one JSON line per case
          {name, verified, code, matched}, then "N passed, M failed"; exit 0 only when every case matched.
RESPONSE  verify one registration (has attestationObject) or authentication response; prints the result as
          JSON; exit 0 when it verifies. --rp-id, --origin and --top-origin may be repeated.

options:
  --public-key   the stored credential's COSE_Key, base64url (authentication)
  --counter      the stored signature counter (default 0)
  --no-require-uv  accept responses without user verification (UV is required by default)
  --mds          a FIDO MDS3 BLOB: the registration's attestation must chain to its statement's roots and its
                 status must not be revoked; the output adds "authenticator" {aaguid, name, ...}
  --mds-root     PEM file with the BLOB signing root(s) (one or several certificates)
  --now          verify as at this time (certificates, the BLOB's nextUpdate); default now
  -h, --help     show this help`;

const OPTIONS = {
  cases: { type: 'boolean', default: false },
  'rp-id': { type: 'string', multiple: true },
  origin: { type: 'string', multiple: true },
  'top-origin': { type: 'string', multiple: true },
  challenge: { type: 'string' },
  'public-key': { type: 'string' },
  counter: { type: 'string' },
  'no-require-uv': { type: 'boolean', default: false },
  mds: { type: 'string' },
  'mds-root': { type: 'string' },
  now: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** `--name`, `--name=…` of one of OPTIONS, or `-h`. */
function isOption(arg: string): boolean {
  const name = arg.startsWith('--') ? arg.slice(2).split('=')[0]! : undefined;
  return name !== undefined ? name in OPTIONS : arg === '-h';
}

/**
 * Options whose values are base64url, which may begin with `-` (one random challenge in 64 does): parseArgs
 * refuses `--challenge -abc` as ambiguous, so such a value is joined to its option (`--challenge=-abc`) before
 * parsing, unless it is itself one of the command's options (a forgotten value stays an error).
 */
const BASE64URL_OPTIONS = new Set(['--challenge', '--public-key']);

function joinBase64urlValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (BASE64URL_OPTIONS.has(arg) && next?.startsWith('-') && !isOption(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: joinBase64urlValues(argv), allowPositionals: true, options: OPTIONS });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${USAGE}`, 2);
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.cases) return verifyCases(positionals);
  if (values['mds-root'] !== undefined && values.mds === undefined)
    throw new CliError(`--mds-root goes with --mds BLOB_FILE\n\n${USAGE}`, 2);
  if (positionals.length !== 1)
    throw new CliError(`expected one RESPONSE file (or --cases FILE...)\n\n${USAGE}`, 2);
  return verifySingle({
    file: positionals[0],
    rpIds: values['rp-id'] ?? [],
    origins: values.origin ?? [],
    topOrigins: values['top-origin'] ?? [],
    challenge: values.challenge ?? '',
    requireUserVerification: !values['no-require-uv'],
    publicKey: values['public-key'],
    counter: values.counter,
    mds: values.mds,
    mdsRoot: values['mds-root'],
    now: values.now === undefined ? undefined : parseNow(values.now),
  });
}

export async function run(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (err) {
    return reportError('verify', err);
  }
}
